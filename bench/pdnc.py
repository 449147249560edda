"""PDNC gold data for benchmarks: quotations, the cast, alignment with ficlens, cached analyses.

Import from a script with `sys.path.insert(0, "<repo>/bench")`, then `import pdnc`:

    gold_quotes(folder) -> list[GoldQuote]        quotation_info.csv, speakers mapped to Character IDs
    gold_cast(folder) -> list[GoldCharacter]      character_info.csv
    cast_members(golds) -> list[CastMember]       the gold cast as a user would give it (--characters)
    align(doc, quotes) -> {gold quote id: [ficlens quote ids]}
    character_map(characters, golds) -> {predicted character id: gold character id or None}
    analysed(folder, cast=False) -> Document      ficlens.analyze, pickled under bench/.cache/

PDNC's quotation_info.csv names speakers and addressees by name (a Main Name, sometimes an alias,
once with a trailing space), not by Character ID; `gold_quotes` maps them (see `NameIndex`).

Self-check, from the project root (two small novels):
    .venv/bin/python bench/pdnc.py [--novels DaisyMiller,TheGambler] [--cast]
"""
from __future__ import annotations

import argparse
import ast
import bisect
import csv
import hashlib
import os
import pickle
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ficlens.cast import CastMember
    from ficlens.document import Document

sys.path.insert(0, str(Path(__file__).resolve().parent))
from characters import best_owner, norm, predicted_names  # noqa: E402
from quotes import SPOKEN, first_difference, iou, pred_span, read_utf8, trim, warn  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
PDNC = DATA / "pdnc"
SOURCE = ROOT / "src" / "ficlens"
CACHE = ROOT / "bench" / ".cache"
PRONOUNS = {"M": "he/him", "F": "she/her"}
MIN_IOU = 0.5
MIN_CONTAINED = 0.9  # share of the shorter span inside the longer one that counts as containment

Span = tuple[int, int]


# ---------------------------------------------------------------- gold characters

@dataclass
class GoldCharacter:
    """One row of character_info.csv; `aliases` as PDNC lists them (usually the Main Name too)."""

    id: str
    name: str
    aliases: set[str]
    gender: str  # M, F, U (unknown) or X (not annotated)
    category: str  # major, intermediate or minor


def gold_cast(folder: Path) -> list[GoldCharacter]:
    """The characters of a PDNC novel folder, in file order."""
    return [gold_character(row) for row in read_csv(Path(folder) / "character_info.csv")]


def gold_character(row: dict) -> GoldCharacter:
    aliases = ast.literal_eval(row["Aliases"]) if row["Aliases"].strip() else set()  # a set or list literal
    return GoldCharacter(row["Character ID"].strip(), row["Main Name"].strip(), {a.strip() for a in aliases} - {""},
                         row["Gender"].strip(), row["Category"].strip().lower())


def read_csv(path: Path) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def is_junk(name: str) -> bool:
    """PDNC placeholders ('_unknowable', '_group', the narrator's alias '_narr' or 'Narr') and empty names."""
    return not norm(name) or name.strip().startswith("_") or is_narr(name)


def is_narr(name: str) -> bool:
    """The alias PDNC gives the first-person narrator (TheGambler, TheMysteriousAffairAtStyles)."""
    return norm(name) == "narr"


def real_names(g: GoldCharacter) -> list[str]:
    """The Main Name first, then the other aliases (sorted), without placeholders."""
    return [n for n in [g.name, *sorted(g.aliases - {g.name})] if not is_junk(n)]


class NameIndex:
    """Gold character ids by name: Main Name, then an alias owned by one character only, each tried
    as written and then normalised (`characters.norm`: case, spaces and punctuation at the ends)."""

    def __init__(self, golds: list[GoldCharacter]):
        self.tables: list[dict[str, set[str]]] = [defaultdict(set) for _ in range(4)]
        for g in golds:
            self.tables[0][g.name].add(g.id)
            self.tables[2][norm(g.name)].add(g.id)
            for alias in g.aliases | {g.name}:
                self.tables[1][alias].add(g.id)
                self.tables[3][norm(alias)].add(g.id)

    def lookup(self, name: str) -> str | None:
        for k, table in enumerate(self.tables):
            ids = table.get(norm(name) if k >= 2 else name.strip(), set())
            if len(ids) == 1:
                return next(iter(ids))
        return None


# ---------------------------------------------------------------- gold quotations

@dataclass
class GoldQuote:
    """One PDNC quotation. `spans` are its sub-quotations as PDNC gives them (quote marks excluded);
    `speaker` and `addressees` are Character IDs (speaker None when the name maps to no character,
    and such names are listed in `unmapped`); `qtype` is '' where PDNC has none ('nan')."""

    id: str
    spans: list[Span]
    speaker: str | None
    addressees: list[str]
    qtype: str  # Explicit, Anaphoric, Implicit or ''
    text: str
    unmapped: list[str] = field(default_factory=list)


def gold_quotes(folder: Path, golds: list[GoldCharacter] | None = None) -> list[GoldQuote]:
    """The quotations of a PDNC novel folder; warns on stderr about names that map to no character."""
    folder = Path(folder)
    index = NameIndex(golds if golds is not None else gold_cast(folder))
    quotes = [gold_quote(row, index) for row in read_csv(folder / "quotation_info.csv")]
    missing = Counter(name for q in quotes for name in q.unmapped)
    if missing:
        warn(f"{folder.name}: {sum(missing.values())} speaker/addressee names map to no character: "
             + ", ".join(f"{name!r} x{n}" for name, n in missing.most_common()))
    return quotes


def gold_quote(row: dict, index: NameIndex) -> GoldQuote:
    names = ast.literal_eval(row["addressees"]) if row["addressees"].strip() else []
    speaker = index.lookup(row["speaker"])
    addressees = [index.lookup(n) for n in names]
    unmapped = ([row["speaker"]] if speaker is None else []) + [n for n, a in zip(names, addressees) if a is None]
    qtype = row["quoteType"].strip()
    return GoldQuote(row["quoteID"], [tuple(s) for s in ast.literal_eval(row["quoteByteSpans"])], speaker,
                     [a for a in addressees if a is not None], "" if qtype == "nan" else qtype,
                     row["quoteText"], unmapped)


# ---------------------------------------------------------------- the cast a user would give

def cast_members(golds: list[GoldCharacter]) -> list[CastMember]:
    """The gold cast as `--characters` would give it: Main Name, the other aliases, pronouns from
    Gender (M he/him, F she/her, else None). Placeholders are left out, and so is a second entry
    with a name already listed (ficlens refuses repeats)."""
    from ficlens.cast import CastMember

    members, seen = [], set()
    for g in golds:
        names = [" ".join(n.split()) for n in real_names(g)]
        if not names or names[0].casefold() in seen:
            continue
        seen.add(names[0].casefold())
        members.append(CastMember(names[0], tuple(unique_casefold(names[1:], names[0])), PRONOUNS.get(g.gender)))
    return members


def unique_casefold(names: list[str], main: str) -> list[str]:
    seen, kept = {main.casefold()}, []
    for n in names:
        if n.casefold() not in seen:
            seen.add(n.casefold())
            kept.append(n)
    return kept


# ---------------------------------------------------------------- alignment

def align(doc: Document, quotes: list[GoldQuote]) -> dict[str, list[str]]:
    """For each gold quotation, the ids (in text order) of top-level ficlens speech/thought/written
    quotes that overlap one of its sub-quotations substantially: IoU >= MIN_IOU, or one span lies
    (MIN_CONTAINED of the shorter) inside the other. Spans are compared as bench/quotes.py does:
    ficlens quotes without their marks, both sides trimmed of whitespace and quote marks."""
    raw = doc.text if doc.source.path is None else read_utf8(Path(doc.source.path))
    if doc.text != raw:
        warn(f"{doc.source.path}: doc.text differs from the file at offset {first_difference(doc.text, raw)}; "
             "gold offsets may not line up")
    preds = [q for q in doc.quotes if q.kind in SPOKEN and q.parent is None]
    pairs = sorted(((pred_span(doc.text, q), q.id) for q in preds), key=lambda p: p[0])
    index = (pairs, [s for (s, _), _ in pairs], max((e - s for (s, e), _ in pairs), default=0))
    return {g.id: aligned_ids(doc.text, g, index) for g in quotes}


def aligned_ids(text: str, gold: GoldQuote, index: tuple) -> list[str]:
    """Ids of the predictions (index: (span, id) pairs sorted by span, their starts, the longest
    span's length) that substantially overlap one of the gold quotation's trimmed sub-spans."""
    pairs, starts, longest = index
    golds = [trim(text, s) for s in gold.spans]
    if not golds:
        return []
    lo = bisect.bisect_left(starts, min(s for s, _ in golds) - longest)
    hi = bisect.bisect_left(starts, max(e for _, e in golds))
    return [ident for span, ident in pairs[lo:hi] if any(substantial(span, g) for g in golds)]


def substantial(a: Span, b: Span) -> bool:
    overlap = min(a[1], b[1]) - max(a[0], b[0])
    shorter = min(a[1] - a[0], b[1] - b[0])
    return iou(a, b) >= MIN_IOU or (overlap > 0 and overlap >= MIN_CONTAINED * shorter)


# ---------------------------------------------------------------- predicted characters

def character_map(characters: list[dict], golds: list[GoldCharacter],
                  heard: set[str] | None = None) -> dict[str, str | None]:
    """Predicted character id -> the gold character its names point to most (bench/characters.py's
    best_owner: alias counts, the display name as tie-breaker), or None when no name is a gold name.
    Placeholder gold names ('_narr', '_unknowable', ...) are not names here; instead ficlens's
    narrator (`narrator: True`) with no gold name maps to the gold character aliased '_narr', if any.
    Given `heard`, the gold characters the quotations name as speaker or addressee, a predicted
    character with a name of one of them maps among those alone: PDNC's casts list some people
    twice, the second entry never speaking ('Mr. Crawford' beside Henry Crawford, whose names
    'Henry' and 'Crawford' it lacks), and a character holding both names is Henry."""
    owners = defaultdict(set)
    for g in golds:
        for name in real_names(g):
            owners[norm(name)].add(g.id)
    spoken = {name: ids & heard for name, ids in owners.items() if ids & heard} if heard is not None else {}
    narrator = next((g.id for g in golds if any(is_narr(a) for a in g.aliases)), None)
    return {ch["id"]: best_owner(ch, spoken) if predicted_names(ch) & spoken.keys()
            else best_owner(ch, owners) if predicted_names(ch) & owners.keys()
            else narrator if ch.get("narrator") else None
            for ch in characters}


def heard(quotes: list[GoldQuote]) -> set[str]:
    """The gold characters the quotations name as speaker or addressee."""
    return {g for q in quotes for g in (q.speaker, *q.addressees) if g is not None}


# ---------------------------------------------------------------- cached analyses

@cache
def source_hash() -> str:
    """SHA-256 over the paths and contents of every file under src/ficlens (bytecode left out),
    taken once per process, when the first analysis is asked for."""
    return current_source_hash()


def current_source_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in SOURCE.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                       and not p.name.startswith(NOT_HASHED)):
        if path.suffix != ".pyc":
            digest.update(str(path.relative_to(SOURCE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


NOT_HASHED = ("attribution.py", "speech_tags.py", "speaker_ranker.", "addressee_ranker.")  # the cached analyses stop before attribution (speech_tags serves it alone)


def cache_path(folder: Path, cast: bool, digest: str | None = None) -> Path:
    """bench/.cache/<novel>-<cast|nocast>-<source hash>.pkl (digest "*" makes a glob pattern)."""
    return keyed_path(novel_key(folder, cast), digest)


def novel_key(folder: Path, cast: bool) -> str:
    return f"{Path(folder).name}-{'cast' if cast else 'nocast'}"


def keyed_path(key: str, digest: str | None = None) -> Path:
    return CACHE / f"{key}-{digest or source_hash()[:16]}.pkl"


def analysed(folder: Path, cast: bool = False) -> Document:
    """ficlens.analyze of the novel in a PDNC folder, up to coreference (with the gold cast when `cast`), read from
    bench/.cache/ when this code was analysed before (`cached`)."""
    def analyse() -> Document:
        import ficlens

        members = cast_members(gold_cast(folder)) if cast else None
        return ficlens.analyze(Path(folder) / "novel_text.txt", cast=members, attribution=False)

    return cached(novel_key(folder, cast), analyse)


def cached(key: str, analyse) -> Document:
    """`analyse()`, pickled under bench/.cache/<key>-<source hash>.pkl and read from there when this
    code made it before. Not cached if src/ficlens changed meanwhile; once cached, pickles of the
    same key left by other code are deleted."""
    path = keyed_path(key)
    if path.is_file():
        with open(path, "rb") as f:
            return pickle.load(f)
    doc = analyse()
    if current_source_hash() == source_hash():
        save(doc, path)
        for stale in set(CACHE.glob(keyed_path(key, "*").name)) - {path}:
            stale.unlink(missing_ok=True)  # the same text analysed by older code
    else:
        warn(f"src/ficlens changed during the analysis of {key}; result not cached")
    return doc


def save(doc, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    with open(tmp, "wb") as f:
        pickle.dump(doc, f, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


# ---------------------------------------------------------------- self-check

def check(folder: Path, cast: bool) -> None:
    """Print gold counts, alignment and speaker-mapping coverage for one novel."""
    began = time.perf_counter()
    hit = cache_path(folder, cast).is_file()
    doc = analysed(folder, cast)
    seconds = time.perf_counter() - began
    golds = gold_cast(folder)
    quotes = gold_quotes(folder, golds)
    aligned = align(doc, quotes)
    mapped = {gid for gid in character_map(doc.characters, golds).values() if gid is not None}
    n, no_speaker = len(quotes), sum(q.speaker is None for q in quotes)
    print(f"{folder.name} (cast={cast}): {n} gold quotes, {len(golds)} gold characters; unmapped: "
          f"{no_speaker} speakers, {sum(len(q.unmapped) for q in quotes) - no_speaker} addressees")
    print(f"  aligned to >= 1 ficlens quote: {sum(bool(v) for v in aligned.values())}/{n} "
          f"({share(sum(bool(v) for v in aligned.values()), n)}); to >= 2: {sum(len(v) > 1 for v in aligned.values())}")
    print(f"  speaker has a predicted character: {sum(q.speaker in mapped for q in quotes)}/{n} "
          f"({share(sum(q.speaker in mapped for q in quotes), n)}); gold characters mapped to: {len(mapped)}; "
          f"predicted characters: {len(doc.characters)}")
    print(f"  analysis {seconds:.1f} s ({'from cache' if hit else 'ficlens.analyze'}), "
          f"gold + align + map {time.perf_counter() - began - seconds:.2f} s")


def share(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "-"


def selftest() -> None:
    """Toy checks of the pure functions (no analysis)."""
    golds = [GoldCharacter("0", "Alexis", {"Alexis", "_narr", "Alyosha"}, "M", "major"),
             GoldCharacter("1", "_unknowable", {"_unknowable"}, "X", "minor"),
             GoldCharacter("2", "Polina", {"Polina", "Mlle. Polina"}, "F", "major")]
    index = NameIndex(golds)
    assert [index.lookup(n) for n in ("Alexis", "Alyosha ", "mlle. polina", "Nobody")] == ["0", "0", "2", None]
    members = cast_members(golds)
    assert [(m.name, m.aliases, m.pronouns) for m in members] == [
        ("Alexis", ("Alyosha",), "he/him"), ("Polina", ("Mlle. Polina",), "she/her")], members
    chars = [{"id": "c1", "name": "Polina", "aliases": [{"text": "Polina", "count": 3}]},
             {"id": "c2", "name": "Narr", "aliases": [{"text": "narr", "count": 9}]},
             {"id": "c3", "name": "the narrator", "aliases": [{"text": "I", "count": 9}], "narrator": True}]
    assert character_map(chars, golds) == {"c1": "2", "c2": None, "c3": "0"}
    assert character_map(chars[2:], golds[1:]) == {"c3": None}
    twice = golds + [GoldCharacter("3", "Mademoiselle", {"Mademoiselle"}, "F", "minor")]  # a cast's double
    both = [{"id": "c4", "name": "Polina",
             "aliases": [{"text": "Mademoiselle", "count": 5}, {"text": "Polina", "count": 1}]}]
    assert character_map(both, twice) == {"c4": "3"} and character_map(both, twice, {"0", "2"}) == {"c4": "2"}
    assert substantial((0, 10), (2, 10)) and substantial((0, 100), (10, 20)) and not substantial((0, 10), (8, 20))
    print("selftest ok")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--novels", default="DaisyMiller,TheGambler", help="comma-separated PDNC novel names")
    parser.add_argument("--cast", action="store_true", help="analyse with the gold cast as --characters")
    args = parser.parse_args(argv)
    selftest()
    for name in [n.strip() for n in args.novels.split(",") if n.strip()]:
        if not (PDNC / name / "quotation_info.csv").is_file():
            sys.exit(f"bench/pdnc.py: no such PDNC novel: {name}")
        check(PDNC / name, args.cast)


if __name__ == "__main__":
    main()
