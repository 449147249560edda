"""Chapters and scenes, with each scene's point of view and tense.

Chapters run from one chapter heading to the next (story before the first heading is a chapter of
its own); scenes run between chapter headings and scene breaks. Both hold story paragraphs only.
Point of view comes from the personal pronouns of the narration (quotations left out): first person
when I/we are a large share of them, second when you is; tense from the finite verbs of the
narration (past-tense tags against present-tense ones). Both need spaCy's tokens.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from ficlens.document import Document, StructureSpan

FIRST = frozenset("i me my mine myself we us our ours ourselves".split())
SECOND = frozenset("you your yours yourself yourselves".split())
THIRD = frozenset("he him his himself she her hers herself they them their theirs themselves".split())
PERSON_SHARE = 0.25  # share of narration pronouns that makes a scene first or second person
PAST_TAGS = frozenset({"VBD"})
PRESENT_TAGS = frozenset({"VBP", "VBZ"})
SCENE_EDGES = ("chapter_heading", "scene_break")  # the structure spans a scene runs between


@dataclass
class Division:
    """A chapter or a scene: its paragraphs (indices into Document.paragraphs) and its span."""

    index: int
    start: int
    end: int
    paragraphs: list[int] = field(default_factory=list)
    title: str | None = None
    chapter: int = 0
    pov: str | None = None
    tense: str | None = None
    evidence: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"index": self.index, "start": self.start, "end": self.end, "title": self.title,
                "chapter": self.chapter, "paragraphs": [self.paragraphs[0], self.paragraphs[-1]],
                "pov": self.pov, "tense": self.tense, "evidence": self.evidence}


def divide(doc: Document) -> None:
    """Fill doc.chapters and doc.scenes; with tokens, each scene's pov and tense."""
    doc.chapters = _split(doc, ("chapter_heading",), titled=True)
    doc.scenes = _split(doc, SCENE_EDGES, titled=False)
    chapter_starts = [c.start for c in doc.chapters]
    for scene in doc.scenes:
        scene.chapter = max(0, bisect.bisect_right(chapter_starts, scene.start) - 1)
    if doc.tokens is not None and len(doc.tokens):
        narration = narration_tokens(doc)
        for scene in doc.scenes:
            scene.pov, scene.tense, scene.evidence = _voice(doc, narration, scene)


def edges(doc: Document, kinds: tuple[str, ...] = SCENE_EDGES) -> list[StructureSpan]:
    """The structure spans of the given kinds (by default those a scene runs between), in text order."""
    return sorted((s for s in doc.structure if s.kind in kinds), key=lambda s: s.start)


def _split(doc: Document, kinds: tuple[str, ...], titled: bool) -> list[Division]:
    breaks = [(s.start, s.title or doc.span_text(s).strip()) for s in edges(doc, kinds)]
    divisions: list[Division] = []
    b, title, current = 0, None, None
    for i, p in doc.story_paragraphs():
        while b < len(breaks) and breaks[b][0] <= p.start:
            title, current, b = breaks[b][1], None, b + 1
        if current is None:
            current = Division(len(divisions), p.start, p.end, title=title if titled else None)
            divisions.append(current)
        current.paragraphs.append(i)
        current.end = p.end
    return divisions


def narration_tokens(doc: Document) -> list[bool]:
    """Per token: true when it lies in a story paragraph and outside every quotation."""
    spans = sorted((q.start, q.end) for q in doc.quotes)
    starts = [s for s, _ in spans]
    ends = list(_running_max(e for _, e in spans))
    story = [p.region == "story" for p in doc.paragraphs]
    tokens = doc.tokens
    out = []
    for i in range(len(tokens)):
        k = bisect.bisect_right(starts, tokens.start[i]) - 1
        out.append(story[tokens.para[i]] and not (k >= 0 and tokens.start[i] < ends[k]))
    return out


def _running_max(values):
    top = -1
    for v in values:
        top = max(top, v)
        yield top


def _voice(doc: Document, narration: list[bool], scene: Division) -> tuple[str | None, str | None, dict]:
    tokens = doc.tokens
    first, last = tokens.starting_at(scene.start), tokens.ending_at(scene.end)
    persons: Counter = Counter()
    tenses: Counter = Counter()
    for i in range(first, last + 1):
        if not narration[i]:
            continue
        word = doc.text[tokens.start[i]:tokens.end[i]].lower()
        if tokens.pos[i] == "PRON":
            persons[_person(word)] += 1
        if tokens.tag[i] in PAST_TAGS:
            tenses["past"] += 1
        elif tokens.tag[i] in PRESENT_TAGS:
            tenses["present"] += 1
    del persons[None]
    evidence = {"pronouns": {k: persons[k] for k in ("first", "second", "third")},
                "verbs": {k: tenses[k] for k in ("past", "present")}}
    return _pov(persons), _tense(tenses), evidence


def _person(word: str) -> str | None:
    if word in FIRST:
        return "first"
    if word in SECOND:
        return "second"
    return "third" if word in THIRD else None


def _pov(persons: Counter) -> str | None:
    total = sum(persons.values())
    if not total:
        return None
    if persons["first"] >= PERSON_SHARE * total and persons["first"] >= persons["second"]:
        return "first"
    if persons["second"] >= PERSON_SHARE * total:
        return "second"
    return "third"


def _tense(tenses: Counter) -> str | None:
    if not tenses:
        return None
    return "past" if tenses["past"] >= tenses["present"] else "present"
