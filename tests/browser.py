"""Browser testing support: a built site served on 127.0.0.1 and Debian's Chromium.

Playwright drives /usr/bin/chromium (`make test` installs it); Playwright's own
browser download does not work here and is never used.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, ClassVar

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def read_headers_file(path: Path) -> list[tuple[re.Pattern[str], list[tuple[str, str]]]]:
    """The rules of a `_headers` file (Netlify and Cloudflare Pages): path pattern -> headers.

    A `*` matches any characters, `/` included; an indented `Name: value` line belongs
    to the path above it; `#` starts a comment.
    """
    rules: list[tuple[re.Pattern[str], list[tuple[str, str]]]] = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = ".*".join(re.escape(part) for part in line.strip().split("*"))
            rules.append((re.compile(pattern + r"\Z"), []))
            continue
        name, _, value = line.strip().partition(":")
        assert rules and value, f"not a header line under a path: {line!r}"
        rules[-1][1].append((name.strip(), value.strip()))
    return rules


class HeadersFileHandler(http.server.SimpleHTTPRequestHandler):
    """Sends every file with the headers the site's own `_headers` gives its path, as
    Netlify and Cloudflare Pages do (a header set by two matching rules is joined with
    a comma), and `404.html` with status 404 for anything missing."""

    rules: ClassVar[list[tuple[re.Pattern[str], list[tuple[str, str]]]]] = []

    def log_message(self, format: str, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        sent: dict[str, list[str]] = {}
        for pattern, headers in self.rules:
            if pattern.match(path):
                for name, value in headers:
                    sent.setdefault(name, []).append(value)
        for name, values in sent.items():
            self.send_header(name, ", ".join(values))
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def headers_file_handler(site: Path) -> type[HeadersFileHandler]:
    """A handler class that applies `site/_headers`."""
    return type(
        "SiteHeadersHandler", (HeadersFileHandler,), {"rules": read_headers_file(site / "_headers")}
    )


@contextmanager
def serve_folder(
    folder: Path, handler_class: type[http.server.SimpleHTTPRequestHandler] = _QuietHandler
) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) and yield the base URL.

    Arguments:
        handler_class: how files are sent (the benchmark's Lighthouse run gzips them).
    """
    handler = functools.partial(handler_class, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium browser from Debian, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Debian's chromium is missing: `make test` installs it"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def axe_violations(page: Any) -> list[tuple[str, list[Any]]]:
    """Run axe-core (from npm, `make test` installs it) on the page as it is now.

    Returns:
        (rule id, targets) for every violation of WCAG 2.2 AA and axe's best practices.
    """
    assert AXE.is_file(), "axe-core is missing: `make test` runs npm install"
    page.add_script_tag(path=str(AXE))
    report = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [(v["id"], [node["target"] for node in v["nodes"]]) for v in report["violations"]]
