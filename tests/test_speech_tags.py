"""Speech tags read by where they stand (ficlens.speech_tags), whatever their verb."""
import pytest

import ficlens
from ficlens import lexicon
from ficlens.attribution import Attributor, context, utterances
from ficlens.speech_tags import tag_subjects


def subjects(text):
    doc = ficlens.analyze(text, attribution=False)
    rows = tag_subjects(doc, lexicon.saying_verbs())
    return [doc.tokens.word(doc.text, rows[q.id]) if q.id in rows else None for q in doc.quotes]


@pytest.mark.parametrize("text, subject", [
    ('"No," hooted Aziz.', "Aziz"),  # a verb no list holds
    ('"Even mangoes," put in Fielding.', "Fielding"),  # a phrasal verb
    ('"But she died," broke in Adela.', "Adela"),
    ('"Poor girl!" exploded Mr. Emerson.', "Emerson"),  # '!' then a small letter: the sentence goes on
    ('"Why not?" sighed pleasure-loving Miss Derek.', "Derek"),  # a hyphenated adjective between
    ('"Idleness," Mr. Bounderby put in with a loud laugh.', "Bounderby"),
    ('"Now play," he went on, smiling.', "he"),
])
def test_the_subject_of_the_tag_after_a_quote(text, subject):
    assert subjects(text) == [subject]


@pytest.mark.parametrize("text, subject", [
    ('Mr. Das looked annoyed and said: "I shall be happy."', "Das"),  # the subject of 'looked'
    ('Aziz took his leave saying "Perhaps later."', "Aziz"),  # a participle, no comma
    ('Cecil, sharing the discontent, called out: "Play the other one."', "Cecil"),  # far from the quote
    ('Matthew opened his eyes and said decidedly:\n\n"Well now, I think you ought to let her go."', "Matthew"),
])
def test_the_subject_of_the_narration_that_leads_into_a_quote(text, subject):
    assert subjects(text)[-1] == subject


def test_a_full_stop_ends_the_sentence_so_what_follows_is_no_tag():
    assert subjects('"Go home." Anna turned away.') == [None]


def test_one_told_to_speak_is_not_the_subject():
    assert subjects('Anna told Ben to say, "Sorry."') == [None]


def test_a_later_sentence_does_not_steal_the_tag():
    assert subjects('"We are not seeing it," said Adela. Mrs. Moore agreed.') == ["Adela"]


def test_a_placed_tag_decides_the_speaker():
    doc = ficlens.analyze('Anna and Ben sat down.\n\n"We are not seeing it," said Anna. Ben agreed.\n\n'
                          '"Mangoes," hooted Ben.')
    names = {c["id"]: c["name"] for c in doc.characters}
    assert [names.get(q.speaker) for q in doc.quotes] == ["Anna", "Ben"]
    state = Attributor(doc, context(doc), utterances(doc))
    assert [names.get(t) for t in state.tags] == ["Anna", "Ben"]  # without the placed tags: None, None


def test_a_quote_within_the_quote_does_not_hide_its_tag():
    assert subjects('"He said \'no\' to me," hooted Aziz.')[0] == "Aziz"


def test_a_quote_s_own_words_are_no_lead_into_the_next():
    assert subjects('"Then I said to him,\n\n"Come here, Ben."')[-1] is None


def test_a_name_the_parse_hangs_on_an_adverb_is_the_subject():
    text = '"Look!" cried out Bull clamorously, "the balloon is coming down!"'  # 'Bull' a compound of the adverb
    assert subjects(text) == ["Bull", None]  # the second half is the same utterance


def test_a_tag_placed_on_a_word_inside_a_name_still_names_its_character():
    from ficlens.cast import CastMember

    cast = [CastMember("Mlle. Blanche", (), "she/her"), CastMember("Ben", (), "he/him")]
    doc = ficlens.analyze('Ben waited for Mlle. Blanche in the hall.\n\n"Oui, absolument," put in Mlle. Blanche.',
                          cast=cast, attribution=False)  # the parse makes 'Mlle' the subject, 'Blanche' the head
    names = {c["id"]: c["name"] for c in doc.characters}
    state = Attributor(doc, context(doc), utterances(doc))
    assert [names.get(t) for t in state.tags] == ["Mlle. Blanche"]


def test_a_lead_in_whose_dash_was_lost_still_leads_in():
    text = ("Syme and the Secretary sat at the table. The Secretary looked across at Syme and said, "
            "compressing his lips \n\n\"We do not know yet that he is not dead.\"\n\n"
            "Then after a pause Syme added \n\n\"Nor do I.\"")
    assert subjects(text) == ["Secretary", "Syme"]
