"""Relations, portraits, chapters and scenes with their point of view and tense."""
from __future__ import annotations

import pytest

import ficlens
from ficlens.document import Document, Quote, Source
from ficlens.output.json_out import validate
from ficlens.paragraphs import split_paragraphs
from ficlens.relations import relate
from ficlens.scenes import divide
from ficlens.structure import detect_structure

THREE_SCENES = """Chapter 1

Anna met Ben by the river. "Ben, you are late," Anna said.

"Sorry, Anna," Ben said. "Cara kept me."

***

Cara and Anna walked home.

Chapter 2

Ben sat alone. He thought of Anna.
"""


def _hand_built() -> Document:
    """A document with structure from the real stages and quotes, speakers and mentions by hand."""
    text = THREE_SCENES
    doc = Document(text=text, source=Source(None, "0" * 64, "utf-8"))
    doc.paragraphs = split_paragraphs(text)
    doc.structure = detect_structure(text, doc.paragraphs)

    def at(word: str, nth: int = 0) -> tuple[int, int]:
        start = -1
        for _ in range(nth + 1):
            start = text.index(word, start + 1)
        return start, start + len(word)

    q0, q1 = at('"Ben, you are late,"'), at('"Sorry, Anna,"')
    doc.quotes = [Quote(*q0, "speech", id="q0", utterance="u0", speaker="c0", addressees=["c1"]),
                  Quote(*q1, "speech", id="q1", utterance="u1", speaker="c1", addressees=["c0"]),
                  Quote(*at('"Cara kept me."'), "speech", id="q2", utterance="u1", speaker="c1", addressees=["c0"])]
    mention = lambda span, who, quote=None, kind="proper": {"start": span[0], "end": span[1], "character": who,
                                                            "kind": kind, **({"quote": quote} if quote else {})}
    doc.mentions = [mention(at("Anna"), "c0"), mention(at("Ben"), "c1"), mention(at("Ben", 1), "c1", "q0"),
                    mention(at("you"), "c1", "q0", "pronoun"), mention(at("Anna", 2), "c0", "q1"),
                    mention(at("Cara"), "c2", "q2"), mention(at("Cara", 1), "c2"), mention(at("Anna", 3), "c0"),
                    mention(at("Ben", 3), "c1"), mention(at("He"), "c1", kind="pronoun"), mention(at("Anna", 4), "c0")]
    divide(doc)
    relate(doc)
    return doc


def _pair(doc: Document, x: str, y: str) -> dict:
    return next(p for p in doc.relations["pairs"] if set(p["characters"]) == {x, y})


def test_chapters_and_scenes_from_headings_and_breaks():
    doc = _hand_built()
    assert [c.title for c in doc.chapters] == ["Chapter 1", "Chapter 2"]
    assert [s.chapter for s in doc.scenes] == [0, 0, 1]
    assert doc.text[doc.scenes[1].start:doc.scenes[1].end] == "Cara and Anna walked home."


def test_scenes_together_per_chapter():
    doc = _hand_built()
    assert _pair(doc, "c0", "c1")["by_chapter"]["scenes_together"] == [1, 1]  # 'He thought of Anna'
    assert _pair(doc, "c0", "c2")["by_chapter"]["scenes_together"] == [2, 0]  # named in speech, then walking


def test_lines_count_utterances_each_way():
    pair = _pair(_hand_built(), "c0", "c1")
    assert pair["lines"] == 2  # Ben's two quotes are one utterance
    assert pair["lines_from"] == {"c0": 1, "c1": 1}
    assert pair["by_chapter"]["lines"] == [2, 0]


def test_mentions_in_speech_leave_out_the_person_spoken_to():
    doc = _hand_built()
    assert _pair(doc, "c0", "c1")["mentions_from"] == {"c0": 1, "c1": 1}  # 'Ben,' and 'Anna,' but not 'you'
    assert _pair(doc, "c1", "c2")["mentions_from"] == {"c1": 1, "c2": 0}


def test_central_pair_ranked_first():
    doc = _hand_built()
    assert doc.relations["pairing"]["characters"] == ["c0", "c1"]
    assert doc.relations["pairs"][0]["characters"] == ["c0", "c1"]
    scores = [p["score"] for p in doc.relations["pairs"]]
    assert scores == sorted(scores, reverse=True) and scores[0] == doc.relations["pairing"]["score"]


FIRST_PRESENT = """I walk to the shop every morning. My feet hurt, and I think about the rain.

***

She walked to the shop. Her feet hurt, and she thought about the rain. He waited for her there.

***

You open the door. You see the garden, and your heart jumps as you step inside it.
"""


@pytest.fixture(scope="module")
def voices():
    return ficlens.analyze(FIRST_PRESENT)


def test_point_of_view_and_tense_per_scene(voices):
    assert [(s.pov, s.tense) for s in voices.scenes] == [("first", "present"), ("third", "past"),
                                                         ("second", "present")]


def test_pov_ignores_pronouns_inside_quotes():
    doc = ficlens.analyze('"I know, I know, I said I would," Tom told Lena. He left her at the gate.\n')
    assert doc.scenes[0].pov == "third"
    assert doc.scenes[0].evidence["pronouns"]["first"] == 0


PORTRAIT = """Mary was tall. Mary opened her box and found a key. Mary saw the angry Dickon.

Dickon lifted the key. Mary was pushed aside by Dickon, and Dickon hugged Mary.

Mary and Dickon ran to the garden.
"""


@pytest.fixture(scope="module")
def portrait_doc():
    return ficlens.analyze(PORTRAIT)


def _portrait(doc: Document, name: str) -> dict:
    character = next(c for c in doc.characters if c["name"] == name)
    return {role: {w["word"] for w in words} if role != "assertions" else words
            for role, words in character["portrait"].items()}


def test_portrait_agent_patient_modifiers_possessions(portrait_doc):
    mary = _portrait(portrait_doc, "Mary")
    assert {"open", "find", "run"} <= mary["agent"]
    assert {"push", "hug"} <= mary["patient"]
    assert "tall" in mary["modifiers"]
    assert "box" in mary["possessions"]
    dickon = _portrait(portrait_doc, "Dickon")
    assert {"lift", "push", "hug", "run"} <= dickon["agent"]
    assert "angry" in dickon["modifiers"] and "see" in dickon["patient"]


def test_portrait_assertions_are_narration_sentences(portrait_doc):
    mary = _portrait(portrait_doc, "Mary")
    sentences = [portrait_doc.text[s:e] for s, e in mary["assertions"]]
    assert sentences[0] == "Mary was tall."
    assert "Dickon lifted the key." not in sentences
    assert len(sentences) == 5


def test_json_with_relations_validates(portrait_doc, voices):
    for doc in (portrait_doc, voices, _hand_built()):
        validate(doc.to_dict())
