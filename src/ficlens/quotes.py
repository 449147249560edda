"""Find quotations in story paragraphs: pair the marks, link split and multi-paragraph speech, give each a kind.

Quote marks are paired by a small Viterbi decoder per paragraph: every mark may open, close or be
skipped as stray, each choice scored from the characters around it and its shape, so straight,
curly, mixed and unbalanced marks all resolve. Dialogue in single quotes is told apart from
apostrophes the same way after contractions and elisions are set aside.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache

from ficlens import lexicon
from ficlens.document import Paragraph, Quote

DOUBLE = "\"“”„«»"
SINGLE = "'‘’‚"
OPEN_SHAPES = {"“": 1.5, "„": 2.0, "«": 2.0, "‘": 1.5, "‚": 2.0}
CLOSE_SHAPES = {"”": 1.5, "»": 2.0, "’": 1.0}
DASHES = "—–-"
TERMINAL = ".,!?;:…" + DASHES
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_SENTENCE_END = re.compile(r"[.!?…][\"”'’)]*\s")
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Mx|Dr|St|Mme|Mlle|Prof|Capt|Col|Gen|Lt|Sgt|Rev|Jr|Sr)\.$")
WRITTEN_NOUNS = frozenset(
    "note letter sign message text card scroll paper label inscription plaque headline banner "
    "screen notice poster page telegram email postcard memo".split()
)


@dataclass
class _Marks:
    """Which characters are quote marks for one pass, and how costly a stray one is."""

    chars: str
    skip_cost: float


def find_quotes(text: str, paragraphs: list[Paragraph]) -> list[Quote]:
    story = [(i, p) for i, p in enumerate(paragraphs) if p.region == "story"]
    primary = DOUBLE if dialogue_style(text, story) == "double" else SINGLE
    quotes = _primary_quotes(text, paragraphs, story, primary)
    quotes += _secondary_quotes(text, story, quotes, SINGLE if primary == DOUBLE else DOUBLE)
    quotes.sort(key=lambda q: q.start)
    for n, q in enumerate(quotes):
        q.id = f"q{n}"
    _link_utterances(text, paragraphs, quotes)
    for q in quotes:
        if q.parent is None and not q.kind:
            q.kind = classify(text, q, paragraphs[q.paragraph], primary)
    _share_kind(quotes)
    _set_parents(quotes)
    return quotes


def dialogue_style(text: str, story: list[tuple[int, Paragraph]]) -> str:
    """'single' when dialogue is in single quotes (British style), else 'double'."""
    double = single = 0
    for _, p in story:
        for m in re.finditer(r"(?:^|(?<=\s))([\"“'‘])(?=[A-Z])", text[p.start:p.end]):
            if m.group(1) in "\"“":
                double += 1
            else:
                single += 1
    return "single" if single >= 5 and single > 1.5 * double else "double"


# ---------------------------------------------------------------- pairing marks

def _primary_quotes(text, paragraphs, story, chars: str) -> list[Quote]:
    marks = _Marks(chars, 4.0 if chars == DOUBLE else 2.5)
    quotes: list[Quote] = []
    carry = False
    for n, (i, p) in enumerate(story):
        positions = _mark_positions(text, p.start, p.end, marks)
        next_opens = n + 1 < len(story) and _opens_with_mark(text, story[n + 1][1], chars)
        start_inside = carry and not _opens_with_mark(text, p, chars)
        pairs, carry = decode(text, positions, p.start, p.end, marks, start_inside, next_opens)
        for start, end, closed in pairs:
            quotes.append(Quote(start, end, "", paragraph=i, closed=closed))
        carry = carry and n + 1 < len(story) and story[n + 1][0] == i + 1
    return quotes


def _secondary_quotes(text, story, primary: list[Quote], chars: str) -> list[Quote]:
    """Quotes in the other kind of mark: nested inside a quotation, or in narration."""
    marks = _Marks(chars, 2.5 if chars == SINGLE else 4.0)
    found: list[Quote] = []
    by_para: dict[int, list[Quote]] = {}
    for q in primary:
        by_para.setdefault(q.paragraph, []).append(q)
    for i, p in story:
        inner = [(q.start + 1, q.end - (1 if q.closed else 0)) for q in by_para.get(i, [])]
        for lo, hi in inner + _gaps(p.start, p.end, inner):
            positions = _mark_positions(text, lo, hi, marks)
            pairs, _ = decode(text, positions, lo, hi, marks, False, False)
            found += [Quote(s, e, "", paragraph=i, closed=c) for s, e, c in pairs if c]
    return found


def _gaps(lo: int, hi: int, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    gaps, at = [], lo
    for start, end in spans:
        gaps.append((at, start - 1))
        at = end + 1
    gaps.append((at, hi))
    return [(a, b) for a, b in gaps if b > a]


def _opens_with_mark(text: str, p: Paragraph, chars: str) -> bool:
    return text[p.start] in chars and _open_score(text, p.start, p.start, p.end) > 0


def _mark_positions(text: str, lo: int, hi: int, marks: _Marks) -> list[int]:
    positions = [m.start() for m in _mark_pattern(marks.chars).finditer(text, lo, hi)]
    if marks.chars == SINGLE:
        positions = [k for k in positions if not _is_apostrophe(text, k, lo, hi)]
    return positions


@cache
def _mark_pattern(chars: str) -> re.Pattern:
    return re.compile(f"[{re.escape(chars)}]")


def _is_apostrophe(text: str, k: int, lo: int, hi: int) -> bool:
    left = text[k - 1] if k > lo else " "
    right = text[k + 1] if k + 1 < hi else " "
    if left.isalnum() and right.isalnum():
        return True  # don't, o'clock, rock'n'roll
    if (left.isspace() or k == lo or left in "(\"“") and right.isalnum():
        word = _WORD.match(text, k + 1)
        elided = word.group() if word else ""
        return elided.islower() and elided in lexicon.words("elisions") or text[k + 1:k + 3].isdigit()
    return False


def decode(text, positions, lo, hi, marks: _Marks, start_inside: bool, next_opens: bool):
    """Best reading of the marks in text[lo:hi] as opens, closes and strays.

    Returns ([(start, end, closed)], ends_inside). A quote left open at `hi` ends there unclosed.
    """
    NEG = float("-inf")
    score = {False: 0.0, True: -1.0 if start_inside else NEG}
    back: list[dict[bool, tuple[bool, str]]] = []
    for k in positions:
        o, c = _open_score(text, k, lo, hi), _close_score(text, k, lo, hi, marks.chars)
        skip = _skip_cost(text, k, lo, marks)
        new = {
            False: max((score[False] - skip, (False, "skip")), (score[True] + c, (True, "close"))),
            True: max(
                (score[True] - skip, (True, "skip")),
                (score[False] + o, (False, "open")),
                (score[True] + o - 3.0, (True, "reopen")),
            ),
        }
        score = {state: value for state, (value, _) in new.items()}
        back.append({state: step for state, (_, step) in new.items()})
    end_cost = 0.5 if next_opens else 2.5
    inside = score[True] - end_cost > score[False]
    return _trace(text, positions, back, inside, lo, hi, start_inside), inside


def _skip_cost(text: str, k: int, lo: int, marks: _Marks) -> float:
    """What it costs to call a mark stray; a single mark after a letter may be an apostrophe (twins')."""
    if marks.chars == SINGLE and k > lo and text[k - 1].isalnum():
        return 0.5
    return marks.skip_cost


def _trace(text, positions, back, inside: bool, lo: int, hi: int, start_inside: bool):
    steps = []
    state = inside
    for k, pointers in zip(reversed(positions), reversed(back)):
        prev, action = pointers[state]
        steps.append((k, action))
        state = prev
    steps.reverse()
    pairs: list[tuple[int, int, bool]] = []
    open_at = lo if start_inside and state else None
    for k, action in steps:
        if action == "open":
            open_at = k
        elif action == "close":
            pairs.append((open_at, k + 1, True))
            open_at = None
        elif action == "reopen":
            pairs.append((open_at, _implicit_end(text, open_at, k), False))
            open_at = k
    if open_at is not None:
        pairs.append((open_at, hi, False))
    return pairs


def _implicit_end(text: str, start: int, next_open: int) -> int:
    """Where an unclosed quote most likely stops, given that another opens at next_open."""
    best = None
    for m in _SENTENCE_END.finditer(text, start + 1, next_open):
        best = m.start() + 1
    return best or next_open


def _open_score(text: str, k: int, lo: int, hi: int) -> float:
    left = text[k - 1] if k > lo else None
    right = text[k + 1] if k + 1 < hi else None
    score = OPEN_SHAPES.get(text[k], 0.0) - CLOSE_SHAPES.get(text[k], 0.0)
    if left is None or left.isspace() or left in "([{<":
        score += 2.0
    elif left.isalnum():
        score -= 4.0 if text[k] in SINGLE else 2.0  # a single mark after a letter is an apostrophe
    elif left in ".,!?;:…":
        score -= 1.5
    elif left in DOUBLE + SINGLE:
        score += 0.5
    if right is None:
        score -= 3.0
    elif right.isspace():
        score -= 1.5
    elif right.isalnum() or right in "…*_~" + DASHES + DOUBLE + SINGLE:
        score += 1.5
    elif right in ".,!?;:)]}":
        score -= 1.5
    return score


def _close_score(text: str, k: int, lo: int, hi: int, chars: str) -> float:
    left = text[k - 1] if k > lo else None
    right = text[k + 1] if k + 1 < hi else None
    score = CLOSE_SHAPES.get(text[k], 0.0) - OPEN_SHAPES.get(text[k], 0.0)
    misplaced = _space_before_close(text, k, lo)
    if left is None:
        score -= 3.0
    elif misplaced:
        score += 2.0
    elif left.isspace():
        score -= 2.0
    elif left.isalnum():
        score += 1.5
    else:
        score += 2.0
    if right is None or right.isspace():
        score += 2.0
    elif right in ".,!?;:)]}…*_~" + DASHES + DOUBLE + SINGLE:
        score += 1.5
    elif right.isalnum() and not misplaced:
        score -= 2.0
    if chars == SINGLE and left == "s" and _possessive_follows(text, k, hi):
        score -= 2.0  # the twins' lantern
    return score


def _space_before_close(text: str, k: int, lo: int) -> bool:
    """'"Yes, "she said': a closing mark typed after the space instead of before it."""
    return k - 2 >= lo and text[k - 1] == " " and text[k - 2] in ",!?…" + DASHES


def _possessive_follows(text: str, k: int, hi: int) -> bool:
    return k + 2 < hi and text[k + 1] == " " and text[k + 2].islower()


# ---------------------------------------------------------------- utterances

def _link_utterances(text: str, paragraphs: list[Paragraph], quotes: list[Quote]) -> None:
    """Give the halves of a split quote and the paragraphs of one long speech one utterance id."""
    top = [q for q in quotes if _enclosing(q, quotes) is None]
    utterance = 0
    previous: Quote | None = None
    for q in top:
        para = paragraphs[q.paragraph]
        if previous is None or not (_continues(text, paragraphs, previous, q) or _split_by_tag(text, previous, q, para)):
            utterance += 1
        q.utterance = f"u{utterance - 1}"
        previous = q
    for q in quotes:
        if not q.utterance:
            q.utterance = f"u{utterance}"
            utterance += 1


def _continues(text: str, paragraphs: list[Paragraph], a: Quote, b: Quote) -> bool:
    """b goes on with a speech that a left open at the end of the paragraph before.

    A speech broken off with a dash ('spoken to--') is interrupted, not continued.
    """
    if a.closed or b.paragraph != a.paragraph + 1 or text[a.end - 1] in DASHES:
        return False
    return a.end == paragraphs[a.paragraph].end and b.start == paragraphs[b.paragraph].start


def _split_by_tag(text: str, a: Quote, b: Quote, para: Paragraph) -> bool:
    """'"I know," she said, "but..."' and '"Yes!" cried Helen. "It was..."': one turn cut by its tag."""
    if a.paragraph != b.paragraph or not a.closed or _family(text, a) != _family(text, b):
        return False
    between = text[a.end:b.start]
    if any(ch in between for ch in DOUBLE) or len(between.split()) > 12 or _sentences(between) > 1:
        return False
    if _tag_verb(_tag_after(text, b, para)) == "speech" and _tag_follows(text, b, para, _inner(text, b)):
        return False  # b has a tag of its own: '"Hi," said Ann. "Hello," said Bob.'
    last_inner = text[a.end - 2] if a.end - a.start >= 2 else ""
    return _tag_verb(between) is not None or last_inner == ","


def _sentences(between: str) -> int:
    """Sentence ends in a stretch of narration, not counting the dots of Mr. and Mrs."""
    ends = _SENTENCE_END.finditer(between.strip() + " ")
    return sum(1 for m in ends if not _ABBREVIATION.search(between.strip()[: m.start() + 1]))


def _inner(text: str, q: Quote) -> str:
    return text[q.start + 1:q.end - (1 if q.closed else 0)].strip()


def _family(text: str, q: Quote) -> str:
    return DOUBLE if text[q.start] in DOUBLE else SINGLE


def _first_letter(text: str, lo: int, hi: int) -> str:
    for k in range(lo, hi):
        if text[k].isalpha():
            return text[k]
    return ""


def _enclosing(q: Quote, quotes: list[Quote]) -> Quote | None:
    """The quote that holds q, looked for among the quotes of q's paragraph (quotes are sorted)."""
    for o in _same_paragraph(q, quotes):
        if o is not q and o.start < q.start and q.end <= o.end:
            return o
    return None


def _same_paragraph(q: Quote, quotes: list[Quote]):
    at = bisect.bisect_left(quotes, q.start, key=lambda o: o.start)
    back = at
    while back > 0 and quotes[back - 1].paragraph == q.paragraph:
        back -= 1
    return quotes[back:at]


def _set_parents(quotes: list[Quote]) -> None:
    for q in quotes:
        parent = _enclosing(q, quotes)
        if parent is not None:
            q.parent = parent.id
            q.kind = "other"


def _share_kind(quotes: list[Quote]) -> None:
    """All parts of one utterance take the kind of its first part."""
    first: dict[str, str] = {}
    for q in quotes:
        first.setdefault(q.utterance, q.kind)
        q.kind = first[q.utterance]


# ---------------------------------------------------------------- kinds

def classify(text: str, q: Quote, para: Paragraph, primary: str = DOUBLE) -> str:
    """speech, thought, written or other (scare quotes, titles, words mentioned).

    Outside dialogue marks, a sentence in the other kind of mark is a thought ('Not again,' she
    winced), as fics write thoughts when italics are lost.
    """
    kind = _kind(text, q, para)
    if kind == "speech" and text[q.start] not in primary:
        return "thought"
    return kind


def _kind(text: str, q: Quote, para: Paragraph) -> str:
    inner = text[q.start + 1:q.end - (1 if q.closed else 0)].strip()
    if _is_mention(text, q, para, inner):
        return "other"
    after = _tag_after(text, q, para) if _tag_follows(text, q, para, inner) else ""
    before = _tag_before(text, q, para)
    for tag in (after, before):
        verb = _tag_verb(tag)
        if verb == "written" or (verb == "speech" and _mentions_writing(tag)):
            return "written"
        if verb == "thought":
            return "thought"
        if verb == "speech":
            return "speech"
    if text[q.start] in SINGLE and q.start > para.start and not _sentence_like(inner):
        return "other"
    return "speech"


def _tag_after(text: str, q: Quote, para: Paragraph) -> str:
    tail = text[q.end:min(para.end, q.end + 80)]
    cut = re.search(r"[\"“”.!?;]", tail)
    return tail[:cut.start()] if cut else tail


def _tag_before(text: str, q: Quote, para: Paragraph) -> str:
    head = text[max(para.start, q.start - 80):q.start].rstrip()
    if not head.endswith((",", ":")):
        return ""
    cut = max(head.rfind(ch) for ch in ".!?\"”")
    return head[cut + 1:]


def _tag_follows(text: str, q: Quote, para: Paragraph, inner: str) -> bool:
    """Whether the words after the quote belong to its sentence (a tag) rather than a new one."""
    after = text[q.end:para.end].lstrip()
    clause = re.split(r"[.!?;\"“”]", after, maxsplit=1)[0]
    return (inner[-1:] in ",—–-" or after[:1].islower() or len(clause.split()) <= 4) and bool(after)


def _tag_verb(tag: str) -> str | None:
    """The kind of the first speech, thought or writing verb among a tag's first words."""
    for word in _WORD.findall(tag)[:6]:
        word = word.lower()
        for kind, name in (("speech", "speech_verbs"), ("thought", "thought_verbs"), ("written", "written_verbs")):
            if word in lexicon.verb_forms(name):
                return kind
    return None


def _mentions_writing(tag: str) -> bool:
    """'the note said': a written thing is the subject of the speech verb."""
    for word in _WORD.findall(tag)[:6]:
        word = word.lower()
        if word in WRITTEN_NOUNS:
            return True
        if word in lexicon.verb_forms("speech_verbs"):
            return False
    return False


def _is_mention(text: str, q: Quote, para: Paragraph, inner: str) -> bool:
    """Scare quotes, titles and words mentioned: short, inside a sentence, no closing punctuation."""
    if q.start == para.start or not inner or inner[-1] in "!?…" + DASHES:
        return False
    before = text[max(para.start, q.start - 40):q.start]
    left = before.rstrip()[-1:]
    if _tag_verb(" ".join(before.split()[-3:])) is not None:
        return False  # 'said "Margaret" huskily' is speech
    if left.isalnum():
        return len(inner.split()) <= 4  # 'were "tremendous flirts."', 'at the "Trois Couronnes,"'
    return len(inner.split()) <= 5 and inner[-1] not in TERMINAL and (not left or left in "(,")


def _sentence_like(inner: str) -> bool:
    return bool(inner) and (inner[-1] in ".!?…" or (inner[0].isupper() and len(inner.split()) >= 3))
