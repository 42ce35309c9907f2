"""A checker for every internal link and anchor of a built site (used by the tests)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.ids.add(attributes["name"])
        for name in ("href", "src"):
            if attributes.get(name) is not None and not (
                tag == "link" and attributes.get("rel") == "canonical"
            ):
                self.links.append(attributes[name])


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8"))
    return collector


def broken_links(site: Path) -> list[str]:
    """Every internal link (file and #fragment) of every HTML page that leads nowhere."""
    pages = {path: _parse(path) for path in sorted(site.rglob("*.html"))}
    broken = []
    for page, collected in pages.items():
        for link in collected.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # external
            target = page if not parts.path else (page.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file() or not target.resolve().is_relative_to(site.resolve()):
                broken.append(f"{page.relative_to(site)}: {link} (no such file)")
                continue
            if parts.fragment:
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(parts.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    return broken
