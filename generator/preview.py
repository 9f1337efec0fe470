"""`rebound serve`: MkDocs' live-reload server, run in this process, that never hangs.

MkDocs' own `serve` holds every request while the last rebuild failed, so a
content mistake left the browser waiting until it was fixed, and a broken link
at start (strict mode) stopped the preview from starting at all. Here:

- a mistake that stops the site from building (front matter, a broken
  mkdocs.yml) turns every page into the list of problems;
- a broken link, image or anchor turns only the pages that have one into that
  list, and the rest of the site is served;
- the list is the terminal's lines, HTML-escaped, and the page reloads itself
  (MkDocs' livereload) as soon as a rebuild succeeds.

The server listens on 127.0.0.1 only, and the address is checked before anything
is built, so a port in use is one line, not a traceback after a whole build.
"""

from __future__ import annotations

import errno
import logging
import posixpath
import shutil
import signal
import socket
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer

from .content import Problem
from .fragments import PACKAGE_TEMPLATES
from .site_config import project_root
from .site_links import page_url

HOST = "127.0.0.1"
POLL_SECONDS = 0.1
"""How often the watched folders are checked for changes (MkDocs' default is 0.5 s):
part of the time from saving a file to seeing it."""
log = logging.getLogger("mkdocs.rebound.preview")


class AddressError(Exception):
    """The preview cannot listen where it was asked to; the message says what to do."""


def parse_address(address: str) -> tuple[str, int]:
    """`127.0.0.1:8000` (or `localhost:8000`) -> ("127.0.0.1", 8000).

    Raises:
        AddressError: another host, or no valid port.
    """
    host, _, port_text = address.rpartition(":")
    if host not in (HOST, "localhost"):
        raise AddressError(
            f"the preview only listens on this machine: use --dev-addr {HOST}:PORT "
            f"(not '{address}')"
        )
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise AddressError(f"'{port_text}' is not a port: use --dev-addr {HOST}:8000")
    return HOST, int(port_text)


def check_address_free(host: str, port: int) -> None:
    """Fail fast, before any build, when something already listens on the port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the server will: a port left in TIME_WAIT by an earlier preview is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            raise AddressError(_in_use(host, port, error)) from None


def _in_use(host: str, port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return (
            f"port {port} on {host} is in use (another preview?); stop that, or pick "
            f"another port with --dev-addr {host}:{port + 1}"
        )
    return f"cannot listen on {host}:{port} ({error.strerror}); pick another --dev-addr"


@dataclass(frozen=True)
class Report:
    """What the last build found.

    Attributes:
        problems: every problem, as the terminal shows them.
        whole_site: the site could not be built: every page shows the problems.
        pages: otherwise, the URL keys of the pages that show them (see `url_key`).
    """

    problems: tuple[Problem, ...] = ()
    whole_site: bool = False
    pages: frozenset[str] = field(default_factory=frozenset)

    def covers(self, key: str) -> bool:
        return bool(self.problems) and (self.whole_site or key in self.pages)


def url_key(path: str) -> str:
    """`/articles/ask/`, `/articles/ask/index.html`, `/articles/ask` -> `articles/ask`."""
    path = path.strip("/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")]
    return path.strip("/")


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server, showing the last build's problems instead of waiting."""

    report = Report()

    def __init__(self, *args: Any, render_problems: Callable[[Report], str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.render_problems = render_problems

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/") or not _is_page(path):
            return super()._serve_request(environ, start_response)
        relative = path[len(self.mount_path) :] if path.startswith(self.mount_path) else path
        with self._epoch_cond:
            # A rebuild always ends (our builder never raises), so this wait does too.
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            epoch, report = self._visible_epoch, self.report
        if not report.covers(url_key(relative)):
            return super()._serve_request(environ, start_response)
        page = self._inject_js_into_html(self.render_problems(report).encode(), epoch)
        start_response(
            "500 Internal Server Error",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(page)))],
        )
        return [page]


def _is_page(path: str) -> bool:
    last = posixpath.basename(path)
    return path.endswith("/") or last.endswith(".html") or "." not in last


class Preview:
    """One preview: the site built into a temporary folder, rebuilt on every change."""

    def __init__(self, config: MkDocsConfig, load_config: Callable[[str], MkDocsConfig]):
        self.config = config
        self.load_config = load_config
        self.site_dir = tempfile.mkdtemp(prefix="rebound-serve-site-")
        config.site_dir = self.site_dir
        host, port = config.dev_addr
        mount_path = urlsplit(config.site_url or "/").path or "/"
        self.serve_url = f"http://{host}:{port}{mount_path}"
        environment = Environment(
            loader=FileSystemLoader(PACKAGE_TEMPLATES), autoescape=select_autoescape(default=True)
        )
        self.template = environment.get_template("rebound/preview-problems.html")
        self.server = PreviewServer(
            builder=self.rebuild,
            host=host,
            port=port,
            root=self.site_dir,
            mount_path=mount_path,
            polling_interval=POLL_SECONDS,
            render_problems=self.render,
        )
        # Never let a thread keep the process alive once the preview is stopping (a
        # second signal can arrive in the middle of shutting down).
        self.server.serve_thread.daemon = True
        self.server.observer.daemon = True

    def render(self, report: Report) -> str:
        if report.whole_site:
            summary = "The site cannot be built until these are fixed."
        else:
            summary = "This page has a link that leads nowhere; the rest of the site works."
        return self.template.render(problems=report.problems, summary=summary)

    def run(self) -> None:
        """Build, then serve until interrupted (Ctrl-C or SIGTERM); clean up either way."""
        signal.signal(signal.SIGTERM, _interrupt)
        config = self.config
        # Dirty builds: after the first, each rebuild writes only the pages the change
        # touches, which the rebound plugin works out (see `incremental`).
        config.plugins.on_startup(command="serve", dirty=True)
        try:
            self.build(config)
            self.server.watch(config.docs_dir)
            if config.config_file_path:
                self.server.watch(config.config_file_path)
            for folder in config.theme.dirs[:1] if config.theme.custom_dir else []:
                self.server.watch(folder)
            self.server = config.plugins.on_serve(self.server, config=config, builder=self.rebuild)
            for item in config.watch:
                self.server.watch(item)
            try:
                self.server.serve()
            except OSError as error:  # taken between the check and now
                host, port = self.server.server_address[:2]
                raise AddressError(_in_use(host, port, error)) from None
            except KeyboardInterrupt:
                log.info("Stopping the preview")
            finally:
                self.server.shutdown()
        finally:
            config.plugins.on_shutdown()
            shutil.rmtree(self.site_dir, ignore_errors=True)

    def rebuild(self) -> None:
        """Called by the server on every change: a fresh config, as mkdocs.yml may change."""
        try:
            config = self.load_config(self.site_dir)
        except Exception as error:  # a broken mkdocs.yml: show it, keep serving
            shown = Path(self.config.config_file_path or "mkdocs.yml").name
            problem = Problem(shown, 1, "", str(error))
            log.error(problem.format())
            self.server.report = Report((problem,), whole_site=True)
            return
        self.build(config)

    def build(self, config: MkDocsConfig) -> None:
        """Build once and record what the preview shows; never raises."""
        from mkdocs.commands.build import build

        config.site_url = self.serve_url
        # A preview shows the site despite warnings; `rebound build` stays strict.
        config.strict = False
        plugin = config.plugins.get("rebound")
        try:
            build(config, serve_url=self.serve_url, dirty=True)
        except (Exception, SystemExit) as error:
            problems = tuple(getattr(plugin, "problems", ()) or ())
            if not problems:
                problems = (Problem(_shown_config(config), 1, "", _reason(error)),)
                log.error(problems[0].format())
            self.server.report = Report(problems, whole_site=True)
            return
        problems = tuple(getattr(plugin, "problems", ()) or ())
        self.server.report = Report(problems, pages=_pages_with(problems, config))


def _reason(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    if text.startswith("Aborted with"):
        return f"the build stopped ({text}); the terminal says why"
    return text


def _shown_config(config: MkDocsConfig) -> str:
    path = Path(config.config_file_path or "mkdocs.yml").resolve()
    return path.relative_to(project_root(config)).as_posix()


def _pages_with(problems: Sequence[Problem], config: MkDocsConfig) -> frozenset[str]:
    """The URL keys of the pages whose files have problems (nav problems: the home page)."""
    root = project_root(config)
    docs_dir = Path(config.docs_dir).resolve()
    content = docs_dir.relative_to(root).as_posix() if docs_dir.is_relative_to(root) else ""
    url_of = page_url(config)
    keys: set[str] = set()
    for problem in problems:
        if content and problem.path.startswith(content + "/"):
            keys.add(url_key(url_of(problem.path[len(content) + 1 :])))
        else:
            keys.add("")
    return frozenset(keys)


def _interrupt(signum: int, frame: object) -> None:
    # Stop once: `timeout` and process-group kills can deliver SIGTERM twice.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt


def configure_logging() -> None:
    """Print MkDocs' progress and problems as `mkdocs serve` does, once."""
    mkdocs_log = logging.getLogger("mkdocs")
    if any(getattr(handler, "_rebound", False) for handler in mkdocs_log.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    handler._rebound = True  # type: ignore[attr-defined]
    mkdocs_log.addHandler(handler)
    mkdocs_log.setLevel(logging.INFO)
