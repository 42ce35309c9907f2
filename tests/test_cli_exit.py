"""The `factsheets` console script leaves what the command made to the operating system on its way out,
rather than having the interpreter's exit collection walk it."""

from __future__ import annotations

import pytest

import generator.cli


def test_the_console_script_freezes_the_heap_as_it_ends(monkeypatch):
    frozen = []
    monkeypatch.setattr(generator.cli.gc, "freeze", lambda: frozen.append(True))
    monkeypatch.setattr("sys.argv", ["factsheets", "--version"])
    with pytest.raises(SystemExit) as ended:
        generator.cli.main()
    assert ended.value.code == 0
    assert frozen == [True]
