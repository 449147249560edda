"""End to end on the five seed fics in ../shared/data (skipped when the data is not there)."""
import pytest

import ficlens
from conftest import SEEDS, needs_seeds, seed_paths
from ficlens.output.json_out import validate
from ficlens.quotes import DOUBLE

pytestmark = needs_seeds


@pytest.fixture(scope="module")
def docs():
    return {p.name[:3]: ficlens.analyze(p, nlp=False) for p in seed_paths()}


def structure(doc):
    return [(s.kind, doc.text[s.start:s.end]) for s in doc.structure if s.kind != "scene_break"]


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_every_double_mark_in_the_story_belongs_to_a_quote(docs, seed):
    doc = docs[seed]
    used = {q.start for q in doc.quotes} | {q.end - 1 for q in doc.quotes if q.closed}
    strays = [k for _, p in doc.story_paragraphs() for k in range(p.start, p.end)
              if doc.text[k] in DOUBLE and k not in used]
    assert strays == []


@pytest.mark.parametrize("seed", ["000", "001", "002", "003", "004"])
def test_quote_spans_are_sound(docs, seed):
    doc = docs[seed]
    for q in doc.quotes:
        span = doc.text[q.start:q.end]
        assert "\n" not in span.strip()
        assert span[0] in DOUBLE + "'‘"
        if q.kind == "speech" and q.parent is None:
            assert span[0] in DOUBLE  # these fics write dialogue in double quotes
    validate(doc.to_dict())


def test_000_opening_note_spans_three_paragraphs(docs):
    kind, note = structure(docs["000"])[0]
    assert kind == "author_note"
    assert note.startswith("A/N: I am going") and note.endswith("unhealthy obsessions.")


def test_001_heading(docs):
    assert structure(docs["001"]) == [("chapter_heading", "Chapter Twenty Seven:")]


def test_002_archive_chapter_markers(docs):
    assert structure(docs["002"]) == [("chapter_heading", "Chapter Text")] * 4
    assert sum(1 for s in docs["002"].structure if s.kind == "scene_break") >= 60


def test_003_title_end_mark_and_bracketed_note(docs):
    (title, _), (end, _), (note, text) = structure(docs["003"])
    assert (title, end, note) == ("title", "end_mark", "author_note")
    assert text.startswith("[ Author Note:") and text.endswith("Beta: CelestialCircumference ]")
    assert all(q.end <= docs["003"].structure[-1].start for q in docs["003"].quotes)


def test_004_note_title_epigraph_note(docs):
    found = structure(docs["004"])
    assert [k for k, _ in found] == ["author_note", "title", "epigraph", "author_note"]
    assert found[2][1] == '"I was late for this, late for that,\n\nLate for the love of my life"'
    assert found[0][1].endswith("I hope you guys like it!")


def test_004_space_before_closing_mark(docs):
    doc = docs["004"]
    texts = [doc.text[q.start:q.end] for q in doc.quotes]
    assert '"Yes, "' in texts and '"thank you, young man!"' in texts


def test_seed_with_spacy():
    doc = ficlens.analyze(seed_paths()[0])
    assert len(doc.tokens) > 2000 and len(doc.sentences) > 100
