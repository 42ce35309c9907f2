"""The live preview: a sub-path site served over HTTP on 127.0.0.1, with every link followed; rebuilds.

Every request goes to 127.0.0.1 only, without proxies, and each one is bounded by a timeout.
"""

from __future__ import annotations

import http.client
import json
import logging
import shutil
import threading
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from click.testing import CliRunner

from generator.build import BuildOptions, build
from generator.cli import cli
from generator.serve import STATUS_PATH, Preview, PreviewServer, mount_path
from tests.conftest import FIXTURE_SITE

TIMEOUT = 10  # seconds, for any one request
MAX_REQUESTS = 2000  # the fixture site has a few dozen addresses: far more means the crawl is looping
SUB_PATH = "/sub/path/"
# Talk to the server directly even when the environment names a proxy.
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.add(attributes["id"])
        for name in ("href", "src"):
            if attributes.get(name):
                self.links.append(attributes[name])


def fetch(url: str) -> tuple[int, str, bytes]:
    """(status, content type, body) of one GET; only 127.0.0.1 is ever asked."""
    assert urlsplit(url).hostname == "127.0.0.1", url
    try:
        with OPENER.open(url, timeout=TIMEOUT) as response:
            return response.status, response.headers.get_content_type(), response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers.get_content_type(), error.read()


def crawl(starts: list[str], origin: str) -> tuple[dict[str, tuple[int, set[str]]], list[tuple[str, str]]]:
    """Fetch every address reachable from `starts` on `origin`: ({url: (status, ids)}, [(page, link)])."""
    pages: dict[str, tuple[int, set[str]]] = {}
    followed: list[tuple[str, str]] = []
    queue = list(starts)
    while queue:
        url = queue.pop(0)
        if url in pages:
            continue
        assert len(pages) < MAX_REQUESTS, "the crawl does not end"
        status, content_type, body = fetch(url)
        ids: set[str] = set()
        links: list[str] = []
        if content_type == "text/html":
            parser = _Links()
            parser.feed(body.decode("utf-8"))
            ids, links = parser.ids, parser.links
        elif url.endswith(".xml") and status == 200:
            links = [
                e.text or e.get("href") or ""
                for e in ET.fromstring(body).iter()
                if e.tag.endswith(("}loc", "}link")) or (e.tag.endswith("}id"))
            ]
        pages[url] = (status, ids)
        for link in links:
            if link.startswith("#"):  # same document: the browser fetches nothing, whatever the address
                followed.append((url, link))
                continue
            target = urljoin(url, link)
            if urlsplit(target).scheme not in ("http", "https") or not target.startswith(origin):
                continue  # external sources (the articles' publishers): not ours to check, nor to call
            followed.append((url, target))
            queue.append(urldefrag(target).url)
    return pages, followed


def broken(pages: dict[str, tuple[int, set[str]]], followed: list[tuple[str, str]]) -> list[str]:
    problems = []
    for page, target in followed:
        address, fragment = urldefrag(target)
        status, ids = pages[address or page]
        if address and status != 200:
            problems.append(f"{page} → {target}: HTTP {status}")
        elif fragment and fragment not in ids:
            problems.append(f"{page} → {target}: no element with id '{fragment}'")
    return problems


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> Iterator[Preview]:
    """The fixture site built for a sub-path and served on 127.0.0.1 with a free port."""
    root = tmp_path_factory.mktemp("served")
    shutil.copytree(FIXTURE_SITE, root / "site")
    options = BuildOptions(
        content=root / "site" / "content",
        output=root / "site" / "_site",
        templates=root / "site" / "templates",
        base_url="https://example.org" + SUB_PATH,
    )
    preview = Preview(options, "127.0.0.1", 0)
    try:
        preview.build_first()
        preview.server.start()
        yield preview
    finally:
        preview.stop()


# --- the whole site over HTTP ----------------------------------------------------------------------------


def test_preview_builds_for_the_local_address_under_the_sub_path(served: Preview):
    assert served.url == f"http://127.0.0.1:{served.server.port}{SUB_PATH}"
    assert served.options.base_url == served.url
    status, _, body = fetch(served.url)
    assert status == 200
    assert f'<link rel="canonical" href="{served.url}">' in body.decode()


def test_every_link_and_asset_of_every_page_works_under_the_sub_path(served: Preview):
    origin = f"http://127.0.0.1:{served.server.port}/"
    deep_missing = served.url + "no/such/page/at/depth/"
    pages, followed = crawl(
        [served.url, served.url + "sitemap.xml", served.url + "feed.xml", deep_missing], origin
    )
    html_pages = [
        url
        for url, (status, _) in pages.items()
        if status == 200 and not url.endswith((".xml", ".css", ".js", ".json", ".txt"))
    ]
    assert len(html_pages) >= 9  # home, 4 sheets, 2 articles, timeline, sources
    assert pages[deep_missing][0] == 404
    assert all(url.startswith(served.url) for url in pages), "a link left the sub-path"
    assert broken(pages, followed) == []


def test_the_404_page_is_styled_and_linked_at_any_depth(served: Preview):
    status, content_type, body = fetch(served.url + "a/b/c/d/missing.html")
    html = body.decode()
    assert (status, content_type) == (404, "text/html")
    # Its style is in the page: no one address of the stylesheet holds from the server and from disk.
    assert "<style>" in html and ".visually-hidden" in html and "assets/style.css" not in html
    assert f'href="{served.url}"' in html
    assert fetch(served.url + "assets/favicon.svg")[0] == 200


def test_folder_address_without_slash_redirects_to_the_folder(served: Preview):
    status, _, body = fetch(served.url + "timeline")  # urllib follows the redirect
    assert status == 200
    assert b"<h1>" in body


def test_the_server_root_redirects_to_the_sub_path(served: Preview):
    status, _, body = fetch(f"http://127.0.0.1:{served.server.port}/")
    assert status == 200
    assert f'<link rel="canonical" href="{served.url}">'.encode() in body


def test_reload_script_is_served_but_never_written_to_the_site(served: Preview):
    _, _, body = fetch(served.url)
    assert STATUS_PATH.encode() in body
    on_disk = [p for p in served.options.output.rglob("*") if p.is_file()]
    assert on_disk
    assert not any(STATUS_PATH.encode() in p.read_bytes() for p in on_disk)


def test_non_html_files_are_served_unchanged(served: Preview):
    _, content_type, body = fetch(served.url + "data/facts.json")
    assert content_type == "application/json"
    assert body == (served.options.output / "data" / "facts.json").read_bytes()


# --- the server on its own (no build) ---------------------------------------------------------------------


@pytest.fixture
def folder_server(tmp_path: Path) -> Iterator[PreviewServer]:
    site = tmp_path / "site"
    (site / "page").mkdir(parents=True)
    (site / "index.html").write_text("<html><body><p>home</p></body></html>")
    (site / "page" / "index.html").write_text("<html><body><p>page</p></body></html>")
    (site / "404.html").write_text("<html><body><p>not here</p></body></html>")
    (tmp_path / "secret.txt").write_text("outside the site")
    with PreviewServer(site, "127.0.0.1", 0, SUB_PATH) as server:
        yield server


def raw_get(server: PreviewServer, path: str) -> tuple[int, bytes]:
    """A request with the path exactly as given (urllib would tidy '..' away)."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_paths_that_step_outside_the_site_are_not_served(folder_server: PreviewServer):
    for path in ("../secret.txt", "%2e%2e/secret.txt", "page/../../secret.txt", "page/%2E%2E/../secret.txt"):
        path = SUB_PATH + path
        status, body = raw_get(folder_server, path)
        assert status == 404, path
        assert b"outside the site" not in body


def test_addresses_outside_the_mount_answer_the_404_page(folder_server: PreviewServer):
    status, body = raw_get(folder_server, "/elsewhere/index.html")
    assert status == 404
    assert b"not here" in body


def test_status_endpoint_tells_the_version_and_the_error(folder_server: PreviewServer):
    before = json.loads(raw_get(folder_server, STATUS_PATH)[1])
    folder_server.site_changed("content/articles/x.md:3:1: error: bad-id: …")
    after = json.loads(raw_get(folder_server, STATUS_PATH)[1])
    assert after == {"version": before["version"] + 1, "error": "content/articles/x.md:3:1: error: bad-id: …"}


def test_a_failed_rebuild_shows_its_error_escaped_in_every_page(folder_server: PreviewServer):
    folder_server.site_changed("<script>alert(1)</script> went wrong")
    status, body = raw_get(folder_server, SUB_PATH + "page/")
    assert status == 200
    assert b"<p>page</p>" in body  # the last good page is still served
    assert b"&lt;script&gt;alert(1)&lt;/script&gt; went wrong" in body
    assert b"<script>alert(1)" not in body


def test_a_good_rebuild_clears_the_error(folder_server: PreviewServer):
    folder_server.site_changed("broken")
    folder_server.site_changed(None)
    assert b"factsheets-preview-error" not in raw_get(folder_server, SUB_PATH)[1]


def test_the_script_goes_before_the_end_of_the_body(folder_server: PreviewServer):
    body = raw_get(folder_server, SUB_PATH)[1]
    assert body.index(STATUS_PATH.encode()) < body.index(b"</body>")


@pytest.mark.parametrize(
    "base_url, mount",
    [
        ("https://user.github.io/repo/", "/repo/"),
        ("https://user.github.io/repo", "/repo/"),
        ("https://facts.example.org/", "/"),
        ("https://facts.example.org", "/"),
        ("http://127.0.0.1:8000/a/b/", "/a/b/"),
    ],
)
def test_mount_path_is_the_base_url_path_with_a_trailing_slash(base_url: str, mount: str):
    assert mount_path(base_url) == mount


def test_a_port_in_use_is_a_clear_error(folder_server: PreviewServer):
    from generator.errors import ConfigError

    with pytest.raises(ConfigError, match="--port"):
        PreviewServer(folder_server.root, "127.0.0.1", folder_server.port, "/")


# --- rebuilding ------------------------------------------------------------------------------------------


@pytest.fixture
def preview(site: Path) -> Iterator[Preview]:
    options = BuildOptions(
        content=site / "content",
        output=site / "_site",
        templates=site / "templates",
        base_url="https://example.org" + SUB_PATH,
    )
    preview = Preview(options, "127.0.0.1", 0)
    try:
        preview.build_first()
        preview.server.start()
        yield preview
    finally:
        preview.stop()


def test_watch_rebuilds_once_per_batch_of_changes(site: Path, monkeypatch):
    options = BuildOptions(
        content=site / "content",
        output=site / "_site",
        templates=site / "templates",
        base_url="https://example.org/",
    )
    preview = Preview(options, "127.0.0.1", 0)
    try:
        calls = []
        monkeypatch.setattr(preview, "rebuild", lambda changed=None: calls.append(1) or True)
        monkeypatch.setattr(preview, "rebuild_if_unreported", lambda: False)
        batches = [
            {(2, str(site / "content" / "site.yml"))},
            {(2, str(site / "content" / "articles" / "a.md")), (1, str(site / "content" / "b.md"))},
        ]
        assert preview.watch(threading.Event(), batches) == 2
        assert len(calls) == 2
    finally:
        preview.stop()


def test_watch_ends_when_told_to_stop(site: Path, monkeypatch):
    options = BuildOptions(
        content=site / "content",
        output=site / "_site",
        templates=site / "templates",
        base_url="https://example.org/",
    )
    preview = Preview(options, "127.0.0.1", 0)
    try:
        monkeypatch.setattr(preview, "rebuild", lambda changed=None: True)
        stop = threading.Event()
        stop.set()
        assert preview.watch(stop, [{(2, "x")}]) == 0
    finally:
        preview.stop()


def test_a_failed_rebuild_keeps_the_last_good_site_and_shows_the_error(preview: Preview, site: Path):
    article = site / "content" / "articles" / "acme-globex.md"
    article.write_text(article.read_text().replace("{@jane-roe}", "{@nobody}"))
    assert preview.rebuild() is False
    status, _, body = fetch(preview.url + "articles/acme-globex/")
    html = body.decode()
    assert status == 200
    assert "Jane Roe" in html  # the last good build
    assert "factsheets-preview-error" in html and "acme-globex.md:13:12" in html
    assert preview.server.state.error is not None


def test_fixing_the_content_rebuilds_and_clears_the_error(preview: Preview, site: Path):
    article = site / "content" / "articles" / "acme-globex.md"
    good = article.read_text()
    article.write_text(good.replace("{@jane-roe}", "{@nobody}"))
    preview.rebuild()
    article.write_text(good.replace("told reporters", "told the press"))
    assert preview.rebuild() is True
    _, _, body = fetch(preview.url + "articles/acme-globex/")
    assert b"told the press" in body
    assert b"factsheets-preview-error" not in body


def test_a_template_error_is_shown_not_fatal(preview: Preview, site: Path):
    (site / "templates").mkdir()
    broken = "{% extends 'base.html' %}{% block content %}{{ nope.x }}{% endblock %}"
    (site / "templates" / "timeline.html").write_text(broken)
    assert preview.rebuild() is False
    assert "nope" in (preview.server.state.error or "")
    assert fetch(preview.url + "timeline/")[0] == 200


def test_the_watcher_rebuilds_when_an_article_changes(preview: Preview, site: Path):
    preview.debounce_ms = 50
    article = site / "content" / "articles" / "acme-globex.md"
    text = article.read_text()
    version = preview.server.state.version
    thread, stop = preview.start_watching()
    try:
        # Write until the watcher has seen it: the first write may come before it starts watching.
        for attempt in range(100):
            article.write_text(text.replace("told reporters", f"told reporters ({attempt})"))
            if _wait_for(lambda: preview.server.state.version > version, seconds=0.5):
                break
        assert preview.server.state.version > version
    finally:
        stop.set()
        thread.join(timeout=TIMEOUT)
    assert not thread.is_alive()
    assert b"told reporters (" in fetch(preview.url + "articles/acme-globex/")[2]


def _batches(*steps):
    """The watcher's batches, each yielded once its step (a function returning the batch) has run."""
    for step in steps:
        yield step()


def _edited(path: Path, old: str, new: str) -> set[tuple[int, str]]:
    path.write_text(path.read_text().replace(old, new))
    return {(2, str(path))}


def test_a_save_is_built_on_the_watcher_s_word_and_a_change_it_missed_right_after(
    preview: Preview, site: Path, caplog
):
    """The rebuild looks at the reported file's stat alone; the check that follows looks at every file and
    builds what the watcher did not report (here, an edit it never saw)."""
    caplog.set_level(logging.DEBUG, logger="generator.cache.state")
    articles = site / "content" / "articles"
    unseen = next(p for p in sorted(articles.glob("*.md")) if p.name != "acme-globex.md")
    unseen.write_text(unseen.read_text() + "\nA sentence the watcher never reported.\n")
    batch = _batches(lambda: _edited(articles / "acme-globex.md", "told reporters", "told the press"))
    assert preview.watch(threading.Event(), batch) == 2
    looks = [r.getMessage() for r in caplog.records if "checking the inputs" in r.getMessage()]
    assert "looked at 1 files' stat" in looks[0] and "as the watcher left them" in looks[0]
    assert "as the watcher left them" not in looks[1]
    assert b"told the press" in fetch(preview.url + "articles/acme-globex/")[2]
    assert b"the watcher never reported" in fetch(preview.url + f"articles/{unseen.stem}/")[2]


def test_the_check_after_a_save_the_watcher_reported_whole_builds_nothing(preview: Preview, site: Path):
    version = preview.server.state.version
    article = site / "content" / "articles" / "acme-globex.md"
    assert preview.watch(threading.Event(), _batches(lambda: _edited(article, "told reporters", "said"))) == 1
    assert preview.server.state.version == version + 1


def test_a_reported_save_lists_no_folder_and_a_reported_new_article_is_listed(
    preview: Preview, site: Path, monkeypatch
):
    import generator.discover

    listed = []
    discover = generator.discover.discover
    monkeypatch.setattr(generator.discover, "discover", lambda content: listed.append(1) or discover(content))
    articles = site / "content" / "articles"
    article = articles / "acme-globex.md"
    assert preview.watch(threading.Event(), _batches(lambda: _edited(article, "told reporters", "said"))) == 1
    assert listed == []  # the content folder's listing taken from the last build

    def added():
        (articles / "new-one.md").write_text(article.read_text())
        return {(1, str(articles / "new-one.md"))}

    assert preview.watch(threading.Event(), _batches(added)) == 1
    assert listed == [1]
    assert fetch(preview.url + "articles/new-one/")[0] == 200


def test_a_template_saved_is_built_on_the_watcher_s_word(site: Path, caplog):
    caplog.set_level(logging.DEBUG, logger="generator.cache.state")
    template = site / "templates" / "404.html"
    template.parent.mkdir()
    template.write_text("<!doctype html><title>Lost</title><p>Nothing here, said the first version.</p>")
    options = BuildOptions(content=site / "content", output=site / "_site", templates=site / "templates")
    preview = Preview(options, "127.0.0.1", 0)
    try:
        preview.build_first()
        batch = _batches(lambda: _edited(template, "the first version", "the second version"))
        assert preview.watch(threading.Event(), batch) == 1
    finally:
        preview.stop()
    looks = [r.getMessage() for r in caplog.records if "checking the inputs" in r.getMessage()]
    assert "looked at 1 files' stat" in looks[1] and "as the watcher left them" in looks[1]
    assert "the second version" in (site / "_site" / "404.html").read_text()


def test_a_scratch_file_s_batch_builds_nothing_but_the_next_build_looks_at_it(preview: Preview, site: Path):
    """A swap file is no change to the site, yet it is one of the files a build's look covers: the batch
    that named it rebuilds nothing, and the next build is told of it (else the check after it would find
    the inputs changed and build a second time)."""
    articles = site / "content" / "articles"
    swap = articles / ".acme-globex.md.swp"

    def scratch():
        swap.write_bytes(b"vim's swap")
        return {(1, str(swap))}

    batches = _batches(scratch, lambda: _edited(articles / "acme-globex.md", "told reporters", "said"))
    assert preview.watch(threading.Event(), batches) == 1


def test_after_a_failed_rebuild_the_next_looks_at_every_file(preview: Preview, site: Path):
    articles = site / "content" / "articles"
    article = articles / "acme-globex.md"
    other = next(p for p in sorted(articles.glob("*.md")) if p != article)
    good = article.read_text()

    def fix():
        other.write_text(other.read_text() + "\nA sentence added while the build was broken.\n")
        article.write_text(good)
        return {(2, str(article))}

    batches = _batches(lambda: _edited(article, "{@jane-roe}", "{@nobody}"), fix)
    assert preview.watch(threading.Event(), batches) == 2  # the failure, then one build that saw both
    assert b"added while the build was broken" in fetch(preview.url + f"articles/{other.stem}/")[2]


def _wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def test_serve_refuses_a_base_url_that_is_not_http(site: Path, runner: CliRunner, monkeypatch):
    monkeypatch.chdir(site)
    result = runner.invoke(cli, ["serve", "--port", "0", "--base-url", "ftp://example.org/"])
    assert result.exit_code == 1
    assert "--base-url 'ftp://example.org/' must start with https:// or http://" in result.output


def test_an_address_too_long_for_the_file_system_is_a_404(folder_server: PreviewServer):
    status, body = raw_get(folder_server, SUB_PATH + "x" * 5000)
    assert status == 404
    assert b"not here" in body


def test_a_rebuild_shows_only_the_warnings_the_last_build_did_not_give(preview: Preview, site: Path, caplog):
    """The fixture's sources disagree once: that warning is counted after a save, not printed again; a
    warning the save brings is printed in full."""
    article = site / "content" / "articles" / "acme-globex.md"
    caplog.set_level(logging.INFO, logger="generator.serve")
    article.write_text(article.read_text(encoding="utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    assert preview.rebuild() is True
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert warned == []
    assert "1 warning as in the last build, not shown again" in caplog.messages
    caplog.clear()
    italian = site / "content" / "articles" / "acme-globex-it.md"
    text = italian.read_text(encoding="utf-8")
    assert "value=30 " in text
    italian.write_text(text.replace("value=30 ", "value=35 "), encoding="utf-8")
    assert preview.rebuild() is True
    warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warned) == 1 and "35%" in warned[0]


def test_a_preview_whose_first_build_analysed_nothing_starts_the_language_pipelines_before_a_save(
    site: Path, monkeypatch
):
    from generator.analyse import pipeline, stage

    options = BuildOptions(content=site / "content", output=site / "_site", templates=site / "templates")
    build(options)  # every article analysed and kept in the cache
    monkeypatch.setattr(stage, "_state", {})  # a new process: no pipeline built
    preview = Preview(options, "127.0.0.1", 0)
    try:
        preview.build_first()  # every analysis from the cache
        preview._warming.join()
        languages = {a.language for a in preview.session.aggregator.model.articles.values()}
        assert set(stage._state["pipelines"]) == languages
        built = []
        monkeypatch.setattr(pipeline, "build_nlp", lambda *a, **k: built.append(a))
        with (site / "content" / "articles" / "acme-globex.md").open("a") as article:
            article.write("\nOne more sentence.\n")
        assert preview.rebuild()
        assert built == []  # the save's analysis found its pipeline started
    finally:
        preview.stop()
