"""End to end on the sample story that ships with ficlens (full pipeline, spaCy included)."""
from ficlens.output.json_out import validate


def quote_at(doc, words):
    (q,) = [q for q in doc.quotes if doc.text[q.start:q.end].startswith(words)]
    return q


def test_structure(sample_doc):
    text = sample_doc.text
    found = [(s.kind, text[s.start:s.end].split("\n")[0][:30]) for s in sample_doc.structure]
    assert found == [
        ("author_note", "A/N: Hi everyone! This is my f"),
        ("title", "What the River Keeps"),
        ("epigraph", '"Hang a lamp above the water,'),
        ("chapter_heading", "Chapter 1: Fog on the Ridge"),
        ("scene_break", "* * *"),
        ("author_note", "A/N: Thanks for reading! Revie"),
    ]
    assert text[sample_doc.structure[0].start:sample_doc.structure[0].end].endswith("Hope you enjoy!")


def test_no_quote_comes_from_paratext(sample_doc):
    notes = [s for s in sample_doc.structure if s.kind in ("author_note", "epigraph")]
    assert not [q for q in sample_doc.quotes for n in notes if n.start <= q.start < n.end]


def test_every_utterance_of_the_exchange_is_found(sample_doc):
    lines = ["You said this was faster.", "I said it was shorter.", "How is that not", "Ask your sandals.",
             "My sandals are full", "Then they've learned"]
    exchange = [quote_at(sample_doc, '"' + words) for words in lines]
    assert len({q.utterance for q in exchange}) == 6
    assert all(q.kind == "speech" and q.closed for q in exchange)


def test_split_quote_and_two_paragraph_speech(sample_doc):
    assert quote_at(sample_doc, '"He would say that,"').utterance == quote_at(sample_doc, '"but he\'s been').utterance
    first = quote_at(sample_doc, '"We were escorting')
    second = quote_at(sample_doc, '"He carried me')
    assert not first.closed and second.closed
    assert first.utterance == second.utterance


def test_mixed_marks_kinds_and_apostrophes(sample_doc):
    assert sample_doc.text[quote_at(sample_doc, '"Tea\'s').end - 1] == "”"
    assert quote_at(sample_doc, '"shortcut"').kind == "other"
    assert quote_at(sample_doc, '"She deserves').kind == "thought"
    assert quote_at(sample_doc, '"Hold \'em closer to the stove,"').kind == "speech"
    assert quote_at(sample_doc, "“We'll cross at first light,”").closed
    assert len(sample_doc.quotes) == 44


def test_tokens_and_sentences_point_into_the_text(sample_doc):
    tokens = sample_doc.tokens
    assert len(tokens) > 1500
    assert all(sample_doc.text[s:e].strip() == sample_doc.text[s:e] for s, e in zip(tokens.start, tokens.end))
    assert {tokens.ent[i].split("-", 1)[-1] for i in range(len(tokens))} & {"PERSON"}
    assert len(sample_doc.sentences) > 100
    assert all(0 <= s.start < s.end <= len(sample_doc.text) for s in sample_doc.sentences)


def test_json_contract(sample_doc):
    data = sample_doc.to_dict()
    validate(data)
    for q in data["quotes"]:
        assert sample_doc.text[q["start"]:q["end"]] == q["text"]
    assert data["stats"]["quotes_by_kind"] == {"speech": 42, "thought": 1, "written": 0, "other": 1}
    assert data["source"]["encoding"] == "utf-8"


def test_analyze_takes_a_long_single_line_text():
    import ficlens

    doc = ficlens.analyze('"Hello," she said. ' * 40, nlp=False)
    assert len(doc.quotes) == 40 and doc.source.path is None


def test_bom_crlf_and_cp1252_copies_give_the_same_quotes(sample_path, tmp_path):
    import ficlens

    text = sample_path.read_text("utf-8")
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(text.encode("cp1252"))
    plain = ficlens.analyze(sample_path, nlp=False)
    for path, encoding in ((crlf, "utf-8-sig"), (legacy, "cp1252")):
        doc = ficlens.analyze(path, nlp=False)
        assert doc.source.encoding == encoding
        assert [doc.text[q.start:q.end].replace("\r", "") for q in doc.quotes] == [
            plain.text[q.start:q.end] for q in plain.quotes
        ]
        assert [s.kind for s in doc.structure] == [s.kind for s in plain.structure]
