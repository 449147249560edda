from helpers import kinds, structure_of

STORY = "Kakashi walked into the training ground and found Sakura already there, waiting with her arms crossed."


def spans(text):
    found, _ = structure_of(text)
    return kinds(found, text)


def test_leading_note_runs_over_its_paragraphs_until_the_story():
    text = (
        "A/N: Sorry for the late update! Thanks for all the reviews.\n\n"
        "I hope you guys enjoy this chapter, my beta was amazing.\n\n" + STORY
    )
    assert spans(text) == [("author_note", text[: text.index("Kakashi") - 2])]


def test_bracketed_trailing_note_with_a_quoted_prompt():
    note = '[ Author Note: This was a prompt fill.\n\n"Write Kakashi and Sakura at the lake."\n\nBeta: Someone ]'
    text = STORY + "\n\n" + note
    assert spans(text) == [("author_note", note)]


def test_trailing_note_without_brackets():
    text = STORY + '\n\n"Bye," she said.\n\nA/N: AHHH I finished it!\n\nConstructive criticism is welcome :)'
    assert spans(text)[-1] == ("author_note", "A/N: AHHH I finished it!\n\nConstructive criticism is welcome :)")


def test_disclaimer_and_an_variants():
    for marker in ("Disclaimer: I don't own Naruto.", "AN: quick one today", "Author's Note: hi", "(A/N: short)"):
        assert spans(marker + "\n\n" + STORY)[0] == ("author_note", marker)


def test_chapter_headings():
    for heading, title in [
        ("Chapter 27", None),
        ("Chapter Twenty Seven:", None),
        ("Chapter Text", None),
        ("CHAPTER IV.", None),
        ("Chapter 3: The Bridge", "The Bridge"),
        ("Prologue", None),
        ("Epilogue - Ten Years Later", "Ten Years Later"),
        ("Part II", None),
        ("Interlude", None),
    ]:
        found, _ = structure_of(f"{STORY}\n\n{heading}\n\n{STORY}")
        assert [(s.kind, s.title) for s in found] == [("chapter_heading", title)], heading


def test_a_sentence_starting_with_chapter_is_not_a_heading():
    assert spans(STORY + "\n\nChapter 452 of the manga ruined everything for her, and she knew it.") == []


def test_symbol_scene_breaks():
    for row in ("***", "* * *", "~~~", "-----", "oOo", "xXx", "OoOoOoO", "~*~*~", "-break-", "#"):
        assert spans(f"{STORY}\n\n{row}\n\n{STORY}") == [("scene_break", row)], row


def test_extra_blank_lines_are_a_scene_break():
    text = f"{STORY}\n\n{STORY}\n\n{STORY}\n\n\n\n{STORY}\n\n{STORY}"
    (kind, span), = spans(text)
    assert kind == "scene_break" and span.strip() == ""


def test_wide_paragraph_gaps_are_not_all_breaks():
    text = f"{STORY}\n\n\n{STORY}\n\n\n{STORY}\n\n\n\n\n{STORY}"
    assert [k for k, _ in spans(text)] == ["scene_break"]


def test_title_and_lyric_epigraph_split_over_paragraphs():
    text = (
        "A/N: Hope you like it!\n\nFare Thee Well\n\n"
        '"I was late for this, late for that,\n\nLate for the love of my life"\n\n' + STORY
    )
    assert spans(text) == [
        ("author_note", "A/N: Hope you like it!"),
        ("title", "Fare Thee Well"),
        ("epigraph", '"I was late for this, late for that,\n\nLate for the love of my life"'),
    ]


def test_epigraph_with_attribution():
    text = "Chapter 1\n\nAll that glitters is not gold.\nOften have you heard that told.\n\n- Shakespeare\n\n" + STORY
    assert [k for k, _ in spans(text)] == ["chapter_heading", "epigraph"]


def test_story_opening_with_dialogue_is_not_an_epigraph():
    text = '"Wake up!"\n\n"Five more minutes."\n\n' + STORY
    assert spans(text) == []


def test_end_mark():
    assert spans(STORY + "\n\nThe End.") == [("end_mark", "The End.")]


def test_regions_are_marked_on_paragraphs():
    text = "A/N: thanks for reading my fic!\n\n" + STORY
    _, paragraphs = structure_of(text)
    assert [p.region for p in paragraphs] == ["author_note", "story"]


def test_chapter_opening_dialogue_is_story():
    text = 'CHAPTER I.\n\n"The Signora had no business to do it," said Miss Bartlett, "no business at all."\n\n' + STORY
    assert [k for k, _ in spans(text)] == ["chapter_heading"]
    text = '"Thank him, please, when you write," said Miss Abbott, "and thank you for reading it."\n\n' + STORY
    assert spans(text) == []


def test_title_line_under_a_heading_belongs_to_it():
    for title in ("THERE IS NO ONE LEFT", '"I AM COLIN"', "The Key to the Garden"):
        text = f"CHAPTER I\n\n{title}\n\n\n{STORY}\n\n{STORY}\n\n{STORY}"
        found, _ = structure_of(text)
        assert [(s.kind, text[s.start:s.end], s.title) for s in found] == [
            ("chapter_heading", f"CHAPTER I\n\n{title}", title)
        ]


def test_a_heading_whose_title_runs_on_below_it_or_wraps():
    for heading, title in [
        ("CHAPTER I.\nDown the Rabbit-Hole", "Down the Rabbit-Hole"),
        (" CHAPTER I.\nTREATS OF THE PLACE WHERE OLIVER TWIST WAS BORN AND OF THE\nCIRCUMSTANCES ATTENDING HIS BIRTH",
         "TREATS OF THE PLACE WHERE OLIVER TWIST WAS BORN AND OF THE CIRCUMSTANCES ATTENDING HIS BIRTH"),
        ("Chapter VI: The Reverend Arthur Beebe, Miss Charlotte\nBartlett, and Miss Lucy Honeychurch Drive Out in"
         " Carriages to See a\nView; Italians Drive Them.",
         "The Reverend Arthur Beebe, Miss Charlotte Bartlett, and Miss Lucy Honeychurch Drive Out in Carriages to"
         " See a View; Italians Drive Them"),
        ("BOOK THE FIRST\n_SOWING_", "SOWING"),
        ("CHAPTER V.\nAdvice from a Caterpillar", "Advice from a Caterpillar"),
    ]:
        text = f"{STORY}\n\n{heading}\n\n{STORY}"
        found, _ = structure_of(text)
        assert [(s.kind, text[s.start:s.end], s.title) for s in found] == [("chapter_heading", heading.strip(), title)]


def test_a_heading_line_over_the_story_is_not_a_wrapped_heading():
    for text in ("Chapter 3\nSakura walked into the room and sat down without a word to anyone there.",
                 '"Chapter two," said Cecil, yawning. "Find me chapter two, if it isn\'t\nbothering you."'):
        assert spans(f"{STORY}\n\n{text}\n\n{STORY}") == [], text


def test_a_heading_under_a_part_heading_is_a_heading_not_its_title():
    text = f"PART ONE\n\n\n\nChapter I: The Bertolini\n\n{STORY}"
    found, _ = structure_of(text)
    assert [(s.kind, s.title) for s in found] == [("chapter_heading", None), ("chapter_heading", "The Bertolini")]


def test_a_question_opening_a_chapter_is_its_story_not_its_title():
    text = f"{STORY}\n\nCHAPTER IV\nMR. BOUNDERBY\n\n\nNOT being Mrs. Grundy, who was Mr. Bounderby?\n\n{STORY}"
    assert [k for k, _ in spans(text)] == ["chapter_heading"]
