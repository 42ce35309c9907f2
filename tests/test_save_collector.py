"""A build keeps its state with the cycle collector paused: the model is no longer frozen by then, and a full
collection due at that point would walk all of it while the kept aggregation is encoded."""

from __future__ import annotations

import gc
from pathlib import Path

from generator.build import BuildOptions, build
from generator.cache.state import BuildState


def test_the_state_is_kept_with_the_collector_paused_and_it_runs_again_after(site: Path, monkeypatch):
    seen: list[bool] = []
    original = BuildState.save

    def spy(state, *args):
        seen.append(gc.isenabled())
        original(state, *args)

    monkeypatch.setattr(BuildState, "save", spy)
    assert gc.isenabled()
    build(BuildOptions(content=site / "content", output=site / "_site", search=False))
    assert seen == [False] and gc.isenabled()
