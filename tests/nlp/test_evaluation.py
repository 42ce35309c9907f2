"""The evaluation set holds the pipeline to its promised quality, per language."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "evaluate.py"


@pytest.fixture(scope="module")
def evaluation():
    """benchmarks/evaluate.py, loaded as a module."""
    spec = importlib.util.spec_from_file_location("factsheets_evaluate", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def reports(evaluation):
    return {language: evaluation.evaluate(language) for language in ("it", "en")}


@pytest.mark.parametrize("language", ["it", "en"])
def test_the_evaluation_set_is_large_enough(evaluation, language):
    assert len(evaluation.load_passages(language)) >= 15


@pytest.mark.parametrize("language", ["it", "en"])
def test_quantities_reach_f1_of_0_9(reports, language):
    assert reports[language].scores["quantity.all"].f1 >= 0.9, "\n".join(reports[language].misses)


@pytest.mark.parametrize("language", ["it", "en"])
def test_dates_reach_f1_of_0_85(reports, language):
    assert reports[language].scores["date.all"].f1 >= 0.85, "\n".join(reports[language].misses)
