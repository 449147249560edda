"""Speed of ficlens against a bare spaCy pass over the same paragraphs, in the same process.

    .venv/bin/python bench/speed.py [FILES...]

Without FILES it reads ../shared/data/bench/the_secret_garden.txt and the five seeds. Prints, per
text: tokens, seconds for the whole analysis, tokens/second, the bare spaCy pass (nlp.pipe over
the same paragraphs with the same batch size: the floor), the ratio, and time per stage; then the
model load time and the peak RSS of the process.
"""
from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"


def default_files() -> list[Path]:
    files = [DATA / "bench" / "the_secret_garden.txt"] + sorted((DATA / "seeds").glob("*.txt"))
    missing = [f for f in files if not f.exists()]
    if missing:
        sys.exit(f"error: benchmark data not found: {missing[0]} (expected ../shared/data beside the project)")
    return files


def bare_spacy_seconds(nlp, doc) -> float:
    from ficlens.nlp import BATCH_SIZE

    texts = [doc.text[p.start:p.end] for p in doc.paragraphs]
    started = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=BATCH_SIZE):
        pass
    return time.perf_counter() - started


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str]) -> None:
    from ficlens import analyze
    from ficlens.nlp import load

    files = [Path(a) for a in argv] or default_files()
    started = time.perf_counter()
    nlp = load()
    load_seconds = time.perf_counter() - started
    analyze("Warm-up. \"Hello,\" she said.")  # first call pays for lazy initialisation
    header = f"{'text':34} {'tokens':>7} {'total s':>8} {'tok/s':>7} {'spaCy s':>8} {'ratio':>6}  stages (s)"
    print(header)
    print("-" * len(header))
    totals = [0, 0.0, 0.0]
    for path in files:
        doc = analyze(path)
        total = sum(doc.timings.values())
        bare = bare_spacy_seconds(nlp, doc)
        stages = " ".join(f"{k}={v:.2f}" for k, v in doc.timings.items())
        print(f"{path.name[:34]:34} {len(doc.tokens):7d} {total:8.2f} {len(doc.tokens) / total:7.0f} "
              f"{bare:8.2f} {total / bare:6.2f}  {stages}")
        totals[0] += len(doc.tokens)
        totals[1] += total
        totals[2] += bare
    print("-" * len(header))
    print(f"{'all':34} {totals[0]:7d} {totals[1]:8.2f} {totals[0] / totals[1]:7.0f} {totals[2]:8.2f} "
          f"{totals[1] / totals[2]:6.2f}")
    print(f"model load {load_seconds:.2f} s, peak RSS {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])
