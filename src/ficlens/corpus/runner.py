"""Analyse many files, writing each result the moment it is done.

Outputs are written to a temporary name and renamed into place, so a run that is killed leaves
only complete files behind; a file that fails is reported and the run goes on. `skip_done`
resumes a run: an input whose output already holds the same source hash is not analysed again.
"""
from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from ficlens.cast import CastMember
from ficlens.document import Document
from ficlens.output.writers import render, suffixes
from ficlens.pipeline import analyze_text
from ficlens.reading import InputError, read_path

INPUT_SUFFIXES = (".txt", ".text", ".md")


@dataclass
class FileResult:
    path: Path
    output: Path | None
    document: Document | None = None
    error: str | None = None
    skipped: bool = False
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.error is None


def expand_inputs(paths: Iterable[str | Path], suffixes: tuple[str, ...] = INPUT_SUFFIXES) -> list[Path]:
    """Files as given; a directory stands for the files under it with one of `suffixes` (text files)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
        else:
            found.append(path)
    return found


def output_paths(inputs: list[Path], out_dir: Path, suffix: str = ".json") -> list[Path]:
    """DIR/<stem>.json (or another suffix), with a numeric suffix when two inputs share a stem."""
    seen: dict[str, int] = {}
    outputs = []
    for path in inputs:
        stem = path.stem
        seen[stem] = seen.get(stem, 0) + 1
        name = stem if seen[stem] == 1 else f"{stem}-{seen[stem]}"
        outputs.append(out_dir / f"{name}{suffix}")
    return outputs


def run(
    inputs: list[Path],
    out_dir: Path,
    *,
    skip_done: bool = False,
    nlp: bool = True,
    cast: list[CastMember] | None = None,
    on_result: Callable[[FileResult], None] | None = None,
    formats: tuple[str, ...] = ("json",),
) -> Iterator[FileResult]:
    """Analyse each input and write DIR/<stem><suffix> for every suffix of `formats` (see
    ficlens.output.writers)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    for path, output in zip(inputs, output_paths(inputs, out_dir, suffix="")):
        result = _run_one(path, output, skip_done, nlp, cast, formats)
        if on_result:
            on_result(result)
        yield result


def _run_one(
    path: Path, stem: Path, skip_done: bool, nlp: bool, cast: list[CastMember] | None, formats: tuple[str, ...]
) -> FileResult:
    started = time.perf_counter()
    outputs = [stem.with_name(stem.name + s) for s in suffixes(formats)]
    output = outputs[0]
    try:
        text, source = read_path(path)
        if skip_done and _already_done(outputs, source.sha256):
            return FileResult(path, output, skipped=True)
        doc = analyze_text(text, source, nlp=nlp, cast=cast)
        for suffix, content in render(doc, formats).items():
            write_atomic(stem.with_name(stem.name + suffix), content)
    except InputError as err:
        return FileResult(path, None, error=str(err), seconds=time.perf_counter() - started)
    except OSError as err:
        return FileResult(path, None, error=f"cannot write {output}: {err.strerror or err}")
    except Exception as err:  # one bad file must not end a corpus run
        return FileResult(path, None, error=f"internal error: {type(err).__name__}: {err}")
    return FileResult(path, output, doc, seconds=time.perf_counter() - started)


def _already_done(outputs: list[Path], sha256: str) -> bool:
    """Every output is there and, when a JSON result is among them, it is of the same input."""
    if not all(p.is_file() for p in outputs):
        return False
    json_out = next((p for p in outputs if p.suffix == ".json"), None)
    if json_out is None:
        return True
    try:
        return json.loads(json_out.read_text("utf-8"))["source"]["sha256"] == sha256
    except (OSError, ValueError, KeyError, TypeError):
        return False


def write_atomic(path: Path, content: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)
