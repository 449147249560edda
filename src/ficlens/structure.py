"""Fic structure: author's notes, chapter headings, titles, epigraphs, scene breaks and end marks.

Works on paragraphs, marks each paragraph's `region` ("story" or the kind of paratext that holds it)
and returns the structure spans in text order.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ficlens import lexicon
from ficlens.document import Paragraph, StructureSpan

_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|"
    "hundred|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final"
)
_NUMBER = rf"(?:\d+|[ivxlcdm]+\b|(?:{_NUMBER_WORDS})(?:[\s-]+(?:{_NUMBER_WORDS}))*)"
_NUMBERED = re.compile(
    rf"^\W*(?:chapter|chap\.?|ch\.|part|book|volume|vol\.|act|section)\s+(?:the\s+)?{_NUMBER}"
    r"\s*(?:[:.\-–—)]\s*|$|\s+)(?P<title>.*)$",
    re.IGNORECASE,
)
_NAMED = re.compile(
    r"^\W*(?:prologue|epilogue|interlude|afterword|foreword|preface|intermission|coda|omake|"
    r"bonus chapter|extra chapter|chapter text)\b\s*[:.\-–—]?\s*(?P<title>.*)$",
    re.IGNORECASE,
)
_BARE_NUMBER = re.compile(r"^\s*(?:\d{1,3}|[IVXLC]{1,7})\s*\.?\s*$")
_END_MARK = re.compile(
    r"^\W*(?:the end|fin|end|finis|to be continued|tbc|end of (?:chapter|part)(?: \w+)?)\W*$",
    re.IGNORECASE,
)
_SYMBOL_ROW = re.compile(r"^[^\w]*$|^[\W_]*(?:(?:o+O+)+o*|(?:O+o+)+O*|(?:x+X+)+x*|(?:X+x+)+X*|[oO0]{3,}|[xX]{3,})[\W_]*$")
_BREAK_WORD = re.compile(r"^[\W_]*(?:(?:line|scene|page|time|pov)[ -]?)?(?:break|change|skip)[\W_]*$", re.IGNORECASE)
_NOTE_MARKER = re.compile(
    r"^\W{0,3}(?:a\s?/\s?n|a\.\s?n\.|n\s?/\s?a|authors?'?s?'? ?notes?|author'?s notes?|note from the author|"
    r"disclaimer|warnings?|beta(?:'?d|ed)?(?: by| read by| reader)?|thanks to|dedicated to|dedication|"
    r"notes?|end notes?|chapter notes?|summary)\s*(?:[:\-–—]|\)|$)",
    re.IGNORECASE,
)
_NOTE_MARKER_CASED = re.compile(r"^\W{0,3}(?:AN|A/N)\b")
_METADATA = re.compile(
    r"^(?:rating|archive warnings?|category|categories|fandoms?|relationships?|characters|additional tags|"
    r"language|series|stats|published|updated|completed|words|chapters|collections?|pairings?|genres?|"
    r"word count|title|author|by)\s*:",
    re.IGNORECASE,
)
_ATTRIBUTION = re.compile(r"^\s*(?:[-–—~]+|by\s)\s*\S")
_QUOTE_OPENERS = "\"“”„«'‘"
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*|:\)|:D|<3|xD|\^\^|:P|;\)")
MAX_HEADING_CHARS = 100
MAX_TITLE_WORDS = 12  # on a heading's line; a wrapped title may run to three times as many
_TITLE_SMALL_WORDS = frozenset(("from", "with", "into", "onto", "upon", "over", "than", "that", "about", "after",
                                "under", "through", "without", "within", "between", "before", "behind", "towards"))
MAX_HEADING_LINES = 4  # a heading whose title runs on below it or wraps ('CHAPTER I.\nDown the Rabbit-Hole')


@dataclass
class _Para:
    """A paragraph with the facts about its text that the rules below look at."""

    index: int
    para: Paragraph
    text: str

    @property
    def single_line(self) -> bool:
        return "\n" not in self.text and "\r" not in self.text

    @property
    def n_words(self) -> int:
        return len(self.text.split())


def detect_structure(text: str, paragraphs: list[Paragraph]) -> list[StructureSpan]:
    paras = [_Para(i, p, text[p.start:p.end]) for i, p in enumerate(paragraphs)]
    spans: list[StructureSpan] = []
    starts = [0]  # paragraph indices where a chapter's front matter may begin
    for p in paras:
        kind, title = _line_kind(p)
        if kind:
            _mark(spans, [p], kind, title)
            if kind == "chapter_heading":
                starts.append(p.index + 1)
    for start in starts:
        _front_matter(paras, start, spans)
    _notes_in_story(paras, spans)
    _blank_line_breaks(text, paras, spans)
    spans.sort(key=lambda s: (s.start, s.end))
    return spans


def _line_kind(p: _Para) -> tuple[str | None, str | None]:
    """Kinds that a single paragraph shows on its own: headings, symbol breaks, end marks."""
    text = p.text.strip()
    if not p.single_line:
        return _wrapped_heading(text)
    if len(text) > MAX_HEADING_CHARS:
        return None, None
    if _SYMBOL_ROW.match(text) or _BREAK_WORD.match(text):
        return "scene_break", None
    if _END_MARK.match(text):
        return "end_mark", None
    for pattern in (_NUMBERED, _NAMED):
        match = pattern.match(text)
        if match and _heading_title_ok(match.group("title")):
            return "chapter_heading", match.group("title").strip(" :.-–—") or None
    if _BARE_NUMBER.match(text):
        return "chapter_heading", None
    return None, None


def _wrapped_heading(text: str) -> tuple[str | None, str | None]:
    """A heading over a few lines, as (kind, title): its first line one on its own, the lines after a
    title in capitals or title case ('CHAPTER I.' / 'TREATS OF THE PLACE WHERE OLIVER TWIST WAS BORN'),
    or a titled heading whose title wraps ('Chapter VI: The Reverend Arthur Beebe, ... Drive Out in
    Carriages to See a' / 'View; Italians Drive Them.')."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if len(lines) > MAX_HEADING_LINES or len(text) > MAX_HEADING_LINES * MAX_HEADING_CHARS or text[0] in _QUOTE_OPENERS:
        return None, None
    match = _NUMBERED.match(lines[0]) or _NAMED.match(lines[0])
    if not (match or _BARE_NUMBER.match(lines[0])):
        return None, None
    title = " ".join([match.group("title") if match else "", *lines[1:]]).strip(" :.-–—_")
    return ("chapter_heading", title) if _title_cased(title) else (None, None)


def _title_cased(title: str) -> bool:
    """Capitals, or title case: most words of four letters or more start with a capital, short
    words and prepositions aside ('Advice from a Caterpillar')."""
    words = [w.strip("_") for w in _WORD.findall(title)]
    long = [w for w in words if len(w) >= 4 and w.lower() not in _TITLE_SMALL_WORDS]
    if not words or len(words) > 3 * MAX_TITLE_WORDS or not (title[0].isupper() or title[0] in "_>"):
        return False
    return title.upper() == title or sum(w[0].isupper() for w in long) >= 0.75 * len(long)


def _heading_title_ok(title: str) -> bool:
    words = title.split()
    if len(words) > MAX_TITLE_WORDS:
        return False
    return not (len(words) >= 5 and title.rstrip().endswith(".") and title[:1].islower())


def _front_matter(paras: list[_Para], start: int, spans: list[StructureSpan]) -> None:
    """Notes, metadata, a title and an epigraph before a chapter's story begins."""
    i = start
    seen_title = False
    if start > 0 and _chapter_title(paras, start, spans):
        i += 1
    while i < len(paras):
        p = paras[i]
        if p.para.region != "story":
            if p.para.region == "chapter_heading":
                return
            i += 1
            continue
        if _is_note_start(p) or (_note_score(p.text) >= 3 and not _has_dialogue(p)):
            i = _take_note(paras, i, spans, leading=True)
        elif _METADATA.match(p.text):
            _mark(spans, [p], "metadata")
            i += 1
        elif not seen_title and _is_title(p) and i + 1 < len(paras) and not (start and _is_question(p)):
            _mark(spans, [p], "title", p.text.strip())
            seen_title = True
            i += 1
        else:
            end = _epigraph_end(paras, i)
            if end is None:
                return
            _mark(spans, paras[i:end], "epigraph")
            i = end


def _chapter_title(paras: list[_Para], i: int, spans: list[StructureSpan]) -> bool:
    """'CHAPTER I' then 'THERE IS NO ONE LEFT': the line under an untitled heading is its title."""
    before = paras[i - 1].para
    heading = next((s for s in spans if s.kind == "chapter_heading" and s.end == before.end), None)
    if i >= len(paras) or heading is None or heading.title:
        return False
    p = paras[i]
    if p.para.region == "chapter_heading":  # 'PART ONE' then 'Chapter I: The Bertolini': two headings
        return False
    bare = p.text.strip().strip(_QUOTE_OPENERS + "\"”’")
    if not (p.single_line and 0 < p.n_words <= MAX_TITLE_WORDS and (bare.isupper() or _is_title(p))):
        return False
    p.para.region = "chapter_heading"
    heading.end, heading.title = p.para.end, p.text.strip()
    return True


def _notes_in_story(paras: list[_Para], spans: list[StructureSpan]) -> None:
    """Author's notes that start after the story has begun (chapter ends, the work's end)."""
    i = 0
    while i < len(paras):
        p = paras[i]
        if p.para.region == "story" and (_is_note_start(p) or _after_end_mark(paras, i)):
            i = _take_note(paras, i, spans, leading=False)
        else:
            i += 1


def _after_end_mark(paras: list[_Para], i: int) -> bool:
    return i > 0 and paras[i - 1].para.region in ("end_mark", "author_note") and _note_like(paras[i])


def _take_note(paras: list[_Para], i: int, spans: list[StructureSpan], leading: bool) -> int:
    """Mark the note that starts at paragraph i; return the index after it."""
    first = paras[i]
    if first.text.lstrip().startswith(("[", "(")):
        closer = "]" if first.text.lstrip().startswith("[") else ")"
        for j in range(i, min(i + 30, len(paras))):
            if paras[j].text.rstrip().endswith(closer):
                _mark(spans, paras[i:j + 1], "author_note")
                return j + 1
    end = i + 1
    rest = _rest_of_chapter(paras, end)
    if not leading and len(rest) <= 4 and not any(_has_dialogue(p) for p in rest):
        end += len(rest)
    else:
        while end < len(paras) and paras[end].para.region == "story" and _note_like(paras[end]):
            end += 1
    _mark(spans, paras[i:end], "author_note")
    return end


def _rest_of_chapter(paras: list[_Para], i: int) -> list[_Para]:
    rest = []
    for p in paras[i:]:
        if p.para.region == "chapter_heading":
            break
        rest.append(p)
    return rest


def _is_note_start(p: _Para) -> bool:
    head = p.text.lstrip()[:60]
    return bool(_NOTE_MARKER.match(head) or _NOTE_MARKER_CASED.match(head))


def _note_like(p: _Para) -> bool:
    """A paragraph that reads as the author talking about the work, not as story."""
    if p.para.region != "story" or _has_dialogue(p) or _is_title(p):
        return False
    return _is_note_start(p) or _note_score(p.text) >= 2


def _note_score(text: str) -> float:
    words = _WORD.findall(text)
    if not words:
        return 0.0
    lower = [w.lower().strip("'’") for w in words]
    hits = sum(1 for w in lower if w in lexicon.words("note_words") or not w[:1].isalpha())
    if not hits or hits / len(words) < 0.03:
        return 0.0
    first_person = any(w in ("i", "my", "me", "i'm", "i’m", "i've", "i’ve") for w in lower)
    return hits + (1 if first_person else 0)


def _has_dialogue(p: _Para) -> bool:
    return any(ch in p.text for ch in "\"“”")


def _is_question(p: _Para) -> bool:
    """A chapter's first line ending in ? or ! is its story ('NOT being Mrs. Grundy, who was Mr. Bounderby?')."""
    return p.text.rstrip().endswith(("?", "!"))


def _is_title(p: _Para) -> bool:
    text = p.text.strip()
    words = text.split()
    if not p.single_line or not words or len(words) > 10 or len(text) > 80:
        return False
    if text[-1] in ".,;:\"”'’" or text[0] in _QUOTE_OPENERS or not text[0].isalnum():
        return False
    capitalised = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return capitalised / len(words) >= 0.5 and text[0].isupper()


def _epigraph_end(paras: list[_Para], i: int) -> int | None:
    """If an epigraph (lyrics or a quotation, maybe with its attribution) starts at i, where it ends."""
    first = paras[i]
    stripped = first.text.lstrip()
    if stripped[:1] in _QUOTE_OPENERS:
        end = _quoted_block_end(paras, i)
        if end is None or not _one_bare_quotation(paras[i:end]):
            return None
        if end < len(paras) and _is_attribution(paras[end]):
            return end + 1
        return end if end - i > 1 else None
    # unquoted lyric lines followed by an attribution ("- Artist, Song")
    end = i
    while end < len(paras) and end - i < 8 and _short_lines(paras[end]) and not _is_attribution(paras[end]):
        end += 1
    if end > i and end < len(paras) and _is_attribution(paras[end]):
        return end + 1
    return None


def _quoted_block_end(paras: list[_Para], i: int) -> int | None:
    """A quotation of short lines that opens at paragraph i and closes at the end of some paragraph."""
    for j in range(i, min(i + 8, len(paras))):
        p = paras[j]
        if not _short_lines(p) or p.para.region != "story":
            return None
        if j > i and p.text.lstrip()[:1] in _QUOTE_OPENERS:
            return None  # a new quotation opens: this is dialogue, not one epigraph
        if p.text.rstrip()[-1:] in "\"”'’":
            return j + 1
    return None


def _one_bare_quotation(block: list[_Para]) -> bool:
    """Exactly one quotation over the whole block, no speech tag: lyrics or a cited line."""
    text = "\n".join(p.text for p in block)
    marks = sum(text.count(ch) for ch in "\"“”„«»")
    return marks == 2 and sum(p.n_words for p in block) <= 80


def _short_lines(p: _Para) -> bool:
    return all(len(line.strip()) <= 90 for line in p.text.splitlines())


def _is_attribution(p: _Para) -> bool:
    return bool(_ATTRIBUTION.match(p.text)) and p.n_words <= 15 and p.single_line


def _blank_line_breaks(text: str, paras: list[_Para], spans: list[StructureSpan]) -> None:
    """Runs of blank lines longer than the document's usual paragraph gap are scene breaks."""
    gaps = Counter(p.para.gap_before for p in paras[1:])
    if not gaps:
        return
    usual = gaps.most_common(1)[0][0]
    for prev, p in zip(paras, paras[1:]):
        if p.para.gap_before > usual and prev.para.region == "story" and p.para.region == "story":
            spans.append(StructureSpan(prev.para.end, p.para.start, "scene_break"))


def _mark(spans: list[StructureSpan], paras: list[_Para], kind: str, title: str | None = None) -> None:
    for p in paras:
        p.para.region = kind
    spans.append(StructureSpan(paras[0].para.start, paras[-1].para.end, kind, title))
