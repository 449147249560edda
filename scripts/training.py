"""What the ranker-training scripts share: the LightGBM recipe and how a model is written.

A model is `<name>.txt` (LightGBM's text format, read by ficlens.ranker) beside `<name>.json`,
the note of how it was made: script, data, parameters, features in order, threshold and scores.
"""
from __future__ import annotations

import json
from pathlib import Path

import lightgbm
import numpy as np

PARAMS = {"objective": "binary", "learning_rate": 0.05, "num_leaves": 15, "min_data_in_leaf": 20,
          "feature_fraction": 0.9, "bagging_fraction": 0.8, "bagging_freq": 1, "verbose": -1,
          "num_threads": 2, "seed": 7}
ROUNDS = 300


def fit(parts: list[tuple], features: tuple[str, ...], ranking: bool = False) -> lightgbm.Booster:
    """A LightGBM model on the (rows, labels) or (rows, labels, group sizes) parts, pooled: binary, or,
    with `ranking`, a lambdarank model that learns to put each group's right candidate first."""
    rows = [r for part in parts for r in part[0]]
    labels = [y for part in parts for y in part[1]]
    groups = [g for part in parts for g in part[2]] if ranking else None
    data = lightgbm.Dataset(np.asarray(rows, dtype=np.float64), np.asarray(labels, dtype=np.float64),
                            feature_name=list(features), group=groups)
    return lightgbm.train(params_for(ranking), data, num_boost_round=ROUNDS)


def params_for(ranking: bool) -> dict:
    """The LightGBM parameters: PARAMS, with the lambdarank objective for a model that ranks."""
    return {**PARAMS, "objective": "lambdarank", "metric": "ndcg", "eval_at": [1]} if ranking else PARAMS


def save(booster: lightgbm.Booster, out: Path, name: str, note: dict) -> None:
    """Write `<name>.txt` and its note `<name>.json` (the recipe is added to the note)."""
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.txt").write_text(booster.model_to_string(), encoding="utf-8")
    params = params_for(booster.params.get("objective") == "lambdarank")
    note = {**note, "model": f"LightGBM {params['objective']}, {ROUNDS} rounds", "params": params}
    (out / f"{name}.json").write_text(json.dumps(note, indent=2) + "\n", encoding="utf-8")
