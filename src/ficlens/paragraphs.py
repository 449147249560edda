"""Split the text into paragraphs: blocks between blank lines, or single lines when a block is not hard-wrapped."""
from __future__ import annotations

import re

from ficlens.document import Paragraph

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
LINE_ENDINGS = ".!?…\"”’'"
WRAPPED_LINE = 80  # lines of a hard-wrapped book stay within this
WRAP_WIDTH = 100  # hard-wrapped books keep lines under this; longer lines are one paragraph each


def split_paragraphs(text: str) -> list[Paragraph]:
    blocks = _blocks(text)
    wrapped = _hard_wrapped(blocks)
    paragraphs = [p for lines, blanks in blocks for p in _block_paragraphs(text, lines, blanks, wrapped)]
    if paragraphs:
        paragraphs[0].gap_before = 0
    return paragraphs


def _blocks(text: str) -> list[tuple[list[tuple[int, int]], int]]:
    """Runs of non-blank lines as (start, end) pairs, each with the count of blank lines before it."""
    blocks = []
    blanks = 0
    block: list[tuple[int, int]] = []
    for match in _LINE.finditer(text):
        if match.start() == len(text) and not match.group():
            break
        line = match.group().rstrip("\r\n")
        if line.strip():
            block.append((match.start(), match.start() + len(line)))
            continue
        if block:
            blocks.append((block, blanks))
            block, blanks = [], 0
        blanks += 1
    if block:
        blocks.append((block, blanks))
    return blocks


def _hard_wrapped(blocks) -> bool:
    """A book wrapped at a fixed width (as on Project Gutenberg): nearly every line is short."""
    lengths = [end - start for lines, _ in blocks for start, end in lines]
    multi_line = sum(1 for lines, _ in blocks if len(lines) > 1)
    short = sum(1 for n in lengths if n <= WRAPPED_LINE)
    return multi_line > 0.2 * len(blocks) and short >= 0.95 * len(lengths)


def _block_paragraphs(text: str, lines, blanks: int, wrapped: bool) -> list[Paragraph]:
    groups = [[line] for line in lines] if _one_per_line(text, lines, wrapped) else [lines]
    result = []
    for n, group in enumerate(groups):
        start, end = _strip(text, group[0][0], group[-1][1])
        result.append(Paragraph(start, end, "paragraph", gap_before=blanks if n == 0 else 0))
    return result


def _one_per_line(text: str, lines: list[tuple[int, int]], wrapped: bool) -> bool:
    """A block whose lines are paragraphs: too long for hard wrapping, or each ending a sentence."""
    if len(lines) < 2:
        return False
    if max(end - start for start, end in lines) > WRAP_WIDTH:
        return True
    if wrapped:
        return False
    ends = sum(1 for _, end in lines[:-1] if text[end - 1] in LINE_ENDINGS)
    return len(lines) >= 3 and ends >= 0.75 * (len(lines) - 1)


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
