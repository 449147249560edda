"""Benchmark ficlens character detection and coreference against gold annotations (PDNC and LitBank).

Usage, from the project root:
    .venv/bin/python bench/characters.py [--novels A,B] [--corpus pdnc,litbank] [--selftest]

PDNC (character_info.csv, whole novels; a predicted character's names are its `name` and alias texts,
compared lower-cased with surrounding whitespace and punctuation stripped):
  gold        major + intermediate gold characters
  recall      share of those with a predicted character carrying one of their names
  pred5       predicted characters with mention_count >= 5
  matched     of pred5, those with at least one name that is a gold name (the rest: unmatched)
  P-alias     of matched, the share whose gold-named names all belong to one gold character
              (names that are no gold character's name are ignored)
  gender      matched characters whose gold Gender is M/F and whose pronouns are set: share where
              pronouns start with "he" (M) / "she" (F); coverage = pronouns set / gold M or F
              (the pooled line also scores the characters' "gender" field, M/F, the same way)
LitBank (coref/*.conll, gold mentions of PER entities only; scored on predicted mentions whose
character offsets fall exactly on a gold token span, see litbank_case):
  MUC, B3, CEAF-e  F1 (with P/R on the pooled lines), CoNLL = mean of the three F1
  pron        gold pronoun mentions (whose entity has another gold mention) whose predicted character
              is that of some other gold mention of the same entity
"""
from __future__ import annotations

import argparse
import ast
import csv
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from litbank import (coref_counts, detokenize, f1s,  # noqa: E402
                     litbank_case, predicted_clusters, prf, pronoun_counts, PRONOUN_CLASSES)

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
STRIP = " \t\r\n\f\v\u00a0.,;:!?\"'“”‘’`()[]{}-—_*"
MIN_MENTIONS = 5
BOOKNLP = "BookNLP published LitBank CoNLL F1: 76.4 (small) / 79.0 (big) (all entity types, not PER only)"


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def norm(name: str) -> str:
    return " ".join(name.strip(STRIP).lower().split())


def ratio(num: float, den: float) -> str:
    return f"{num / den:.3f}" if den else "  -  "


# ---------------------------------------------------------------- PDNC

@dataclass
class Gold:
    ident: str
    names: set[str]
    gender: str
    category: str


def pdnc_gold(folder: Path) -> list[Gold]:
    with open(folder / "character_info.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    golds = []
    for r in rows:
        aliases = ast.literal_eval(r["Aliases"]) if r["Aliases"].strip() else set()
        names = {norm(n) for n in {r["Main Name"], *aliases}} - {""}
        golds.append(Gold(r["Character ID"], names, r["Gender"].strip(), r["Category"].strip().lower()))
    return golds


def predicted_names(char: dict) -> set[str]:
    texts = [a["text"] for a in char.get("aliases") or []] + [char.get("name") or ""]
    return {norm(t) for t in texts} - {""}


def score_pdnc(golds: list[Gold], characters: list[dict]) -> Counter:
    c = Counter()
    owners = defaultdict(set)
    for g in golds:
        for n in g.names:
            owners[n].add(g.ident)
    found = set().union(*(predicted_names(ch) for ch in characters)) if characters else set()
    for g in golds:
        if g.category in ("major", "intermediate"):
            c["gold"] += 1
            c["found"] += bool(g.names & found)
    by_id = {g.ident: g for g in golds}
    for ch in characters:
        if (ch.get("mention_count") or 0) >= MIN_MENTIONS:
            score_predicted(ch, owners, by_id, c)
    return c


def score_predicted(ch: dict, owners: dict, by_id: dict, c: Counter) -> None:
    c["pred5"] += 1
    sets = [owners[n] for n in predicted_names(ch) if n in owners]
    if not sets:
        c["unmatched"] += 1
        return
    c["matched"] += 1
    c["pure"] += bool(set.intersection(*sets))
    gold = by_id[best_owner(ch, owners)]
    if gold.gender in ("M", "F"):
        c["gender_gold"] += 1
        if ch.get("gender") in ("M", "F"):  # the characters' own "gender" field, beyond the contract
            c["gfield_n"] += 1
            c["gfield_ok"] += ch["gender"] == gold.gender
        pronouns = ch.get("pronouns")
        if pronouns:
            c["gender_n"] += 1
            c["gender_ok"] += pronouns.strip().lower().startswith("he" if gold.gender == "M" else "she")


def best_owner(ch: dict, owners: dict) -> str:
    """The gold character the predicted one's aliases point to most, weighted by alias counts."""
    votes = Counter()
    for a in ch.get("aliases") or []:
        for ident in owners.get(norm(a["text"]), ()):
            votes[ident] += a.get("count") or 1
    for ident in owners.get(norm(ch.get("name") or ""), ()):
        votes[ident] += 0.5  # tie-breaker
    return votes.most_common(1)[0][0]


def pdnc_docs(root: Path, wanted: set[str]) -> list[Path]:
    return [p for p in sorted(root.iterdir())
            if (p / "character_info.csv").is_file() and (not wanted or p.name in wanted)]


def run_pdnc(folder: Path) -> Counter:
    import ficlens

    began = time.perf_counter()
    doc = ficlens.analyze(folder / "novel_text.txt")
    c = score_pdnc(pdnc_gold(folder), doc.characters)
    c["npred"] = len(doc.characters)
    c["seconds"] = time.perf_counter() - began
    return c


PDNC_HEADER = (f"{'novel':<28} {'gold':>5} {'recall':>7} {'chars':>6} {'pred5':>6} {'matched':>8} "
               f"{'P-alias':>8} {'unmatched':>9} {'gender':>7} {'cover':>6} {'sec':>6}")


def pdnc_row(name: str, c: Counter) -> str:
    return (f"{name[:28]:<28} {c['gold']:>5} {ratio(c['found'], c['gold']):>7} {c['npred']:>6} {c['pred5']:>6} "
            f"{c['matched']:>8} {ratio(c['pure'], c['matched']):>8} {c['unmatched']:>9} "
            f"{ratio(c['gender_ok'], c['gender_n']):>7} {ratio(c['gender_n'], c['gender_gold']):>6} "
            f"{c['seconds']:>6.1f}")


def report_pdnc(folders: list[Path]) -> None:
    print("\n== pdnc ==", flush=True)
    print(PDNC_HEADER, flush=True)
    pooled = Counter()
    for folder in folders:
        c = run_pdnc(folder)
        pooled.update(c)
        print(pdnc_row(folder.name, c), flush=True)
    print(pdnc_row(f"POOLED ({len(folders)})", pooled))
    print(f"pooled: recall (major+intermediate) {ratio(pooled['found'], pooled['gold'])}, alias precision "
          f"{ratio(pooled['pure'], pooled['matched'])} of {pooled['matched']} matched, {pooled['unmatched']} "
          f"unmatched of {pooled['pred5']} with >= {MIN_MENTIONS} mentions, gender accuracy "
          f"{ratio(pooled['gender_ok'], pooled['gender_n'])} (coverage {ratio(pooled['gender_n'], pooled['gender_gold'])}); from the 'gender' field: "
          f"{ratio(pooled['gfield_ok'], pooled['gfield_n'])} (coverage {ratio(pooled['gfield_n'], pooled['gender_gold'])})",
          flush=True)


# ---------------------------------------------------------------- LitBank

def run_litbank(conll: Path) -> Counter:
    import ficlens

    case = litbank_case(conll)
    began = time.perf_counter()
    doc = ficlens.analyze(case.text)
    if doc.text != case.text:
        warn(f"{case.name}: doc.text differs from the detokenised text; offsets would not line up, skipped")
        return Counter(skipped=1, seconds=time.perf_counter() - began)
    gold = set().union(*case.clusters) if case.clusters else set()
    response, character, off_token = predicted_clusters(case, doc.mentions, gold)
    c = coref_counts(case.clusters, response)
    quoted = [(q.start, q.end) for q in doc.quotes if q.kind in ("speech", "thought", "written")]
    c.update(pronoun_counts(case, character, quoted))
    c.update(gold_m=len(gold), pred_m=sum(map(len, response)), hit_m=len(gold & set(character)),
             off_token=off_token, seconds=time.perf_counter() - began)
    return c


LIT_HEADER = (f"{'document':<28} {'goldM':>6} {'predM':>6} {'exactM':>7} {'offtok':>6} {'MUC':>6} {'B3':>6} "
              f"{'CEAF-e':>6} {'CoNLL':>6} {'pron':>6} {'sec':>6}")


def lit_row(name: str, c: Counter) -> str:
    f = f1s(c)
    return (f"{name[:28]:<28} {c['gold_m']:>6} {c['pred_m']:>6} {c['hit_m']:>7} {c['off_token']:>6} "
            + " ".join(f"{100 * x:>6.1f}" for x in f + [sum(f) / 3])
            + f" {ratio(c['pron_ok'], c['pron']):>6} {c['seconds']:>6.1f}")


def report_litbank(paths: list[Path]) -> None:
    print("\n== litbank ==  (PER entities; mentions: gold / predicted on token spans / predicted on gold spans "
          "/ predicted off token boundaries)", flush=True)
    print(LIT_HEADER, flush=True)
    pooled = Counter()
    for path in paths:
        c = run_litbank(path)
        pooled.update(c)
        print(lit_row(path.stem, c) + ("  SKIPPED" if c["skipped"] else ""), flush=True)
    print(lit_row(f"POOLED ({len(paths)})", pooled))
    for metric, label in (("muc", "MUC"), ("b3", "B3"), ("ceaf", "CEAF-e")):
        p, r, f = prf(pooled, metric)
        print(f"pooled {label:<6}  P {100 * p:5.1f}  R {100 * r:5.1f}  F1 {100 * f:5.1f}")
    print(f"pooled CoNLL F1 {100 * sum(f1s(pooled)) / 3:.1f}; pronoun accuracy "
          f"{ratio(pooled['pron_ok'], pooled['pron'])} ({pooled['pron']} gold pronouns)")
    print("pronoun accuracy by class: " + "; ".join(
        f"{k} {ratio(pooled[f'pron_{k}_ok'], pooled[f'pron_{k}'])} ({pooled[f'pron_{k}']})" for k in PRONOUN_CLASSES)
        + "  (in_quote = I/me/you inside quotations, resolved through speaker attribution)")
    print(BOOKNLP, flush=True)


# ---------------------------------------------------------------- self-test

def selftest() -> None:
    a, b, c, d, e = (0, 0), (1, 1), (2, 2), (3, 3), (4, 4)
    key = [{a, b, c}, {d, e}]
    same = coref_counts(key, [{a, b, c}, {d, e}])
    assert all(abs(x - 1) < 1e-9 for x in f1s(same)), f1s(same)
    # classic MUC example: key {a,b,c,d}, response {a,b},{c,d}: R = 2/3, P = 1
    p, r, _ = prf(coref_counts([{a, b, c, d}], [{a, b}, {c, d}]), "muc")
    assert (p, round(r, 6)) == (1.0, round(2 / 3, 6)), (p, r)
    # B3: key {a,b,c}, response {a,b},{c}: R = (2*2/3 + 1/3)/3 = 5/9, P = 1
    p, r, _ = prf(coref_counts([{a, b, c}], [{a, b}, {c}]), "b3")
    assert p == 1.0 and abs(r - 5 / 9) < 1e-9, (p, r)
    # CEAF-e: key {a,b,c}, response {a,b},{c}: phi4 best = 2*2/5 = 0.8, R = 0.8/1, P = 0.8/2
    p, r, _ = prf(coref_counts([{a, b, c}], [{a, b}, {c}]), "ceaf")
    assert abs(r - 0.8) < 1e-9 and abs(p - 0.4) < 1e-9, (p, r)
    empty = coref_counts(key, [])
    assert f1s(empty) == [0.0, 0.0, 0.0]
    golds = [Gold("0", {"emma", "miss woodhouse"}, "F", "major"), Gold("1", {"frank", "mr. churchill"}, "M", "major"),
             Gold("2", {"mr. churchill"}, "M", "minor")]
    chars = [{"name": "Emma", "aliases": [{"text": "Emma", "count": 9}, {"text": " Miss Woodhouse,", "count": 2},
                                          {"text": "dear", "count": 1}], "pronouns": "she/her", "mention_count": 12},
             {"name": "Frank", "aliases": [{"text": "Frank", "count": 5}, {"text": "Emma", "count": 1}],
              "pronouns": "she/her", "mention_count": 6},
             {"name": "Nobody", "aliases": [{"text": "Nobody", "count": 7}], "pronouns": None, "mention_count": 7}]
    s = score_pdnc(golds, chars)
    assert (s["gold"], s["found"], s["pred5"], s["matched"], s["pure"], s["unmatched"]) == (2, 2, 3, 2, 1, 1), s
    assert (s["gender_gold"], s["gender_n"], s["gender_ok"]) == (2, 2, 1), s
    text, offsets = detokenize(['"', "Hello", ",", '"', "said", "Mary", "."], [0] * 7)
    assert text == '"Hello," said Mary.\n' and text[slice(*offsets[5])] == "Mary", (text, offsets)
    print("selftest ok")


# ---------------------------------------------------------------- main

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--novels", default="", help="comma-separated novel/document names (default: all)")
    parser.add_argument("--corpus", default="pdnc,litbank", help="comma-separated: pdnc, litbank")
    parser.add_argument("--selftest", action="store_true", help="test the scorers on toy examples and exit")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.selftest:
        return selftest()
    if not DATA.is_dir():
        sys.exit(f"bench/characters.py: data directory not found: {DATA} (expected ../shared/data from {ROOT})")
    wanted = {n.strip() for n in args.novels.split(",") if n.strip()}
    corpora = [c.strip() for c in args.corpus.split(",") if c.strip()]
    if unknown := set(corpora) - {"pdnc", "litbank"}:
        sys.exit(f"bench/characters.py: unknown corpus {', '.join(sorted(unknown))} (choose from pdnc, litbank)")
    for corpus, folder in (("pdnc", "pdnc"), ("litbank", "litbank/coref")):
        if corpus in corpora and not (DATA / folder).is_dir():
            sys.exit(f"bench/characters.py: corpus folder not found: {DATA / folder}")
    novels = pdnc_docs(DATA / "pdnc", wanted) if "pdnc" in corpora else []
    docs = [p for p in sorted((DATA / "litbank" / "coref").glob("*.conll")) if not wanted or p.stem in wanted] \
        if "litbank" in corpora else []
    if missing := wanted - {p.name for p in novels} - {p.stem for p in docs}:
        sys.exit(f"bench/characters.py: no such novel or document: {', '.join(sorted(missing))}")
    if novels:
        report_pdnc(novels)
    if docs:
        report_litbank(docs)


if __name__ == "__main__":
    main()
