from ficlens.paragraphs import split_paragraphs


def texts(text):
    return [text[p.start:p.end] for p in split_paragraphs(text)]


def test_blank_lines_separate_paragraphs_and_gaps_are_counted():
    text = "One.\n\nTwo.\n\n\n\nThree."
    paragraphs = split_paragraphs(text)
    assert texts(text) == ["One.", "Two.", "Three."]
    assert [p.gap_before for p in paragraphs] == [0, 1, 3]


def test_hard_wrapped_lines_stay_in_one_paragraph():
    text = "It was a bright cold day in April,\nand the clocks were striking thirteen.\n\nNext."
    assert texts(text) == ["It was a bright cold day in April,\nand the clocks were striking thirteen.", "Next."]


def test_long_lines_without_blank_lines_are_one_paragraph_each():
    line = "Kakashi walked down the street slowly, thinking about everything that had happened that week."
    text = f"{line}\n\"Hi.\"\nShort line here.\n{line}"
    assert texts(text) == [line, '"Hi."', "Short line here.", line]


def test_a_poem_stanza_stays_one_paragraph():
    text = "Hang a lamp above the water,\nso the lost can find the shore,\nand carry me home"
    assert texts(text) == [text]


def test_crlf_and_surrounding_whitespace():
    text = "  First.\r\n\r\nSecond.  \r\n"
    assert texts(text) == ["First.", "Second."]


def test_a_short_paragraph_in_a_hard_wrapped_book_is_not_split():
    body = "It was the best of times, it was the worst of times, it was the age of\nwisdom, and so on.\n\n"
    text = body * 5 + '"It is Mr.\nTilney\'s sister.\nShe came today."\n\n' + body
    assert '"It is Mr.\nTilney\'s sister.\nShe came today."' in texts(text)
