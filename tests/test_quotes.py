import pytest

from helpers import quote_texts, quotes_of


def test_straight_and_curly_pairs():
    text = '"Hello," she said. “Goodbye,” he answered.'
    assert quote_texts(text) == ['"Hello,"', "“Goodbye,”"]


def test_mixed_marks_pair_up():
    text = 'He frowned. "Thank you,” she said. “But staying here doesn’t?" he asked.'
    assert quote_texts(text) == ['"Thank you,”', '“But staying here doesn’t?"']


def test_curly_opening_mark_used_to_close():
    text = "He shrugged. “Thanks, but I think I’ll pa—“"
    assert quote_texts(text) == ["“Thanks, but I think I’ll pa—“"]


def test_dash_before_a_closing_mark_glued_to_the_tag():
    text = '"You are the most infuriating man I have ever –"she began, but fell silent.'
    assert quote_texts(text) == ['"You are the most infuriating man I have ever –"']


def test_closing_mark_typed_after_its_space():
    text = '"Yes, "she exclaims, "thank you, young man!"'
    assert quote_texts(text) == ['"Yes, "', '"thank you, young man!"']


def test_unclosed_quote_ends_with_its_paragraph():
    text = '"Wait for me, she called.\n\nHe did not turn around.'
    (q,) = quotes_of(text)
    assert (text[q.start:q.end], q.closed) == ('"Wait for me, she called.', False)


def test_speech_over_two_paragraphs_is_one_utterance():
    text = '"It started long ago. We were young.\n\n"Then the war came," she said.\n\nHe nodded.'
    first, second = quotes_of(text)
    assert text[first.start:first.end] == '"It started long ago. We were young.'
    assert not first.closed
    assert text[second.start:second.end] == '"Then the war came,"'
    assert first.utterance == second.utterance


def test_split_quote_shares_an_utterance():
    text = '"I know," she said, "but that was years ago."\n\n"Fine."'
    a, b, c = quotes_of(text)
    assert a.utterance == b.utterance != c.utterance


@pytest.mark.parametrize("text", [
    '"Hello." She turned away and walked to the window, looking out at the rain. "Go home."',
    '"Hi," said Ann. "Hello," said Bob.',  # two speakers in one paragraph
])
def test_separate_utterances(text):
    a, b = quotes_of(text)
    assert a.utterance != b.utterance


def test_apostrophes_are_not_quotes():
    text = "The twins' lantern was lit. Don't touch 'em 'til morning, the Smiths' dog said nothing."
    assert quote_texts(text) == []


def test_apostrophes_inside_double_quoted_speech():
    text = "\"Don't you dare, I'm warnin' ya. Get 'em out 'fore the Smiths' dog wakes,\" he said."
    assert quote_texts(text) == [text[: text.index(" he said")]]


def test_british_single_quote_dialogue():
    text = (
        "'I don't know,' said Harry. 'The twins' owl hasn't come back.'\n\n"
        "'Well, I'm off,' said Ron. 'Tell 'em I said so.'\n\n"
        "'Fine,' said Hermione.\n\n'Right,' said Ginny.\n\n'Good,' said Fred."
    )
    assert quote_texts(text) == [
        "'I don't know,'",
        "'The twins' owl hasn't come back.'",
        "'Well, I'm off,'",
        "'Tell 'em I said so.'",
        "'Fine,'",
        "'Right,'",
        "'Good,'",
    ]


def test_nested_quote_inside_speech():
    text = "“You said ‘twenty-four hours for observation’.” She crossed her arms."
    outer, inner = quotes_of(text)
    assert text[inner.start:inner.end] == "‘twenty-four hours for observation’"
    assert inner.parent == outer.id and inner.kind == "other"
    assert outer.kind == "speech"


def test_kinds():
    text = (
        '"Run!" she shouted.\n\n'
        '"This is a bad idea," he thought.\n\n'
        '"Gone fishing," the note read.\n\n'
        'He took the so-called "shortcut" home.'
    )
    assert [q.kind for q in quotes_of(text)] == ["speech", "thought", "written", "other"]


def test_single_quoted_thought_in_a_double_quote_story():
    text = "\"Hi,\" he said.\n\n'He's late again,' she thought, and sighed.\n\nShe called it 'ordinary' once."
    assert [(q.kind, text[q.start:q.end]) for q in quotes_of(text)] == [
        ("speech", '"Hi,"'),
        ("thought", "'He's late again,'"),
        ("other", "'ordinary'"),
    ]


def test_quotes_in_author_notes_and_epigraphs_are_not_dialogue():
    text = (
        'A/N: the prompt was "Kakashi and Sakura at the lake". Thanks for reading!\n\n'
        '"Late for this,\n\nlate for that"\n\n'
        '"Hello," Sakura said.'
    )
    assert quote_texts(text) == ['"Hello,"']


def test_tag_across_a_hard_wrapped_line_and_an_honorific():
    text = '"It is only just five," said Mrs.\nTurton. "My husband will be up soon."'
    a, b = quotes_of(text)
    assert a.utterance == b.utterance


def test_a_turn_continues_after_its_tag_sentence():
    text = '"Yes!" answered Dorian Gray. "It was here I found her."'
    a, b = quotes_of(text)
    assert a.utterance == b.utterance


def test_speech_broken_off_with_a_dash_does_not_continue():
    text = '"I would have spoken to--\n\n"You seem to have forgotten Mrs. Bates," said Emma.'
    a, b = quotes_of(text)
    assert not a.closed and a.utterance != b.utterance


def test_scare_quotes_with_punctuation_inside():
    text = 'They were staying at the "Trois Couronnes," it must be added, and were "tremendous flirts."'
    assert [q.kind for q in quotes_of(text)] == ["other", "other"]


def test_a_name_said_without_a_comma_is_speech():
    assert [q.kind for q in quotes_of('She said "Margaret" rather huskily.')] == ["speech"]
