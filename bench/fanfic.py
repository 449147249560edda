"""Speaker and addressee accuracy of ficlens on the labelled seed fics (bench/fanfic_gold/).

Usage, from the project root:
    .venv/bin/python bench/fanfic.py [--cast] [--fit]

The labels were made by a helper agent reading each fic (bench/fanfic_gold/README.md), not by a
human annotator; they are for evaluation only and nothing is trained or tuned on them. Scored as
bench/attribution.py scores PDNC: a speech quote with a gold speaker is right when the predicted
speaker's names belong to that gold character (bench/pdnc.py's character map over the name forms
the label file lists). `--cast` gives the labelled characters and their name forms as the cast.
`--fit` scores with a speaker model fitted here, on the gold turns of all 22 PDNC novels
(bench/.cache) at temperature 1.5, instead of the shipped one: the same recipe for the code at
hand, to compare code changes on the fics without the training script's model selection.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import pdnc  # noqa: E402
from attribution import row, tally  # noqa: E402

GOLD = ROOT / "bench" / "fanfic_gold"
SEEDS = pdnc.DATA / "seeds"
TYPES = {"explicit": "Explicit", "anaphoric": "Anaphoric", "implicit": "Implicit"}


def labelled(path: Path) -> tuple[list[pdnc.GoldCharacter], list[pdnc.GoldQuote]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    golds = [pdnc.GoldCharacter(name, name, {name, *forms}, "X", "major") for name, forms in data["characters"].items()]
    quotes = [pdnc.GoldQuote(str(k), [(q["start"] + 1, q["end"] - 1)], q["speaker"], q["addressees"],
                             TYPES.get(q["type"], ""), q["text"])
              for k, q in enumerate(data["quotes"]) if q["kind"] == "speech"]
    return golds, quotes


def score(path: Path, cast: bool) -> Counter:
    import ficlens

    golds, quotes = labelled(path)
    members = pdnc.cast_members(golds) if cast else None
    doc = ficlens.analyze(SEEDS / f"{path.stem}.txt", cast=members)
    aligned = pdnc.align(doc, quotes)
    to_gold = pdnc.character_map(doc.characters, golds, pdnc.heard(quotes))
    by_id = {q.id: q for q in doc.quotes}
    return tally(quotes, {g.id: by_id.get((aligned.get(g.id) or [""])[0]) for g in quotes}, to_gold.get)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cast", action="store_true", help="give the labelled characters as the cast")
    parser.add_argument("--fit", action="store_true", help="fit the gold-turn speaker model on PDNC and use it")
    args = parser.parse_args(argv)
    began = time.time()
    if args.fit:
        _use_fitted_model()
    results = {p.stem: score(p, args.cast) for p in sorted(GOLD.glob("*.json"))}
    model = "model fitted on PDNC gold turns" if args.fit else "shipped model"
    print(f"== seed fics, {model}, {'cast given' if args.cast else 'own characters'} ==")
    print(f"{'fic':<28} {'quotes':>6} {'aligned':>7} {'speaker':>7} {'explic':>7} {'anaph':>7} {'implic':>7} "
          f"{'addr':>7}")
    for name, c in results.items():
        print(row(name, c))
    print(row(f"POOLED ({len(results)})", sum(results.values(), Counter())))
    print(f"({time.time() - began:.0f} s)")


def _use_fitted_model(temperature: float = 1.5) -> None:
    """Make attribution use a speaker model fitted on the gold turns of all PDNC novels."""
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_attribution
    from attribution import Novel
    from training import fit

    from ficlens import attribution as stage

    booster = fit([train_attribution.rows_of(n) for n in Novel.all(cast=False)], stage.FEATURES,
                  train_attribution.RANKING)
    fitted = stage.Ranker(booster, 0.0, temperature)
    stage.load_ranker = lambda: fitted


if __name__ == "__main__":
    main()
