"""`ficlens plot` over many inputs: each a JSON result of `ficlens analyze`, or a story analysed
first; a bad input is reported and the others go on."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ficlens.corpus.runner import INPUT_SUFFIXES
from ficlens.reading import InputError, read_path


def plot_inputs(inputs: list[Path], out_dir: Path, fmt: str) -> Iterator[tuple[Path, list[Path], str | None]]:
    """(input, charts written, error or None) for each input."""
    from ficlens.output.exports.plots import plot

    for path in inputs:
        try:
            data = load_analysis(path)
            yield path, plot(data, out_dir, path.stem, fmt), None
        except InputError as problem:
            yield path, [], str(problem)
        except OSError as problem:
            yield path, [], f"cannot write to {out_dir}: {problem.strerror or problem}"
        except Exception as problem:  # one bad input must not end the run
            yield path, [], f"internal error: {type(problem).__name__}: {problem}"


def load_analysis(path: Path) -> dict:
    """The analysis as JSON data: read from a .json result (checked against the schema), or made by
    analysing a story."""
    if path.suffix.lower() in INPUT_SUFFIXES:
        from ficlens.pipeline import analyze_text

        return analyze_text(*read_path(path)).to_dict()
    if path.suffix.lower() != ".json":
        raise InputError(f"expected a .json result or a story ({', '.join(INPUT_SUFFIXES)})")
    import jsonschema

    from ficlens.output.json_out import validate

    try:
        data = json.loads(path.read_text("utf-8"))
        validate(data)
    except OSError as problem:
        raise InputError(f"cannot read: {problem.strerror or problem}") from None
    except (ValueError, jsonschema.ValidationError) as problem:
        raise InputError(f"not a ficlens result: {str(problem).splitlines()[0][:200]}") from None
    return data
