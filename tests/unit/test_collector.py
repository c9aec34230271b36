"""The collector's settings during a check or a build, and their undoing."""

from __future__ import annotations

import gc

from generator.content import collector


def test_thresholds_raised_inside_and_restored_after_nesting() -> None:
    before = gc.get_threshold()
    with collector.few_collections():
        assert gc.get_threshold() == collector.THRESHOLDS
        with collector.few_collections():
            assert gc.get_threshold() == collector.THRESHOLDS
        assert gc.get_threshold() == collector.THRESHOLDS  # the inner end is not the end
    assert gc.get_threshold() == before


def test_frozen_objects_collectable_again_after_the_build() -> None:
    collector.freeze()  # outside a build: nothing happens
    assert gc.get_freeze_count() == 0
    with collector.few_collections():
        kept = [[n] for n in range(1000)]
        collector.freeze()
        assert gc.get_freeze_count() >= len(kept)
    assert gc.get_freeze_count() == 0


def test_restored_after_an_exception() -> None:
    before = gc.get_threshold()
    try:
        with collector.few_collections():
            collector.freeze()
            raise ValueError
    except ValueError:
        pass
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
