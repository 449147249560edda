"""Small helpers the tests share: run a stage on a text and look spans up by their words."""
from __future__ import annotations

from ficlens.paragraphs import split_paragraphs
from ficlens.quotes import find_quotes
from ficlens.structure import detect_structure


def structure_of(text: str):
    paragraphs = split_paragraphs(text)
    return detect_structure(text, paragraphs), paragraphs


def quotes_of(text: str):
    paragraphs = split_paragraphs(text)
    detect_structure(text, paragraphs)
    return find_quotes(text, paragraphs)


def quote_texts(text: str) -> list[str]:
    return [text[q.start:q.end] for q in quotes_of(text)]


def kinds(spans, text: str) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start:s.end]) for s in spans]
