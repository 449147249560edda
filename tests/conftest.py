from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data"
SEEDS = DATA / "seeds"


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return Path(str(resources.files("ficlens").joinpath("data", "sample_story.txt")))


@pytest.fixture(scope="session")
def sample_doc(sample_path):
    import ficlens

    return ficlens.analyze(sample_path)


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt")) if SEEDS.is_dir() else []


needs_seeds = pytest.mark.skipif(not seed_paths(), reason="../shared/data/seeds is not present")
