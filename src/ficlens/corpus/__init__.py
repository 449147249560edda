"""Running ficlens over many files: one output per input, written as each finishes."""
from ficlens.corpus.runner import FileResult, expand_inputs, run

__all__ = ["FileResult", "expand_inputs", "run"]
