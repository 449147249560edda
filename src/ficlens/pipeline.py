"""analyze(): run every stage over one text and return the Document."""
from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ficlens.attribution import attribute
from ficlens.characters import find_characters
from ficlens.coreference import resolve
from ficlens.document import Document, Source
from ficlens.paragraphs import split_paragraphs
from ficlens.portraits import portray
from ficlens.quotes import find_quotes
from ficlens.reading import InputError, read_path, source_for_text
from ficlens.relations import relate
from ficlens.scenes import divide
from ficlens.structure import detect_structure

if TYPE_CHECKING:
    from ficlens.cast import CastMember


def analyze(text_or_path: str | Path, *, nlp: bool = True, model: str | None = None,
            coreference: bool = True, attribution: bool = True, cast: list[CastMember] | None = None) -> Document:
    """Analyse a story given as text or as a path to a file.

    A `Path`, or a str naming an existing file, is read from disk; any other str is the story itself.
    `nlp=False` skips spaCy (structure and quotes only); `coreference=False` stops after proper names,
    `attribution=False` before speakers.
    `cast` (see `ficlens.cast.load_cast`) lists characters the user names, matched first.
    """
    text, source = _load(text_or_path)
    return analyze_text(text, source, nlp=nlp, model=model, coreference=coreference, attribution=attribution,
                        cast=cast)


def analyze_text(text: str, source: Source, *, nlp: bool = True, model: str | None = None,
                 coreference: bool = True, attribution: bool = True, cast: list[CastMember] | None = None) -> Document:
    if not text.strip():
        raise InputError("text is empty")
    doc = Document(text=text, source=source)
    with _timed(doc, "structure"):
        doc.paragraphs = split_paragraphs(text)
        doc.structure = detect_structure(text, doc.paragraphs)
    with _timed(doc, "quotes"):
        doc.quotes = find_quotes(text, doc.paragraphs)
    stages = _nlp_stages(doc, model, coreference, attribution, cast) if nlp else [("scenes", lambda: divide(doc))]
    for name, run in stages:
        with _timed(doc, name):
            run()
    return doc


def _nlp_stages(doc: Document, model: str | None, coreference: bool, attribution: bool,
                cast: list[CastMember] | None) -> list[tuple[str, Callable[[], None]]]:
    """The stages after structure and quotes, in order, as (name, function)."""
    from ficlens import nlp as nlp_stage

    attributed = coreference and attribution
    stages = [("spacy", lambda: nlp_stage.tokenize(doc, **({"model": model} if model else {}))),
              ("characters", lambda: find_characters(doc, cast=cast)),
              ("coreference", lambda: resolve(doc)) if coreference else None,
              ("attribution", lambda: attribute(doc)) if attributed else None,
              ("scenes", lambda: divide(doc)),
              ("portraits", lambda: portray(doc)),
              ("relations", lambda: relate(doc)) if attributed else None]
    return [stage for stage in stages if stage]


@contextmanager
def _timed(doc: Document, stage: str):
    started = time.perf_counter()
    yield
    doc.timings[stage] = time.perf_counter() - started


def _load(text_or_path: str | Path) -> tuple[str, Source]:
    if isinstance(text_or_path, Path):
        return read_path(text_or_path)
    if "\n" not in text_or_path and len(text_or_path) < 1024 and _is_file(text_or_path):
        return read_path(text_or_path)
    return text_or_path, source_for_text(text_or_path)


def _is_file(candidate: str) -> bool:
    try:
        return Path(candidate).is_file()
    except (OSError, ValueError):  # too long for a file name, or a NUL inside
        return False
