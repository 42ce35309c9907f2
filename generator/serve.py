"""Live preview: build the site, serve it over HTTP under its base path, rebuild when the sources change.

Three parts, each usable on its own (the tests drive them without waiting on real time):
- `PreviewServer` serves a built site folder under a mount path (`/repo/` for a GitHub project site), answers
  missing addresses with the site's 404 page as GitHub Pages does, and adds a small reload script to every
  HTML response. The script is added while serving and never written into the built site.
- `Preview.rebuild()` builds once; on failure it keeps the last good site, logs the error and shows it in
  every page served until a build succeeds.
- `Preview.watch()` rebuilds once per batch of changes from watchfiles (or from any iterable of batches).
  The rebuild takes the watcher's word for what changed (no `stat` of the other files), then, with the pages
  in place, looks at every file: a change the watcher missed is built at once.
"""

from __future__ import annotations

import contextlib
import json
import logging
import mimetypes
import os
import re
import shutil
import signal
import socket
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from html import escape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urlsplit

from generator.build import BuildOptions, build
from generator.cache.state import BuildSession
from generator.errors import ConfigError, FactsheetsError, Problem
from generator.read.site import load_site
from generator.validators import check_base_url

if TYPE_CHECKING:
    from generator.exports_background import BackgroundExports
    from generator.search_background import BackgroundSearch

log = logging.getLogger(__name__)

STATUS_PATH = "/__factsheets__/status"  # outside any site: no page of a site can have this address
REBUILD_FAILED = "The last rebuild failed; this is the last good version of the site."
SEARCH_FAILED = (
    "The search index of the last rebuild failed; the pages are rebuilt, search finds what they said before."
)
EXPORTS_FAILED = (
    "The data exports of the last rebuild failed; the pages are rebuilt, the downloads are the previous ones."
)
POLL_MS = 1000  # how often an open page asks whether the site was rebuilt
WATCH_DEBOUNCE_MS = 300  # changes closer together than this (an editor saving several files) rebuild once

# What editors and file managers write beside the files being edited: a change to one is no change to the
# site, so it is neither logged nor rebuilt for.
_SCRATCH_FILE = re.compile(
    r"""\.sw[a-p]$ | ~$ | ^4913$                   # vim: swap files, backups, its test of a folder
    | ^\#.*\#$ | ^\.\#                           # emacs: auto-save files, lock links
    | ___jb_(tmp|old|bak)___$                     # JetBrains' safe write
    | \.(tmp|crswap|kate-swp|bak|orig)$           # VS Code, browsers' and KDE's swap files, backups
    | ^\.goutputstream- | ^\.DS_Store$ | ^\._ | ^Thumbs\.db$ | ^desktop\.ini$   # file managers
    """,
    re.VERBOSE | re.IGNORECASE,
)
_TOOL_FOLDERS = frozenset({".git", ".hg", ".svn", ".idea", ".vscode", "__pycache__", "node_modules"})


def is_scratch_file(path: str | Path, watched: Iterable[Path] = ()) -> bool:
    """Whether a changed path is an editor's temporary file, system litter or inside a tool's folder
    (looked for below the `watched` folder that holds it: the folders above it are no concern)."""
    path = Path(path)
    below = path
    for folder in watched:
        for root in (folder, folder.resolve()):
            if path.is_relative_to(root):
                below = path.relative_to(root)
    return bool(_SCRATCH_FILE.search(path.name)) or not _TOOL_FOLDERS.isdisjoint(below.parts)


# Polls the status endpoint and reloads the page when the site's version changes (a rebuild, good or bad).
_RELOAD_SCRIPT = """<script>/* added by factsheets serve, not part of the site */
(function () {
  var seen = %(version)d;
  function check() {
    fetch("%(status)s", {cache: "no-store"})
      .then(function (response) { return response.json(); })
      .then(function (state) {
        if (state.version !== seen) { window.location.reload(); } else { setTimeout(check, %(poll)d); }
      }, function () { setTimeout(check, %(poll)d * 3); });
  }
  setTimeout(check, %(poll)d);
})();
</script>
"""
_ERROR_BOX = """<div id="factsheets-preview-error" role="alert" style="position:fixed;\
inset:auto 1rem 1rem 1rem;z-index:2147483647;max-height:60vh;overflow:auto;padding:1rem;\
background:#fff4f4;color:#600;\
border:2px solid #c00;border-radius:.5rem;font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 16px #0004">
<strong>%s</strong>
<pre style="white-space:pre-wrap;margin:.5rem 0 0;font:13px/1.4 ui-monospace,monospace">%s</pre>
</div>
"""


@dataclass(frozen=True)
class SiteState:
    """What open pages need to know: which build they show and whether the latest one failed."""

    version: int = 0
    error: str | None = None
    headline: str = REBUILD_FAILED  # what the error box says above the error


def mount_path(base_url: str) -> str:
    """The path part of a base URL, as the server mounts the site: `/`, `/repo/`, `/a/b/`."""
    path = unquote(urlsplit(base_url).path) or "/"
    return path if path.endswith("/") else path + "/"


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True  # a page still polling must not keep the process alive on Ctrl+C

    def __init__(self, address: tuple[str, int], preview: PreviewServer):
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.preview = preview
        super().__init__(address, _Handler)

    def handle_error(self, request: object, client_address: tuple) -> None:
        """A browser that closes a connection early (a reload, a page left) is normal: no traceback for it.

        The base class prints every error of a request with its traceback to stderr; anything other than a
        dropped connection is logged as one line here, its traceback under -v.
        """
        error = sys.exc_info()[1]
        if isinstance(error, ConnectionError):  # BrokenPipe, ConnectionReset, ConnectionAborted
            log.debug("%s closed the connection early: %s", client_address[0], error)
            return
        log.debug("request from %s failed", client_address[0], exc_info=True)
        log.error("The preview could not answer a request from %s: %s", client_address[0], error)


class PreviewServer:
    """Serves the site folder `root` at `http://host:port<mount>` in a background thread."""

    def __init__(self, root: Path, host: str = "127.0.0.1", port: int = 8000, mount: str = "/"):
        self.root = root
        self.host = host
        self.mount = mount if mount.endswith("/") else mount + "/"
        self._state = SiteState()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        try:
            self._httpd = _HTTPServer((host, port), self)
        except OSError as error:
            raise ConfigError(
                f"cannot serve on {host}:{port}: {error.strerror or error}; choose another "
                "address with --host or another port with --port (0 picks a free one)"
            ) from None

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def url(self) -> str:
        """The address of the site's home page on this server."""
        return f"http://{_url_host(self.host)}:{self.port}{quote(self.mount)}"

    @property
    def state(self) -> SiteState:
        with self._lock:
            return self._state

    def site_changed(self, error: str | None = None, headline: str = REBUILD_FAILED) -> SiteState:
        """Tell open pages that the site was rebuilt (or that the rebuild failed, with its error and what the
        box showing it says first)."""
        with self._lock:
            self._state = SiteState(self._state.version + 1, error, headline)
            return self._state

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="factsheets-preview",
            daemon=True,
        )
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> PreviewServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- what a request gets -----------------------------------------------------------------------------

    def locate(self, path: str) -> tuple[HTTPStatus, Path | str | None]:
        """What to answer for a path: (200, file), (302, new location) or (404, the 404 page or None).

        Redirects are temporary (302): a browser must not remember them for the next site on this port.
        """
        if path + "/" == self.mount or (path == "/" and self.mount != "/"):
            return HTTPStatus.FOUND, quote(self.mount)
        if not path.startswith(self.mount):
            return self._not_found()
        parts = [part for part in path[len(self.mount) :].split("/") if part]
        # Refuse anything that could step out of the site folder; a real site has no such address.
        if any(part in (".", "..") or "\\" in part or "\0" in part for part in parts):
            return self._not_found()
        root = self.root.resolve()
        target = root.joinpath(*parts)
        try:
            if target.is_dir():
                if parts and not path.endswith("/"):
                    return HTTPStatus.FOUND, quote(path + "/")  # as GitHub Pages does
                target = target / "index.html"
            if not target.is_file() or not target.resolve().is_relative_to(root):
                return self._not_found()
        except OSError:  # a name too long for the file system, say: no page has it
            return self._not_found()
        return HTTPStatus.OK, target

    def _not_found(self) -> tuple[HTTPStatus, Path | None]:
        page = self.root / "404.html"
        return HTTPStatus.NOT_FOUND, page if page.is_file() else None

    def decorate(self, html: bytes) -> bytes:
        """An HTML page as the preview serves it: with the reload script, and the last error if any."""
        state = self.state
        snippet = _RELOAD_SCRIPT % {"version": state.version, "status": STATUS_PATH, "poll": POLL_MS}
        if state.error:
            snippet = _ERROR_BOX % (escape(state.headline), escape(state.error)) + snippet
        data = snippet.encode("utf-8")
        end = html.lower().rfind(b"</body>")
        return html[:end] + data + html[end:] if end >= 0 else html + data


class _Handler(BaseHTTPRequestHandler):
    server: _HTTPServer
    server_version = "factsheets-preview"

    def do_GET(self) -> None:  # noqa: N802 - the name http.server dispatches to
        self._respond(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._respond(send_body=False)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base class's name
        log.debug("%s %s", self.address_string(), format % args)

    def _respond(self, send_body: bool) -> None:
        preview = self.server.preview
        path = unquote(urlsplit(self.path).path)
        if path == STATUS_PATH:
            state = preview.state
            self._send(
                HTTPStatus.OK,
                "application/json",
                json.dumps({"version": state.version, "error": state.error}).encode(),
                send_body,
            )
            return
        status, found = preview.locate(path)
        if status == HTTPStatus.FOUND:
            self.send_response(status)
            self.send_header("Location", str(found))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if found is None:
            self._send(status, "text/plain; charset=utf-8", b"Not found\n", send_body)
            return
        try:
            data = found.read_bytes()
        except OSError:  # replaced by a rebuild between finding and reading it
            self._send(
                HTTPStatus.SERVICE_UNAVAILABLE, "text/plain; charset=utf-8", b"Rebuilding\n", send_body
            )
            return
        content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if content_type == "text/html":
            data = preview.decorate(data)
        if content_type.startswith("text/") or content_type in ("application/json", "application/xml"):
            content_type += "; charset=utf-8"
        self._send(status, content_type, data, send_body)

    def _send(self, status: HTTPStatus, content_type: str, data: bytes, send_body: bool) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")  # a rebuilt stylesheet must not come from the cache
        self.end_headers()
        if send_body:
            self.wfile.write(data)


def configured_base_url(content: Path) -> str:
    """base_url from site.yml, or a root address when it cannot be read (the build then reports why)."""
    config, _ = load_site(content, content.parent)
    return config.base_url if config else "http://localhost/"


class Preview:
    """A site being previewed: a server for its output folder, and the build that refreshes it."""

    def __init__(self, options: BuildOptions, host: str = "127.0.0.1", port: int = 8000):
        public = options.base_url or configured_base_url(options.content)
        origin = "--base-url" if options.base_url else "base_url in site.yml"
        self.server = PreviewServer(options.output, host, port, mount_path(check_base_url(public, origin)))
        # Absolute URLs (canonical links, feed, the 404 page) must lead to this server, not the public site.
        # Rebuilds update the served folder where it is: a few files change, not the whole site.
        self.options = replace(options, base_url=self.server.url, in_place=True)
        self.debounce_ms = WATCH_DEBOUNCE_MS
        # The analysed articles, the model and the page keys' digests, kept between builds: a save
        # analyses, aggregates and renders again only what it changed.
        self.session = BuildSession()
        self._warned: set[str] = set()  # the warnings of the last build, as shown
        self._warming: threading.Thread | None = None  # the language pipelines started after the first build
        # A rebuild's pages are renamed in, and open pages reload, before their search shards are indexed:
        # that index is made afterwards, in a thread (the first build indexes before, as `build` does).
        self.search: BackgroundSearch | None = None
        self._rebuild_options = self.options
        if self.options.search:
            from generator.search_background import BackgroundSearch  # imported late: `serve` alone needs it

            self.search = BackgroundSearch(self.options.output, self._search_failed)
            self._rebuild_options = replace(self.options, indexer=self.search)
        # So are the big data exports whose facts changed (with the cache on: their keys tell which).
        self.exports: BackgroundExports | None = None
        if self.options.cache:
            from generator.exports_background import BackgroundExports

            self.exports = BackgroundExports(self.options.output, self.options.content, self._exports_failed)
            self._rebuild_options = replace(self._rebuild_options, exporter=self.exports)

    @property
    def url(self) -> str:
        return self.server.url

    def watched(self) -> list[Path]:
        """The folders whose changes trigger a rebuild: the content and the site's templates."""
        folders = [self.options.content]
        if self.options.templates is not None and self.options.templates.is_dir():
            folders.append(self.options.templates)
        return folders

    def build_first(self) -> None:
        """The first build: its errors stop the preview, as `factsheets build` would."""
        report = build(self.options, self.session)
        self.server.site_changed()
        self._show_warnings(report.warnings)
        if self.search is not None:  # pages a preview stopped short (killed) left stale, if any
            self.search.catch_up(self.session.listing)
        self._warm_up()

    def _warm_up(self) -> None:
        """Start the language pipelines of the site's articles in the background, while the editor reads
        the preview: a first build that took every analysis from the cache started none, and the first save
        would wait for them. The next build waits for it to end (`rebuild`): nothing runs beside a build."""
        from generator.analyse.stage import warm_up

        model = self.session.aggregator.model
        languages = {article.language for article in model.articles.values()} if model is not None else set()
        self._warming = threading.Thread(
            target=warm_up, args=(languages,), name="factsheets-warm-up", daemon=True
        )
        self._warming.start()

    def rebuild(self, changed: Iterable[str | os.PathLike] | None = None) -> bool:
        """Build again; on failure keep serving the last good site and show the error. True on success.

        `changed`: every path the watcher reported changed since the last build; the build then takes the
        other files as the last one found them (see `filestats.FileDigests`), and `rebuild_if_unreported`
        should follow. None: not known, every file is looked at.
        Returns once the changed pages are in place and open pages told to reload; the search index of
        those pages is made afterwards (`search.catch_up`), after the one still being made, if any.
        """
        self.session.reported = self._look_names(changed) if changed is not None else None
        return self._rebuild()

    def rebuild_if_unreported(self) -> bool:
        """Look at every file's stat and build again if one changed that no report named (a watcher can miss
        a change: a file edited before it started, in a folder made a moment before, a file outside the
        watched folders that a link leads to). Quiet when none did; True when it built."""
        self.session.reported = None
        return self._rebuild(quiet_if_unchanged=True)

    def _look_names(self, paths: Iterable[str | os.PathLike]) -> set[bytes]:
        """The reported paths as the build names the files it looks at: below the watched folders resolved
        (the watcher names them below the folders as given, links in them not followed)."""
        roots = [(os.path.abspath(folder), os.fspath(folder.resolve())) for folder in self.watched()]
        names = set()
        for path in paths:
            path = os.path.abspath(path)
            for given, real in roots:
                if path.startswith(os.path.join(given, "")):
                    path = real + path[len(given) :]
                    break
            names.add(os.fsencode(path))
        return names

    def _rebuild(self, quiet_if_unchanged: bool = False) -> bool:
        if self._warming is not None:
            # Done, or about to be: a build forks workers, which must not inherit a thread midway.
            self._warming.join()
            self._warming = None
        if self.search is not None:
            self.search.prepare()  # one index at a time: the next one reads what this one renames in
        if self.exports is not None:
            self.exports.prepare(self.session)  # one at a time: it reads the model this build changes
        try:
            report = build(self._rebuild_options, self.session)
            if quiet_if_unchanged and report.skipped:
                return False
        except FactsheetsError as error:  # found before the model changed, or while rendering it
            message = error.format_message()
        except Exception as error:  # a broken template or a bug must not end the preview
            log.debug("rebuild failed", exc_info=True)
            message = f"{type(error).__name__}: {error}"
            self.session = BuildSession()  # what a failure midway left is not trusted: start afresh
        else:
            self._show_warnings(report.warnings)
            log.info("Rebuilt %d files; open pages reload", report.files)
            self.server.site_changed()
            if self.exports is not None:
                self.exports.catch_up(self.session)
            if self.search is not None:
                self.search.catch_up(self.session.listing)
            return True
        log.error("The rebuild failed; still serving the last good site.\n%s", message)
        self.server.site_changed(message)
        return False

    def _show_warnings(self, warnings: list[Problem]) -> None:
        """Each warning the last build did not give, in full, and how many it gave again: a save in a big
        archive would otherwise print thousands of warnings again (16,000 at 10,000 synthetic articles:
        0.15 s of the rebuild written to a file, more to a terminal), burying the one the save brought."""
        texts = self.session.problems.shown(warnings)
        new = [text for text in texts if text not in self._warned]
        for text in new:
            log.warning("%s", text)
        again = len(texts) - len(new)
        if again:
            log.info("%d warning%s as in the last build, not shown again", again, "" if again == 1 else "s")
        self._warned = set(texts)

    def _search_failed(self, message: str) -> None:
        """A search index made after its pages failed: shown as a failed rebuild is; the pages stay, and the
        next rebuild indexes their shards again."""
        log.error(
            "The search index could not be updated; the pages are, and search finds what they said "
            "before until the next rebuild.\n%s",
            message,
        )
        self.server.site_changed(message, SEARCH_FAILED)

    def _exports_failed(self, message: str) -> None:
        """Data exports made after their pages failed: shown as a failed rebuild is; the pages stay, the site
        keeps the previous exports, and the next rebuild makes them again."""
        log.error(
            "The data exports could not be updated; the pages are, and the downloads are the previous ones "
            "until the next rebuild.\n%s",
            message,
        )
        self.server.site_changed(message, EXPORTS_FAILED)

    def stop(self, cancel: bool = False) -> None:
        """Stop serving, once the data exports and the search index being made are done (or cancelled, with
        `cancel`)."""
        try:
            if self.exports is not None:
                self.exports.stop(cancel)
        finally:
            try:
                if self.search is not None:
                    self.search.stop(cancel)
            finally:
                self.server.stop()

    def watch(self, stop: threading.Event, changes: Iterable[set[tuple[object, str]]] | None = None) -> int:
        """Rebuild once per batch of changes until `stop` is set or the changes end; returns the rebuilds.

        `changes` defaults to watchfiles watching `watched()`; a test passes its own batches.
        """
        if changes is None:
            import watchfiles  # imported late: only the preview watches files

            # Ctrl+C (and SIGTERM, see `serve`) raises KeyboardInterrupt out of here for `serve` to end on.
            changes = watchfiles.watch(
                *self.watched(), watch_filter=None, stop_event=stop, debounce=self.debounce_ms
            )
        rebuilds = 0
        reported: set[str] | None = set()  # since the last build that looked (None: after a failed one)
        for batch in changes:
            if stop.is_set():
                break
            if reported is not None:
                reported.update(path for _, path in batch)  # scratch files too: the build looks at them
            watched = self.watched()
            names = sorted({Path(path).name for _, path in batch if not is_scratch_file(path, watched)})
            if not names:
                continue
            more = f" and {len(names) - 5} more" if len(names) > 5 else ""
            log.info("Changed: %s%s", ", ".join(names[:5]), more)
            built = self.rebuild(reported)
            rebuilds += 1
            if built and reported is not None:
                if self.rebuild_if_unreported():
                    log.info("Rebuilt for files changed that the watcher did not report")
                    rebuilds += 1
            # A failed rebuild may have stopped before looking at the files: the next one looks at all.
            reported = set() if built else None
        return rebuilds

    def start_watching(self) -> tuple[threading.Thread, threading.Event]:
        """Watch in a background thread; set the returned event to stop it."""
        stop = threading.Event()
        thread = threading.Thread(target=self.watch, args=(stop,), name="factsheets-watch", daemon=True)
        thread.start()
        return thread, stop


@contextlib.contextmanager
def _ending_signals_interrupt() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP end the preview as Ctrl+C does, so its temporary folder is removed.

    Their default action kills the process at once, skipping every `finally`. Only in the main thread,
    where Python runs signal handlers; a worker process forked meanwhile ends as the default would.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    owner = os.getpid()

    def interrupt(signum: int, frame: object) -> None:
        if os.getpid() != owner:
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
            return
        raise KeyboardInterrupt

    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {signum: signal.signal(signum, interrupt) for signum in wanted}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def serve(options: BuildOptions, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build, serve and rebuild on change until interrupted (Ctrl+C, SIGTERM or SIGHUP); then return.

    With no output folder the site is built into a temporary one, removed on exit: a preview build points
    its absolute URLs at this server and must not be mistaken for the site to publish.
    """
    try:
        with _ending_signals_interrupt():
            _serve_until_interrupted(options, host, port)
    except KeyboardInterrupt:
        log.info("Stopped the preview")


def _serve_until_interrupted(options: BuildOptions, host: str, port: int) -> None:
    temporary = None
    if options.output is None:
        temporary = Path(tempfile.mkdtemp(prefix="factsheets-preview-"))
        options = replace(options, output=temporary / "site")
    try:
        preview = Preview(options, host, port)
        try:
            preview.build_first()
            preview.server.start()
            log.info(
                "Serving %s at %s (Ctrl+C to stop); watching %s",
                preview.options.output,
                preview.url,
                ", ".join(str(p) for p in preview.watched()),
            )
            # Watch in this thread, so Ctrl+C reaches the watcher and ends the preview cleanly.
            preview.watch(threading.Event())
        finally:
            preview.stop()
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
