"""The `ficlens` command. Thin: it parses options, calls the corpus runner and reports."""
from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from ficlens import __version__
from ficlens.cast import load_cast
from ficlens.corpus import FileResult, expand_inputs, run
from ficlens.corpus.runner import INPUT_SUFFIXES
from ficlens.output.json_out import summary
from ficlens.output.writers import FORMATS, NEEDS_NLP, expand
from ficlens.reading import InputError

app = typer.Typer(
    help="Read fan fiction and prose fiction as data: structure, quotations, characters, speakers.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True, soft_wrap=True)
NOTE = "author's note"


def _version(value: bool) -> None:
    if value:
        out.print(f"ficlens {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """ficlens reads stories and writes what it finds as JSON.

    Example: ficlens analyze story.txt --out results/
    """


@app.command()
def analyze(
    paths: Annotated[
        list[Path], typer.Argument(help="Story files (.txt, any encoding) or folders of them.", show_default=False)
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the results, one <name>.json per input.")] = Path(
        "ficlens-out"
    ),
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing but errors.")] = False,
    skip_done: Annotated[
        bool, typer.Option("--skip-done", help="Resume a run: skip inputs whose result is already in --out.")
    ] = False,
    no_nlp: Annotated[
        bool, typer.Option("--no-nlp", help="Structure and quotes only, without spaCy (much faster).")
    ] = False,
    characters: Annotated[
        Path | None,
        typer.Option(
            "--characters",
            "-c",
            metavar="FILE",
            help="A cast to match names against first: CSV, YAML or TXT with name, aliases, pronouns.",
            show_default=False,
        ),
    ] = None,
    formats: Annotated[
        list[str],
        typer.Option("--format", "-f", help="json, html (a reader that opens offline), tsv (BookNLP's .tokens, "
                     ".entities, .quotes), graphml, or all; repeat or separate with commas."),
    ] = ["json"],  # noqa: B006 (Typer reads the default)
) -> None:
    """Analyse stories and write DIR/<input name>.json (and other --format files) for each.

    Exit status: 0 when every input was analysed, 1 when some failed (the rest are still written),
    2 for a usage error.
    """
    _check_out_dir(out_dir)
    chosen = _formats(formats, no_nlp)
    try:
        cast = load_cast(characters) if characters is not None else None
    except InputError as problem:
        _usage_error(str(problem))
    inputs = expand_inputs(paths)
    if not inputs:
        err.print("[red]error:[/red] no input files found")
        raise typer.Exit(1)
    results = _run_with_progress(inputs, out_dir, quiet, skip_done, not no_nlp, cast, chosen)
    failed = [r for r in results if not r.ok]
    if not quiet:
        done = len(results) - len(failed)
        out.print(f"{done} of {len(results)} written to {out_dir}/" + (f", {len(failed)} failed" if failed else ""))
    raise typer.Exit(1 if failed else 0)


def _usage_error(message: str):
    err.print(f"[red]error:[/red] {escape(message)}", highlight=False)
    raise typer.Exit(2)


def _check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        _usage_error(f"--out {out_dir} is a file, not a folder")


def _formats(given: list[str], no_nlp: bool) -> tuple[str, ...]:
    names = [n.strip().lower() for g in given for n in g.split(",") if n.strip()]
    unknown = [n for n in names if n not in (*FORMATS, "all")]
    if unknown or not names:
        _usage_error(f"--format {', '.join(unknown) or '(empty)'}: choose from {', '.join(FORMATS)}, all")
    chosen = expand(names)
    if no_nlp and any(f in NEEDS_NLP for f in chosen):
        _usage_error("--format tsv needs spaCy's tokens: leave out --no-nlp")
    return chosen


def _run_with_progress(inputs, out_dir, quiet, skip_done, nlp, cast, formats) -> list[FileResult]:
    def report(result: FileResult) -> None:
        if not result.ok:
            err.print(f"[red]error:[/red] {result.path}: {result.error}", highlight=False)
        elif not quiet:
            out.print(_summary_line(result))

    if quiet or len(inputs) == 1:
        return list(run(inputs, out_dir, skip_done=skip_done, nlp=nlp, cast=cast, on_result=report, formats=formats))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=out, transient=True) as progress:
        task = progress.add_task("analysing", total=len(inputs))
        results = []
        for result in run(inputs, out_dir, skip_done=skip_done, nlp=nlp, cast=cast, on_result=report,
                          formats=formats):
            results.append(result)
            progress.advance(task)
    return results


@app.command()
def plot(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Results of `ficlens analyze` (.json), or stories to analyse first.", show_default=False),
    ],
    out_dir: Annotated[Path, typer.Option("--out", "-o", help="Folder for the charts.")] = Path("ficlens-plots"),
    image: Annotated[str, typer.Option("--format", "-f", help="png or svg.")] = "png",
) -> None:
    """Draw two charts per work: speaking lines per character per chapter (<name>-lines.png) and who
    speaks to whom (<name>-network.png).

    Exit status: 0 when every chart was written, 1 when some inputs failed, 2 for a usage error.
    """
    from ficlens.corpus.plotting import plot_inputs

    _check_out_dir(out_dir)
    if image.lower() not in ("png", "svg"):
        _usage_error(f"--format {image}: choose png or svg")
    failures = 0
    inputs = expand_inputs(paths, suffixes=(".json", *INPUT_SUFFIXES))
    if not inputs:
        err.print("[red]error:[/red] no input files found")
        raise typer.Exit(1)
    for path, written, problem in plot_inputs(inputs, out_dir, image.lower()):
        if problem:
            failures += 1
            err.print(f"[red]error:[/red] {escape(str(path))}: {escape(problem)}", highlight=False)
        else:
            out.print(f"[bold]{escape(path.name)}[/bold] → " + ", ".join(escape(str(w)) for w in written))
    raise typer.Exit(1 if failures else 0)


def _summary_line(result: FileResult) -> str:
    if result.skipped:
        return f"[dim]{result.path.name}: already done, skipped[/dim]"
    stats = summary(result.document)
    kinds = ", ".join(f"{n} {kind}" for kind, n in stats["quotes_by_kind"].items() if n)
    return (
        f"[bold]{result.path.name}[/bold] → {result.output}  "
        f"{_count(stats['chapters'], 'chapter')} · {_count(stats['scenes'], 'scene')} · "
        f"{_count(stats['author_notes'], NOTE)} · "
        f"{_count(stats['quotes'], 'quote')} ({kinds or 'none'}) · {result.seconds:.1f}s"
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


if __name__ == "__main__":
    app()
