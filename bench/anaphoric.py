"""Why PDNC's anaphoric quotes ('she said', 'said the old man') are attributed wrongly: a breakdown.

Usage, from the project root:
    .venv/bin/python bench/anaphoric.py

Each anaphoric gold quote is decoded with the shipped speaker model on ficlens's own characters (not
held out) and put in one class: no he/she speech tag found beside it; the gold speaker has no
ficlens character among the candidates; or a tag found and the gold speaker's predicted gender
agrees with it, disagrees, or is unknown. Prints each class's share and its speaker accuracy.
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from attribution import Novel  # noqa: E402

from ficlens.attribution import Attributor, context, decide, load_ranker, utterances  # noqa: E402


def causes(novel: Novel, ranker) -> Counter:
    doc = novel.doc
    ctx = context(doc)
    state = Attributor(doc, ctx, utterances(doc))
    found = Counter()
    for u in state.us:
        cands = state.candidates(u)
        speaker = decide(state, u, ranker)[0] if cands else None
        state.update(u, speaker)
        gold = novel.gold_quote(u)
        if gold is None or gold.qtype != "Anaphoric" or gold.speaker is None:
            continue
        why = cause(state, ctx, u, novel.character_for(gold.speaker, cands))
        found[(why, novel.gold_of(speaker) == gold.speaker)] += 1
    return found


def cause(state: Attributor, ctx, u, gold_character: str | None) -> str:
    pronoun = state.pronoun_tag(u)[0]
    if pronoun is None:
        return "no he/she tag found"
    if gold_character is None:
        return "gold speaker has no character"
    gender = ctx.gender.get(gold_character)
    return "gender unknown" if gender not in ("M", "F") else "gender agrees" if gender == pronoun else "gender wrong"


def main() -> None:
    ranker = load_ranker()
    found = sum((causes(n, ranker) for n in Novel.all()), Counter())
    total = sum(found.values())
    for name in sorted({name for name, _ in found}):
        right, wrong = found[(name, True)], found[(name, False)]
        print(f"{name:<32} {right + wrong:>6} ({(right + wrong) / total:.3f})  accuracy {right / (right + wrong):.3f}")


if __name__ == "__main__":
    main()
