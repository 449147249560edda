"""Benchmark ficlens speaker and addressee attribution on PDNC, leaving novels out.

Usage, from the project root:
    .venv/bin/python bench/attribution.py [--folds 5] [--cast] [--novels A,B] [--shipped] [--litbank]
                                          [--any-gold-name]

End to end: ficlens finds its own characters; a quote's predicted speaker is right when that
character maps by its names to the gold speaker (bench/pdnc.py), among the gold characters the
quotations name as speaker or addressee when it has a name of one (PDNC's casts list some people
twice: 'Mr. Crawford' beside Henry Crawford); `--any-gold-name` maps over every gold name, as
sessions before 17 did. Each fold trains the ranker
(scripts/train_attribution.py's recipe) on the other novels (and, with `--litbank`, the LitBank
quotations), and decodes the held-out ones as ficlens does at run time. `--cast` analyses with the
gold cast given as `--characters` would. `--shipped` scores the shipped model instead (trained on
all novels: not a held-out figure).

Rows: gold quotes, share aligned to a ficlens quote, speaker accuracy overall and by PDNC quote
type (explicit / anaphoric / implicit), and addressee accuracy (quotes with gold addressees whose
predicted addressees include one of them).
"""
from __future__ import annotations

import argparse
import copy
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))

import litbank  # noqa: E402
import pdnc  # noqa: E402

LITBANK = pdnc.DATA / "litbank"

TYPES = ("Explicit", "Anaphoric", "Implicit")


class Novel:
    """A PDNC novel analysed by ficlens, with its gold quotes lined up with ficlens utterances."""

    def __init__(self, folder: Path, cast: bool = False, any_gold_name: bool = False):
        """`any_gold_name`: map characters over every gold name, not first among the gold characters
        that speak or are spoken to (pdnc.character_map)."""
        self.name = folder.name
        self.golds = pdnc.gold_cast(folder)
        self.line_up(pdnc.analysed(folder, cast=cast), pdnc.gold_quotes(folder, self.golds))
        heard = None if any_gold_name else pdnc.heard(self.quotes)
        self.to_gold = pdnc.character_map(self.doc.characters, self.golds, heard)

    def line_up(self, doc, quotes: list) -> None:
        """Hold the analysis and the gold quotes, each lined up with the ficlens quotes it overlaps."""
        self.doc, self.quotes = doc, quotes
        aligned = pdnc.align(doc, quotes)
        self.gold_by_quote = {qid: g for g in quotes for qid in aligned.get(g.id, ())}
        self.first_quote = {g.id: aligned[g.id][0] for g in quotes if aligned.get(g.id)}
        self.mentions = copy.deepcopy(doc.mentions)
        self.rows = ([], [], [])
        self.addressee_rows = ([], [])

    @classmethod
    def all(cls, cast: bool = False, wanted: set[str] = frozenset(), any_gold_name: bool = False) -> list["Novel"]:
        folders = sorted(p for p in (pdnc.DATA / "pdnc").iterdir() if p.is_dir())
        return [cls(f, cast, any_gold_name) for f in folders if not wanted or f.name in wanted]

    def gold_quote(self, u):
        """The gold quotation an utterance lines up with, if any."""
        return next((self.gold_by_quote[q.id] for q in u.quotes if q.id in self.gold_by_quote), None)

    def gold_speaker(self, u) -> str | None:
        g = self.gold_quote(u)
        return g.speaker if g is not None else None

    def gold_of(self, character: str | None) -> str | None:
        return self.to_gold.get(character) if character else None

    def character_for(self, gold: str | None, preferred: list[str]) -> str | None:
        """The predicted character standing for a gold one, among `preferred` first."""
        if gold is None:
            return None
        found = [c for c in preferred if self.to_gold.get(c) == gold]
        found = found or [c for c, g in self.to_gold.items() if g == gold]
        return found[0] if found else None

    def reset(self) -> None:
        self.doc.mentions = copy.deepcopy(self.mentions)
        for q in self.doc.quotes:
            q.speaker, q.addressees, q.confidence = None, [], None


class Excerpt(Novel):
    """A LitBank document with quotations, lined up as a novel is, to train the speaker ranker on:
    gold speakers are coreference chains, and a ficlens character stands for the chain most of its
    mentions fall in. LitBank gives no quote types and no addressees."""

    def __init__(self, conll: Path):
        tokens, sentences, chains = litbank.read_conll(conll)
        text, offsets = litbank.detokenize(tokens, sentences)
        self.name = f"litbank/{conll.stem}"
        said = litbank.read_quotations(LITBANK / "quotations" / f"{conll.stem}.ann", tokens, sentences)
        chain_of = {label: litbank.speaker_chain(label, tokens, chains) for label in {q.speaker for q in said}
                    if label}
        quotes = [pdnc.GoldQuote(q.id, [(offsets[q.tokens[0]][0], offsets[q.tokens[1]][1])],
                                 chain_of.get(q.speaker), [], "", "") for q in said]
        self.line_up(pdnc.cached(f"litbank-{conll.stem}", lambda: _analyse(text)), quotes)
        self.to_gold = chain_map(self.doc.mentions, litbank.SpanIndex(chains.items(), offsets))

    @classmethod
    def all(cls) -> list["Excerpt"]:
        """The LitBank documents whose quotations name a speaker."""
        found = sorted(p for p in (LITBANK / "quotations").glob("*.ann") if "ATTRIB\t" in p.read_text(encoding="utf-8"))
        return [cls(LITBANK / "coref" / f"{p.stem}.conll") for p in found]


def _analyse(text: str):
    import ficlens

    return ficlens.analyze(text, attribution=False)


def chain_map(mentions: list[dict], chains: "litbank.SpanIndex") -> dict[str, str]:
    """ficlens character id -> the coreference chain most of its mentions are (characters none of
    whose mentions is a chain's are left out, and so map to no gold speaker)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for m in mentions:
        chain = chains.entity(m["start"], m["end"]) if m.get("character") else None
        if chain is not None:
            votes[m["character"]][chain] += 1
    return {c: v.most_common(1)[0][0] for c, v in votes.items()}


def score_novel(novel: Novel, ranker, addressee_ranker=None) -> Counter:
    from ficlens.attribution import attribute

    novel.reset()
    attribute(novel.doc, ranker, addressee_ranker)
    by_id = {q.id: q for q in novel.doc.quotes}
    return tally(novel.quotes, {g.id: by_id.get(novel.first_quote.get(g.id, "")) for g in novel.quotes},
                 novel.gold_of)


def why_wrong(novel: Novel) -> Counter:
    """After `score_novel`: each gold line with a speaker in one bucket, by quote type: right; no
    character maps to the gold speaker; none of the candidates does; a speech tag named another;
    the ranker chose another among the candidates. The walk is replayed with the speakers chosen.
    Counted by utterance (the gold line any of its quotes lines up with), so the totals differ a
    little from the table's, which reads each gold line's first quote."""
    from ficlens.attribution import Attributor, context, utterances

    us = utterances(novel.doc)
    state = Attributor(novel.doc, context(novel.doc), us)
    speaking = set(novel.to_gold.values())
    counts = Counter()
    for k, u in enumerate(us):
        g, speaker = novel.gold_quote(u), u.quotes[0].speaker
        if g is not None and g.speaker:
            if novel.gold_of(speaker) == g.speaker:
                why = "right"
            elif g.speaker not in speaking:
                why = "no character"
            elif not any(novel.gold_of(c) == g.speaker for c in state.candidates(u)):
                why = "no candidate"
            else:
                why = "tag" if state.tags[k] is not None else "ranker"
            counts[(g.qtype, why)] += 1
        state.update(u, speaker)
    return counts


WHY = ("right", "no character", "no candidate", "tag", "ranker")


def print_why(counts: Counter) -> None:
    print(f"{'lines by type':<14}" + "".join(f"{w:>14}" for w in WHY))
    for t in TYPES:
        print(f"{t:<14}" + "".join(f"{counts[(t, w)]:>14}" for w in WHY))


def tally(golds, predicted: dict, gold_of) -> Counter:
    """Counts over the gold quotes with a speaker: aligned, speaker right (overall and by type), and
    addressee right. `predicted` maps a gold quote id to the ficlens quote lined up with it (or
    None); `gold_of` maps a predicted character id to a gold one."""
    c = Counter()
    for g in golds:
        if g.speaker is None:
            continue
        q = predicted.get(g.id)
        ok = q is not None and gold_of(q.speaker) == g.speaker
        c.update({"gold": 1, "aligned": q is not None, "ok": ok, f"{g.qtype}": 1, f"{g.qtype}_ok": ok})
        if g.addressees:
            hit = q is not None and any(gold_of(a) in g.addressees for a in q.addressees)
            c.update({"addr": 1, "addr_ok": hit})
    return c


def summary(counters) -> dict:
    c = sum(counters, Counter()) if isinstance(counters, list) else counters
    out = {"quotes": c["gold"], "aligned": _share(c["aligned"], c["gold"]),
           "speaker_accuracy": _share(c["ok"], c["gold"])}
    out.update({t.lower(): _share(c[f"{t}_ok"], c[t]) for t in TYPES})
    out["addressee_accuracy"] = _share(c["addr_ok"], c["addr"])
    return out


def _share(num: int, den: int) -> float:
    return round(num / den, 4) if den else 0.0


def row(name: str, c: Counter) -> str:
    s = summary(c)
    return (f"{name[:28]:<28} {s['quotes']:>6} {s['aligned']:>7.3f} {s['speaker_accuracy']:>7.3f} "
            f"{s['explicit']:>7.3f} {s['anaphoric']:>7.3f} {s['implicit']:>7.3f} {s['addressee_accuracy']:>7.3f}")


def main(argv: list[str] | None = None) -> None:
    import train_attribution as T
    from ficlens.attribution import Ranker, load_addressee_ranker, load_ranker

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cast", action="store_true", help="analyse with the gold cast (--characters)")
    parser.add_argument("--shipped", action="store_true", help="score the shipped model (not held out)")
    parser.add_argument("--novels", default="", help="comma-separated novel names (default: all 22)")
    parser.add_argument("--litbank", action="store_true", help="train the fold models on LitBank's quotations too")
    parser.add_argument("--why", action="store_true", help="also count the wrong lines by cause (`why_wrong`)")
    parser.add_argument("--any-gold-name", action="store_true",
                        help="map characters over every gold name, speaking or not (before session 17)")
    args = parser.parse_args(argv)
    began = time.time()
    novels = Novel.all(args.cast, {n for n in args.novels.split(",") if n}, args.any_gold_name)
    results: dict[str, Counter] = {}
    causes = Counter()

    def scored(n: Novel, speaking: Ranker, listening: Ranker) -> Counter:
        counts = score_novel(n, speaking, listening)
        causes.update(why_wrong(n) if args.why else {})
        return counts

    if args.shipped:
        results = {n.name: scored(n, load_ranker(), load_addressee_ranker()) for n in novels}
    else:
        T.with_rows(novels)
        excerpts = T.with_rows(Excerpt.all()) if args.litbank else []
        shipped, listening = load_ranker(), load_addressee_ranker().threshold
        for k in range(args.folds):
            test = novels[k::args.folds]
            booster, addressee_booster = T.train([n for n in novels if n not in test] + excerpts)
            speaking = Ranker(booster, shipped.threshold, shipped.temperature)
            results.update({n.name: scored(n, speaking, Ranker(addressee_booster, listening)) for n in test})
    print(f"== PDNC attribution, {'shipped model' if args.shipped else f'{args.folds}-fold leave-novels-out'}, "
          f"{'gold cast given' if args.cast else 'own characters'}"
          f"{', every gold name mapped' if args.any_gold_name else ''} ==")
    pooled = print_table(results)
    print(f"pooled: {summary(pooled)}  ({time.time() - began:.0f} s)")
    if args.why:
        print_why(causes)


def print_table(results: dict[str, Counter]) -> Counter:
    """Per-novel rows and the pooled line; returns the pooled counts."""
    print(f"{'novel':<28} {'quotes':>6} {'aligned':>7} {'speaker':>7} {'explic':>7} {'anaph':>7} {'implic':>7} "
          f"{'addr':>7}")
    for name in sorted(results):
        print(row(name, results[name]))
    pooled = sum(results.values(), Counter())
    print(row(f"POOLED ({len(results)})", pooled))
    return pooled


if __name__ == "__main__":
    main()
