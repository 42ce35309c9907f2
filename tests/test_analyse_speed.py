"""The analysis-speed benchmark's whole-stage mode (no timings asserted: those belong in benchmarks/)."""

from __future__ import annotations

from benchmarks import analyse_speed


def test_the_stage_is_measured_per_language_over_the_articles_plain_words():
    figures = analyse_speed.measure_stage(6)
    assert set(figures) == {"setup", "it", "en"}
    assert figures["setup"][0] == 0 and figures["setup"][1] > 0
    for language in ("it", "en"):
        words, seconds = figures[language]
        assert 3 * 400 < words < 3 * 900  # three articles of about 640 words each, annotations left out
        assert seconds > 0
