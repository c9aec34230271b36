"""The benchmark corpus takes its lists from the model, so it stays valid when the model changes."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import get_args

import pytest

from generator.content import model as m

BENCHMARKS = Path(__file__).parent.parent.parent / "benchmarks"


def test_channels_are_the_model_channels(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(BENCHMARKS))
    gen_corpus = importlib.import_module("gen_corpus")
    assert get_args(m.Channel) == gen_corpus.CHANNELS
    assert len(gen_corpus.CHANNEL_WEIGHTS) == len(gen_corpus.CHANNELS)
