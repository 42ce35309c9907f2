"""The timeline: an index of years, a page per year, and every fact on one page while they are few."""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.cli import cli
from generator.render import pages
from tests.linkcheck import broken_links


def _build(site: Path, runner, monkeypatch) -> Path:
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["build", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return site / "_site"


def _listed(html: str) -> list[str]:
    return re.findall(r'href="[^"]*#fact-([0-9a-f]+)">', html)


def test_each_year_has_a_page_with_its_facts_and_the_index_lists_all(site: Path, runner, monkeypatch):
    built = _build(site, runner, monkeypatch)
    facts = json.loads((built / "data" / "facts.json").read_text(encoding="utf-8"))
    years = {f["date"]["value"][:4] for f in facts}
    assert years
    for year in years:
        html = (built / "timeline" / year / "index.html").read_text(encoding="utf-8")
        expected = [f["id"] for f in facts if f["date"]["value"].startswith(year)]
        assert _listed(html) == expected  # oldest first, as in facts.json
    index = (built / "timeline" / "index.html").read_text(encoding="utf-8")
    assert _listed(index) == [f["id"] for f in facts]
    for year in years:
        assert f'href="{year}/index.html"' in index
    assert broken_links(built) == []


def test_a_long_timeline_shows_the_latest_facts_and_links_the_years(site: Path, runner, monkeypatch):
    monkeypatch.setattr(pages, "TIMELINE_ON_ONE_PAGE", 2)
    monkeypatch.setattr(pages, "TIMELINE_LATEST", 2)
    built = _build(site, runner, monkeypatch)
    facts = json.loads((built / "data" / "facts.json").read_text(encoding="utf-8"))
    assert len(facts) > 2
    index = (built / "timeline" / "index.html").read_text(encoding="utf-8")
    assert _listed(index) == [f["id"] for f in reversed(facts)][:2]
    assert "Latest facts" in index
    sitemap = (built / "sitemap.xml").read_text(encoding="utf-8")
    for year in {f["date"]["value"][:4] for f in facts}:
        assert f"timeline/{year}/" in sitemap
