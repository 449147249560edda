"""Benchmark ficlens quotation detection against gold annotations (PDNC and LitBank).

Usage, from the project root:
    .venv/bin/python bench/quotes.py [--errors N] [--novels A,B] [--corpus pdnc,litbank]

Spans are compared after trimming whitespace and quote marks from both ends, so gold spans that
exclude the marks (PDNC) and include them (LitBank) are measured alike. A prediction is a top-level
quote (parent is None); its inner span runs from start+1 to end-1 (to end when not closed), except
that a quote carrying a speech on from the paragraph before, which starts on a letter, keeps it.
LitBank has one sentence a line, so the parts of one utterance cut apart at a line break are joined.
Matching is lenient (IoU >= 0.8) everywhere except the exact column.

  exact / lenient   sub-quotation recall: trimmed spans equal / IoU >= 0.8 with a prediction
  P                 precision of speech/thought/written predictions in story paragraphs (lenient)
  other             "other"-kind predictions in story paragraphs, and how many match gold
  link-g            gold quotations with >= 2 parts, all matched: share whose parts share one utterance
  link-p            predicted utterances with >= 2 parts, all matched: share inside one gold quotation
                    (both link figures leave out groups with an unmatched part: detection, not linking)
"""
from __future__ import annotations

import argparse
import ast
import bisect
import csv
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
MARKS = "\"“”„«»'‘’‚`"
TRIM = " \t\r\n\f\v\u00a0" + MARKS
SPOKEN = frozenset({"speech", "thought", "written"})
IOU = 0.8
CONTEXT = 60

Span = tuple[int, int]


@dataclass
class Case:
    """One novel or document: its text file and gold quotations (each a list of sub-quotation spans)."""

    corpus: str
    name: str
    path: Path
    quotations: list[list[Span]]
    grouped: bool  # whether gold groups sub-quotations into quotations (PDNC yes, LitBank no)
    sentence_lines: bool = False  # one sentence a line (LitBank): a line break is not a paragraph break


@dataclass
class Result:
    case: Case
    counts: Counter = field(default_factory=Counter)
    errors: dict[str, list[str]] = field(default_factory=dict)


# ---------------------------------------------------------------- gold

def pdnc_cases(root: Path) -> list[Case]:
    cases = []
    for folder in sorted(p for p in root.iterdir() if (p / "quotation_info.csv").is_file()):
        with open(folder / "quotation_info.csv", newline="", encoding="utf-8") as f:
            rows = csv.DictReader(f)
            quotations = [[tuple(s) for s in ast.literal_eval(r["quoteByteSpans"])] for r in rows]
        cases.append(Case("pdnc", folder.name, folder / "novel_text.txt", quotations, True))
    return cases


def litbank_cases(root: Path) -> list[Case]:
    cases = []
    for ann in sorted(root.glob("*.ann")):
        txt = ann.with_suffix(".txt")
        tokens = token_offsets(read_utf8(txt))
        quotations = [[litbank_span(line, tokens)] for line in ann.read_text(encoding="utf-8").splitlines()
                      if line.startswith("QUOTE\t")]
        cases.append(Case("litbank", ann.stem, txt, quotations, False, sentence_lines=True))
    return cases


def token_offsets(text: str) -> list[list[Span]]:
    """Character span of every token, per line (LitBank: one sentence a line, tokens split by spaces)."""
    result, at = [], 0
    for line in text.split("\n"):
        result.append([(at + m.start(), at + m.end()) for m in re.finditer(r"\S+", line)])
        at += len(line) + 1
    return result


def litbank_span(row: str, tokens: list[list[Span]]) -> Span:
    _, _, s_sent, s_tok, e_sent, e_tok = row.split("\t")[:6]
    return tokens[int(s_sent)][int(s_tok)][0], tokens[int(e_sent)][int(e_tok)][1]


def read_utf8(path: Path) -> str:
    return path.read_bytes().decode("utf-8")  # no newline translation: offsets stay byte-for-byte


# ---------------------------------------------------------------- spans

def trim(text: str, span: Span) -> Span:
    start, end = span
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def inner(text: str, q) -> Span:
    """The quote without its marks. A quote carried on from the paragraph before starts on a letter."""
    return q.start + (text[q.start] in MARKS), q.end - (q.closed and text[q.end - 1] in MARKS)


def pred_span(text: str, q) -> Span:
    return trim(text, inner(text, q))


def iou(a: Span, b: Span) -> float:
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    if overlap <= 0:
        return 1.0 if a == b else 0.0
    return overlap / (max(a[1], b[1]) - min(a[0], b[0]))


class SpanIndex:
    """Spans sorted by start, for finding the one that best overlaps a query span."""

    def __init__(self, spans: list[Span], items: list):
        order = sorted(range(len(spans)), key=lambda k: spans[k])
        self.spans = [spans[k] for k in order]
        self.items = [items[k] for k in order]
        self.starts = [s for s, _ in self.spans]
        self.longest = max((e - s for s, e in self.spans), default=0)

    def best(self, span: Span):
        """(item, iou) of the span with the highest IoU with `span`, or (None, 0.0)."""
        best, score = None, 0.0
        k = bisect.bisect_right(self.starts, span[1])
        while k > 0 and self.starts[k - 1] >= span[0] - self.longest:
            k -= 1
            value = iou(span, self.spans[k])
            if value > score:
                best, score = self.items[k], value
        return best, score


# ---------------------------------------------------------------- evaluation

def evaluate(case: Case, show: int) -> Result:
    import ficlens

    result = Result(case)
    began = time.perf_counter()
    doc = ficlens.analyze(case.path, nlp=False)
    result.counts["seconds"] = time.perf_counter() - began
    raw = read_utf8(case.path)
    if doc.text != raw:
        warn(f"{case.name}: doc.text differs from the file read as UTF-8 at offset "
             f"{first_difference(doc.text, raw)}; offsets would not line up, skipped")
        result.counts["skipped"] = 1
        return result
    story = [p.region == "story" for p in doc.paragraphs]
    top = [q for q in doc.quotes if q.parent is None]
    if case.sentence_lines:
        top = join_lines(doc.text, top)
    preds = SpanIndex([pred_span(doc.text, q) for q in top], top)
    gold_spans = [(trim(doc.text, s), n) for n, quotation in enumerate(case.quotations) for s in quotation]
    golds = SpanIndex([s for s, _ in gold_spans], gold_spans)
    matched = score_recall(doc, gold_spans, preds, result)
    score_precision(doc, top, story, golds, result)
    if case.grouped:
        score_links(doc, case, top, matched, preds, golds, result)
    result.errors = {kind: sample(items, show) for kind, items in result.errors.items()}
    return result


def join_lines(text: str, top: list) -> list:
    """Rejoin the parts of one utterance that a sentence-per-line layout cut at a line break."""
    joined = []
    for q in top:
        last = joined[-1] if joined else None
        if last and last.utterance == q.utterance and not last.closed and not text[last.end:q.start].strip():
            joined[-1] = replace(last, end=q.end, closed=q.closed)
        else:
            joined.append(q)
    return joined


def score_recall(doc, gold_spans, preds: SpanIndex, result: Result) -> dict[Span, object]:
    """Count exact and lenient matches; return the prediction each gold span matched (lenient)."""
    matched = {}
    for span, _ in gold_spans:
        q, score = preds.best(span)
        result.counts["gold"] += 1
        result.counts["exact"] += q is not None and pred_span(doc.text, q) == span
        if score >= IOU:
            result.counts["lenient"] += 1
            matched[span] = q
        else:
            result.errors.setdefault("missed", []).append(describe_miss(doc, span, q, score))
    return matched


def score_precision(doc, top, story: list[bool], golds: SpanIndex, result: Result) -> None:
    for q in top:
        if not story[q.paragraph]:
            continue
        _, score = golds.best(pred_span(doc.text, q))
        ok = score >= IOU
        key = "pred" if q.kind in SPOKEN else "other"
        result.counts[key] += 1
        result.counts[key + "_ok"] += ok
        if key == "pred" and not ok:
            note = f"kind={q.kind}{'' if q.closed else ' unclosed'} best-gold-IoU={score:.2f}"
            result.errors.setdefault("false positive", []).append(show_span(doc.text, (q.start, q.end), note))


def score_links(doc, case: Case, top, matched, preds: SpanIndex, golds: SpanIndex, result: Result) -> None:
    for quotation in case.quotations:
        spans = [trim(doc.text, s) for s in quotation]
        if len(spans) < 2 or any(s not in matched for s in spans):
            continue
        ok = len({matched[s].utterance for s in spans}) == 1
        count_link(result, "link_g", ok, doc.text, spans, "gold quotation split over utterances")
    for parts in utterances(top):
        owners = [golds.best(pred_span(doc.text, q)) for q in parts]
        if len(parts) < 2 or any(score < IOU for _, score in owners):
            continue
        ok = len({n for (_, n), _ in owners}) == 1
        count_link(result, "link_p", ok, doc.text, [(q.start, q.end) for q in parts],
                   "predicted utterance spans gold quotations")


def utterances(top) -> list[list]:
    groups: dict[str, list] = {}
    for q in top:
        groups.setdefault(q.utterance, []).append(q)
    return list(groups.values())


def count_link(result: Result, key: str, ok: bool, text: str, spans: list[Span], label: str) -> None:
    result.counts[key] += 1
    result.counts[key + "_ok"] += ok
    if not ok:
        note = " + ".join(f"[{s},{e})" for s, e in spans)
        result.errors.setdefault(label, []).append(show_span(text, (spans[0][0], spans[-1][1]), note))


def describe_miss(doc, span: Span, q, score: float) -> str:
    region = paragraph_region(doc, span[0])
    if region != "story":
        note = f"in {region} paragraph"
    elif q is None:
        note = nested_note(doc, span) or "no overlapping prediction"
    else:
        note = f"{overlap_shape(span, pred_span(doc.text, q))}, IoU {score:.2f}, {q.kind}: "
        note += flat(repr(doc.text[q.start:q.end][:50]))
    return show_span(doc.text, span, note)


def overlap_shape(gold: Span, pred: Span) -> str:
    if pred[0] <= gold[0] and gold[1] <= pred[1]:
        return "inside a longer prediction"
    if gold[0] <= pred[0] and pred[1] <= gold[1]:
        return "prediction covers only part"
    return "prediction overlaps partly"


def nested_note(doc, span: Span) -> str:
    for q in doc.quotes:
        if q.parent is not None and iou(pred_span(doc.text, q), span) >= IOU:
            return f"found only as a quote nested in {q.parent}"
    return ""


def paragraph_region(doc, offset: int) -> str:
    k = bisect.bisect_right([p.start for p in doc.paragraphs], offset) - 1
    return doc.paragraphs[k].region if k >= 0 else "(before first paragraph)"


# ---------------------------------------------------------------- output

def show_span(text: str, span: Span, note: str) -> str:
    start, end = span
    body = text[start:end]
    if len(body) > 160:
        body = body[:75] + " [...] " + body[-75:]
    shown = f"{text[max(0, start - CONTEXT):start]}⟦{body}⟧{text[end:end + CONTEXT]}"
    return f"@{start}: {flat(shown)}\n        ({note})"


def flat(s: str) -> str:
    return s.replace("\n", "⏎")


def sample(items: list, n: int) -> list:
    """n items spread evenly over the list (so they come from the whole book, not chapter one)."""
    if len(items) <= n:
        return items
    return [items[k * len(items) // n] for k in range(n)]


def first_difference(a: str, b: str) -> int:
    return next((k for k, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))


def ratio(c: Counter, key: str, total: str) -> str:
    return f"{c[key] / c[total]:.3f}" if c[total] else "  -  "


def link(c: Counter, key: str) -> str:
    return f"{ratio(c, key + '_ok', key)} ({c[key]})" if c[key] else "-"


HEADER = (f"{'document':<28} {'gold':>6} {'exact':>6} {'lenient':>7} {'pred':>6} {'P':>6} "
          f"{'other':>11} {'link-g':>12} {'link-p':>12} {'sec':>6}")


def row(name: str, c: Counter) -> str:
    other = f"{c['other_ok']}/{c['other']}"
    return (f"{name[:28]:<28} {c['gold']:>6} {ratio(c, 'exact', 'gold'):>6} {ratio(c, 'lenient', 'gold'):>7} "
            f"{c['pred']:>6} {ratio(c, 'pred_ok', 'pred'):>6} {other:>11} {link(c, 'link_g'):>12} "
            f"{link(c, 'link_p'):>12} {c['seconds']:>6.2f}")


def report(corpus: str, results: list[Result], show: int) -> None:
    print(f"\n== {corpus} ==  (other = matching gold / all other-kind; link = share ok (n))")
    print(HEADER)
    pooled = Counter()
    for r in results:
        print(row(r.case.name, r.counts) + ("  SKIPPED" if r.counts["skipped"] else ""))
        pooled.update(r.counts)
    print(row(f"POOLED ({len(results)})", pooled))
    print(f"pooled: exact recall {ratio(pooled, 'exact', 'gold')}, "
          f"lenient recall {ratio(pooled, 'lenient', 'gold')}, precision {ratio(pooled, 'pred_ok', 'pred')}, other-kind that were gold "
          f"{pooled['other_ok']}/{pooled['other']}, link-g {link(pooled, 'link_g')}, "
          f"link-p {link(pooled, 'link_p')}, {pooled['seconds'] / max(len(results), 1):.2f} s per document")
    if show:
        print_errors(results)


def print_errors(results: list[Result]) -> None:
    for r in results:
        for kind, items in r.errors.items():
            if items:
                print(f"\n-- {r.case.name}: {kind} --")
                print("\n".join(f"  {item}" for item in items))


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


# ---------------------------------------------------------------- main

LOADERS = {"pdnc": ("pdnc", pdnc_cases), "litbank": ("litbank/quotations", litbank_cases)}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print up to N missed gold spans and N false positives per document")
    parser.add_argument("--novels", default="", help="comma-separated novel/document names (default: all)")
    parser.add_argument("--corpus", default="pdnc,litbank", help="comma-separated: pdnc, litbank")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if not DATA.is_dir():
        sys.exit(f"bench/quotes.py: data directory not found: {DATA} (expected ../shared/data from {ROOT})")
    wanted = {n.strip() for n in args.novels.split(",") if n.strip()}
    corpora = {c: load_corpus(c, wanted) for c in [c.strip() for c in args.corpus.split(",") if c.strip()]}
    unknown = wanted - {case.name for cases in corpora.values() for case in cases}
    if unknown:
        sys.exit(f"bench/quotes.py: no such novel or document: {', '.join(sorted(unknown))}")
    for corpus, cases in corpora.items():
        if cases:
            report(corpus, [evaluate(c, args.errors) for c in cases], args.errors)


def load_corpus(corpus: str, wanted: set[str]) -> list[Case]:
    if corpus not in LOADERS:
        sys.exit(f"bench/quotes.py: unknown corpus {corpus!r} (choose from {', '.join(LOADERS)})")
    folder, load = LOADERS[corpus]
    if not (DATA / folder).is_dir():
        sys.exit(f"bench/quotes.py: corpus folder not found: {DATA / folder}")
    return [c for c in load(DATA / folder) if not wanted or c.name in wanted]


if __name__ == "__main__":
    main()
