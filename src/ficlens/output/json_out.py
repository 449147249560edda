"""The JSON contract (see docs/output.md and schema.json beside this file)."""
from __future__ import annotations

import json
from collections import Counter
from functools import cache
from importlib import resources

from ficlens.document import Document

QUOTE_KINDS = ("speech", "thought", "written", "other")


def document_to_dict(doc: Document) -> dict:
    from ficlens import __version__

    return {
        "ficlens_version": __version__,
        "source": {"path": doc.source.path, "sha256": doc.source.sha256, "encoding": doc.source.encoding},
        "text_length": len(doc.text),
        "stats": summary(doc),
        "structure": [_structure(s) for s in doc.structure],
        "paragraphs": [{"start": p.start, "end": p.end, "region": p.region} for p in doc.paragraphs],
        "sentences": [[s.start, s.end] for s in doc.sentences],
        "quotes": [_quote(doc, q) for q in doc.quotes],
        "characters": doc.characters,
        "mentions": doc.mentions,
        "chapters": [c.to_dict() for c in doc.chapters],
        "scenes": [s.to_dict() for s in doc.scenes],
        "relations": doc.relations,
    }


def summary(doc: Document) -> dict:
    """Counts a reader wants first: chapters, scenes, notes, quotes by kind."""
    kinds = Counter(s.kind for s in doc.structure)
    quote_kinds = Counter(q.kind for q in doc.quotes)
    return {
        "paragraphs": len(doc.paragraphs),
        "sentences": len(doc.sentences),
        "tokens": len(doc.tokens) if doc.tokens is not None else 0,
        "chapters": max(kinds["chapter_heading"], 1),
        "scenes": count_scenes(doc),
        "author_notes": kinds["author_note"],
        "epigraphs": kinds["epigraph"],
        "quotes": len(doc.quotes),
        "utterances": len({q.utterance for q in doc.quotes}),
        "quotes_by_kind": {kind: quote_kinds[kind] for kind in QUOTE_KINDS},
    }


def count_scenes(doc: Document) -> int:
    """Stretches of story between chapter headings and scene breaks."""
    boundaries = sorted(s.start for s in doc.structure if s.kind in ("chapter_heading", "scene_break"))
    scenes, b, open_scene = 0, 0, False
    for p in doc.paragraphs:
        while b < len(boundaries) and boundaries[b] <= p.start:
            b, open_scene = b + 1, False
        if p.region == "story" and not open_scene:
            scenes, open_scene = scenes + 1, True
    return scenes


def _structure(span) -> dict:
    out = {"kind": span.kind, "start": span.start, "end": span.end}
    if span.title:
        out["title"] = span.title
    return out


def _quote(doc: Document, q) -> dict:
    return {
        "id": q.id,
        "start": q.start,
        "end": q.end,
        "text": doc.text[q.start:q.end],
        "kind": q.kind,
        "utterance": q.utterance,
        "paragraph": q.paragraph,
        "closed": q.closed,
        "parent": q.parent,
        "speaker": q.speaker,
        "addressees": list(q.addressees),
        "confidence": q.confidence,
    }


@cache
def schema() -> dict:
    return json.loads(resources.files("ficlens.output").joinpath("schema.json").read_text("utf-8"))


def validate(data: dict) -> None:
    """Raise jsonschema.ValidationError when data breaks the contract."""
    import jsonschema

    jsonschema.validate(data, schema())


def dumps(data: dict) -> str:
    """The JSON as `ficlens analyze` writes it: the top-level keys and the objects under them one to
    a line, and every list of records one record to a line, each record on its one line. Less than
    half the size of `indent=2` (which gives every number of a per-chapter series its own line) and
    still easy to read, diff and grep."""
    return _layout(data, 0) + "\n"


def _layout(value, depth: int) -> str:
    records = isinstance(value, list) and value and all(isinstance(v, (dict, list)) for v in value)
    if not records and not (isinstance(value, dict) and value and depth <= 1):
        return json.dumps(value, ensure_ascii=False)
    pad = "  " * (depth + 1)
    if records:
        lines = [pad + json.dumps(v, ensure_ascii=False) for v in value]
        return "[\n" + ",\n".join(lines) + "\n" + "  " * depth + "]"
    lines = [f"{pad}{json.dumps(k, ensure_ascii=False)}: {_layout(v, depth + 1)}" for k, v in value.items()]
    return "{\n" + ",\n".join(lines) + "\n" + "  " * depth + "}"
