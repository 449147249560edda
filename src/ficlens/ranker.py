"""The small learned rankers ficlens ships (LightGBM text models in ficlens/data/models), loaded once.

Each model `<name>.txt` sits beside `<name>.json`, a note of how it was trained, on which features
(in order), with which threshold under which the best candidate is not taken, and, for a model
that ranks candidates, the temperature of the softmax that turns its scores into probabilities.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass
class Ranker:
    booster: object  # lightgbm.Booster
    threshold: float
    temperature: float = 1.0  # for a ranking model: its scores are divided by this before the softmax

    def scores(self, rows: list[list[float]]):
        """The model's probability that each candidate row is the right one: a binary model's own, or,
        for a model that ranks the candidates of one decision against each other, the softmax of
        their scores (softened by the temperature the training chose: lambdarank scores are not
        log-odds, and over-sure probabilities keep a beam decode from weighing other readings)."""
        import numpy as np

        raw = self.booster.predict(np.asarray(rows, dtype=np.float64), num_threads=1)
        if not self.ranks:
            return raw
        odds = np.exp((raw - raw.max()) / self.temperature)
        return odds / odds.sum()

    @property
    def ranks(self) -> bool:
        return self.booster.params.get("objective") == "lambdarank"

    def best(self, cands: list, scores) -> tuple[object | None, float]:
        """The best-scoring candidate, or None when its score is under the threshold; and its score."""
        k = int(scores.argmax())
        return (cands[k] if scores[k] >= self.threshold else None), float(scores[k])


@cache
def load(name: str, features: tuple[str, ...]) -> Ranker | None:
    """The shipped model `name`, or None when it has not been trained yet."""
    import lightgbm

    folder = resources.files("ficlens").joinpath("data", "models")
    model, note = folder.joinpath(f"{name}.txt"), folder.joinpath(f"{name}.json")
    if not model.is_file():
        return None
    info = json.loads(note.read_text("utf-8"))
    if tuple(info["features"]) != features:
        raise RuntimeError(f"{name}.txt was trained on other features; run {info['made_by']} again")
    return Ranker(lightgbm.Booster(model_str=model.read_text("utf-8")), info["threshold"], info.get("temperature", 1.0))
