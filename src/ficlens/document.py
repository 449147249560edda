"""The document model: the text exactly as read, plus spans given as character offsets into it.

Every stage reads a Document and adds spans; no stage rewrites `Document.text`.
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any, Callable


@dataclass(slots=True)
class Span:
    """A typed stretch of the text: `text[start:end]`."""

    start: int
    end: int
    kind: str = ""


@dataclass(slots=True)
class Paragraph(Span):
    """A block of text; `gap_before` counts the blank lines that separate it from the one before."""

    gap_before: int = 0
    region: str = "story"  # "story" or the kind of paratext that holds it


@dataclass(slots=True)
class StructureSpan(Span):
    """Author's note, chapter heading, scene break, epigraph, title, metadata or end mark."""

    title: str | None = None


@dataclass(slots=True)
class Quote(Span):
    """A quotation, its marks included. `kind` is speech, thought, written or other."""

    id: str = ""
    paragraph: int = 0
    utterance: str = ""
    closed: bool = True
    parent: str | None = None
    speaker: str | None = None
    addressees: list[str] = field(default_factory=list)
    confidence: float | None = None


def quote_locator(quotes: list[Quote]) -> Callable[[int], Quote | None]:
    """A function from a text offset to the quote of `quotes` that holds it, or None: the last one
    starting at or before the offset, if it has not ended by then (give it quotes that do not nest)."""
    ordered = sorted(quotes, key=lambda q: q.start)
    starts = [q.start for q in ordered]

    def locate(offset: int) -> Quote | None:
        k = bisect.bisect_right(starts, offset) - 1
        return ordered[k] if k >= 0 and offset < ordered[k].end else None

    return locate


@dataclass(slots=True)
class Source:
    path: str | None
    sha256: str
    encoding: str


@dataclass
class Document:
    text: str
    source: Source
    paragraphs: list[Paragraph] = field(default_factory=list)
    structure: list[StructureSpan] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    tokens: Any = None  # ficlens.nlp.Tokens, filled by the tokenising stage
    characters: list[dict] = field(default_factory=list)
    mentions: list[dict] = field(default_factory=list)
    chapters: list = field(default_factory=list)  # ficlens.scenes.Division, filled by the scenes stage
    scenes: list = field(default_factory=list)
    relations: dict | None = None  # filled by the relations stage
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage, for benchmarks

    def span_text(self, span: Span) -> str:
        return self.text[span.start:span.end]

    def story_paragraphs(self) -> list[tuple[int, Paragraph]]:
        return [(i, p) for i, p in enumerate(self.paragraphs) if p.region == "story"]

    def to_dict(self) -> dict:
        from ficlens.output.json_out import document_to_dict

        return document_to_dict(self)

    def to_json(self, indent: int | None = 2) -> str:
        import json

        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)
