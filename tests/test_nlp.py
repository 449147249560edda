"""The token table and its repairs of spaCy's parse."""
import ficlens


def _parse(text: str) -> dict[str, tuple[str, str, str]]:
    """Each word's tag, dependency and head word."""
    doc = ficlens.analyze(text, coreference=False, attribution=False)
    t = doc.tokens
    return {doc.text[t.start[i]:t.end[i]]: (t.tag[i], t.dep[i], doc.text[t.start[t.head[i]]:t.end[t.head[i]]])
            for i in range(len(t))}


def test_present_tense_verb_read_as_plural_noun_is_mended():
    words = _parse("The old woman snorts, leaning on her stick.")
    assert words["snorts"][:2] == ("VBZ", "ROOT")
    assert words["woman"] == ("NN", "nsubj", "snorts")
    assert words["The"][2] == words["old"][2] == "woman"


def test_mended_subject_keeps_its_possessive_and_given_name():
    assert _parse("Sakura's entire complexion reddens.")["Sakura"][2] == "complexion"
    words = _parse("Hatake Kakashi sighs.")
    assert words["Kakashi"] == ("NNP", "nsubj", "sighs")
    assert words["Hatake"][2] == "Kakashi"


def test_true_plural_subjects_are_left_alone():
    words = _parse("The girl scouts sold cookies.")
    assert words["sold"][1] == "ROOT"
    assert words["cookies"][0] == "NNS"
    # a plural noun with a compound before it that heads no sentence is a subject, not a verb misread
    assert _parse("The police cars raced past the house.")["cars"] == ("NNS", "nsubj", "raced")


def test_lost_apostrophes_are_read_back_in_place():
    text = '"No, indeed," was Catherine s honest assurance. "I ve not seen it; don t ask." Let s see Mr. Allen s house.'
    words = _parse(text)
    assert words["Catherine"][1:] == ("poss", "assurance")
    assert words["Allen"][1] == "poss"
    assert words[" ve"][0] == "VBP" and words["n t"][1] == "neg"
    # the offsets are the text's own: the token read as "'s" is the text's " s"
    doc = ficlens.analyze(text, coreference=False, attribution=False)
    assert doc.text[doc.tokens.start[0]:doc.tokens.end[-1]] == text


def test_apostrophes_are_left_alone_where_the_text_keeps_them():
    from ficlens.nlp import apostrophes_lost, lost_apostrophes_restored
    assert lost_apostrophes_restored("it s done") == "it's done"
    assert lost_apostrophes_restored("a man s hat, the d minor, I d go") == "a man's hat, the d minor, I'd go"
    assert apostrophes_lost("Anna s cat sat by Ben s door.")
    assert not apostrophes_lost("Anna's cat sat. The letter s is round.")


def test_a_name_that_owns_the_next_word_is_not_beside_a_speech_verb():
    from ficlens import nlp

    text = '"Is that the man?" asked Mr. Bumble\'s good lady.\n\n"Is it?" asked Mr. Bumble.'
    doc = ficlens.analyze(text, coreference=False, attribution=False)
    tokens, verbs = doc.tokens, frozenset(("asked",))
    bumbles = [i for i in range(len(tokens)) if tokens.word(text, i) == "Bumble"]
    assert [nlp.beside_speech_verb(text, tokens, i - 1, i, verbs) for i in bumbles] == [False, True]
