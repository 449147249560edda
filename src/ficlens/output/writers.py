"""What `ficlens analyze --format` writes for one analysed work: file suffix -> content."""
from __future__ import annotations

from ficlens.document import Document
from ficlens.output.json_out import dumps

FORMATS = ("json", "html", "tsv", "graphml")
SUFFIXES = {"json": (".json",), "html": (".html",), "tsv": (".tokens", ".entities", ".quotes"),
            "graphml": (".graphml",)}
NEEDS_NLP = ("tsv",)


def expand(formats: list[str]) -> tuple[str, ...]:
    """The formats named, with 'all' standing for every one, in a fixed order."""
    wanted = set(formats)
    return tuple(f for f in FORMATS if f in wanted or "all" in wanted)


def suffixes(formats: tuple[str, ...]) -> list[str]:
    return [s for f in formats for s in SUFFIXES[f]]


def render(doc: Document, formats: tuple[str, ...]) -> dict[str, str]:
    data = doc.to_dict()
    files: dict[str, str] = {}
    for fmt in formats:
        files.update(_render_one(doc, data, fmt))
    return files


def _render_one(doc: Document, data: dict, fmt: str) -> dict[str, str]:
    if fmt == "json":
        return {".json": dumps(data)}
    if fmt == "html":
        from ficlens.output.reader import page

        return {".html": page(doc, data)}
    if fmt == "tsv":
        from ficlens.output.exports.booknlp import tables

        return {f".{name}": content for name, content in tables(doc).items()}
    from ficlens.output.exports.graph import graphml

    return {".graphml": graphml(data)}
