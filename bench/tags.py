"""The speakers read off the text alone on PDNC: how many lines a speech tag, lead-in or lone beat
names a speaker for (the `tags` attribution trusts without the model), and how many are right.

Usage, from the project root:
    .venv/bin/python bench/tags.py [--cast]

No model is trained or run, so the figures move only with the code that reads the text: a change to
speech tags, lead-ins or the parse can be judged by them where the held-out speaker accuracy, which
moves by up to 0.3 points when the ranker is retrained on slightly different rows, cannot tell.
Prints per novel and pooled: the gold lines, those tagged, those whose tag is the gold speaker,
those with a he/she tag, and those led into by the paragraph before.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from attribution import Novel  # noqa: E402

from ficlens.attribution import Attributor, context, utterances  # noqa: E402

COLUMNS = ("lines", "tagged", "right", "wrong", "pronoun", "lead_in")


def counts(novel: Novel) -> Counter:
    """The novel's gold lines, and those its text alone names a speaker for, right or wrong."""
    doc = novel.doc
    us = utterances(doc)
    state = Attributor(doc, context(doc), us)
    found = Counter()
    for k, u in enumerate(us):
        gold = novel.gold_speaker(u)
        if gold is None:
            continue
        found["lines"] += 1
        if state.tags[k]:
            found["tagged"] += 1
            found["right" if novel.gold_of(state.tags[k]) == gold else "wrong"] += 1
        found["pronoun"] += state.pronouns[k][0] is not None
        found["lead_in"] += bool(state.leads[k])
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cast", action="store_true", help="the gold cast given as the user's character list")
    args = parser.parse_args(argv)
    total = Counter()
    print(f"{'novel':<30}" + "".join(f"{c:>9}" for c in COLUMNS))
    for novel in Novel.all(args.cast):
        found = counts(novel)
        total.update(found)
        print(f"{novel.name:<30}" + "".join(f"{found[c]:>9}" for c in COLUMNS))
    print(f"{'POOLED':<30}" + "".join(f"{total[c]:>9}" for c in COLUMNS))
    precision, share = total["right"] / max(total["tagged"], 1), total["tagged"] / total["lines"]
    print(f"tag precision {precision:.4f}, lines tagged {share:.4f}")


if __name__ == "__main__":
    main()
