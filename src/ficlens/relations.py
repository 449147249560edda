"""Relationships between characters: for every pair that meets, the scenes they share, the lines
they speak to each other and how often each names the other in speech, in total and per chapter.

The pairs are ranked by a score in [0, 1]: the mean of the three measures, each divided by its
largest value over all pairs. The first pair is the work's central pair (its pairing).
Needs the scenes stage (doc.scenes) and attribution (speakers and addressees).
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field

from ficlens.document import Document

SECOND_PERSON = frozenset("you your yours yourself yourselves ya y'all".split())
MEASURES = ("scenes_together", "lines", "mentions_in_speech")


@dataclass
class Pair:
    a: str
    b: str
    chapters: int
    series: dict[str, list[int]] = field(default_factory=dict)
    lines_by: Counter = field(default_factory=Counter)  # speaker -> lines to the other
    mentions_by: Counter = field(default_factory=Counter)  # speaker -> mentions of the other
    score: float = 0.0

    def __post_init__(self) -> None:
        self.series = {m: [0] * self.chapters for m in MEASURES}

    def total(self, measure: str) -> int:
        return sum(self.series[measure])

    def to_dict(self) -> dict:
        return {
            "characters": [self.a, self.b],
            "score": round(self.score, 4),
            "scenes_together": self.total("scenes_together"),
            "lines": self.total("lines"),
            "lines_from": {self.a: self.lines_by[self.a], self.b: self.lines_by[self.b]},
            "mentions_in_speech": self.total("mentions_in_speech"),
            "mentions_from": {self.a: self.mentions_by[self.a], self.b: self.mentions_by[self.b]},
            "by_chapter": self.series,
        }


def relate(doc: Document) -> None:
    """Fill doc.relations: {"pairing": {characters, score} or null, "pairs": [...] best first}, and
    each character's `lines` (speech utterances it speaks) and `by_chapter` {lines, mentions}."""
    chapters = max(len(doc.chapters), 1)
    pairs: dict[tuple[str, str], Pair] = {}

    def pair(x: str, y: str) -> Pair:
        key = tuple(sorted((x, y), key=_order))
        if key not in pairs:
            pairs[key] = Pair(key[0], key[1], chapters)
        return pairs[key]

    _count_scenes(doc, pair)
    _count_lines(doc, pair)
    _count_mentions(doc, pair)
    ranked = _rank(list(pairs.values()))
    _per_character(doc, chapters)
    doc.relations = {
        "pairing": {"characters": [ranked[0].a, ranked[0].b], "score": round(ranked[0].score, 4)} if ranked else None,
        "pairs": [p.to_dict() for p in ranked],
    }


def _per_character(doc: Document, chapters: int) -> None:
    series = lines_and_mentions(doc, chapter_locator(doc), chapters)
    for c in doc.characters:
        c["lines"] = sum(series[c["id"]]["lines"])
        c["by_chapter"] = series[c["id"]]


def lines_and_mentions(doc: Document, locate, units: int) -> dict[str, dict[str, list[int]]]:
    """Each character's speech lines and mentions per unit (chapter or scene); `locate` maps a text
    offset to the unit's index, or None outside every unit."""
    series = {c["id"]: {"lines": [0] * units, "mentions": [0] * units} for c in doc.characters}
    hits = [(q.speaker, q.start, "lines") for q in spoken_lines(doc)]
    hits += [(m["character"], m["start"], "mentions") for m in doc.mentions]
    for who, offset, measure in hits:
        unit = locate(offset)
        if who in series and unit is not None:
            series[who][measure][unit] += 1
    return series


def _order(character_id: str) -> tuple[int, str]:
    digits = character_id.lstrip("c")
    return (int(digits), character_id) if digits.isdigit() else (1 << 30, character_id)


def _count_scenes(doc: Document, pair) -> None:
    for scene, present in enumerate(present_by_scene(doc)):
        chapter = doc.scenes[scene].chapter
        ordered = sorted(present, key=_order)
        for i, x in enumerate(ordered):
            for y in ordered[i + 1:]:
                pair(x, y).series["scenes_together"][chapter] += 1


def present_by_scene(doc: Document) -> list[set[str]]:
    """Per scene, the characters mentioned in it or speaking in it."""
    present: list[set[str]] = [set() for _ in doc.scenes]
    locate = scene_locator(doc)
    for m in doc.mentions:
        scene = locate(m["start"])
        if m["character"] and scene is not None:
            present[scene].add(m["character"])
    for q in doc.quotes:
        scene = locate(q.start)
        if q.speaker and scene is not None:
            present[scene].add(q.speaker)
    return present


def scene_locator(doc: Document):
    """A function from a text offset to the index of the scene holding it, or None."""
    starts = [s.start for s in doc.scenes]

    def locate(offset: int) -> int | None:
        k = bisect.bisect_right(starts, offset) - 1
        return k if k >= 0 and offset < doc.scenes[k].end else None

    return locate


def chapter_locator(doc: Document):
    """A function from a text offset to its chapter index (0 before the first chapter)."""
    starts = [c.start for c in doc.chapters]
    return lambda offset: max(0, bisect.bisect_right(starts, offset) - 1)


def spoken_lines(doc: Document) -> list:
    """One quote per speech utterance (its first part): the lines characters speak."""
    seen: set[str] = set()
    lines = []
    for q in doc.quotes:
        if q.kind == "speech" and q.parent is None and q.utterance not in seen:
            seen.add(q.utterance)
            lines.append(q)
    return lines


def _count_lines(doc: Document, pair) -> None:
    chapter_of = chapter_locator(doc)
    for q in spoken_lines(doc):
        for listener in q.addressees:
            if q.speaker and listener != q.speaker:
                p = pair(q.speaker, listener)
                p.series["lines"][chapter_of(q.start)] += 1
                p.lines_by[q.speaker] += 1


def _count_mentions(doc: Document, pair) -> None:
    speakers = {q.id: q.speaker for q in doc.quotes}
    chapter_of = chapter_locator(doc)
    for m in doc.mentions:
        speaker = speakers.get(m.get("quote"))
        named = m["character"]
        if not speaker or not named or named == speaker:
            continue
        if doc.text[m["start"]:m["end"]].lower() in SECOND_PERSON:
            continue  # 'you' is the addressee spoken to, not a character spoken of
        p = pair(speaker, named)
        p.series["mentions_in_speech"][chapter_of(m["start"])] += 1
        p.mentions_by[speaker] += 1


def _rank(pairs: list[Pair]) -> list[Pair]:
    tops = {m: max((p.total(m) for p in pairs), default=0) or 1 for m in MEASURES}
    for p in pairs:
        p.score = sum(p.total(m) / tops[m] for m in MEASURES) / len(MEASURES)
    return sorted(pairs, key=lambda p: (-p.score, _order(p.a), _order(p.b)))

