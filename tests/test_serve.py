"""`rebound serve`: a live preview on this machine only, drafts included."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from .conftest import ARTICLE_MD, SiteMaker

STARTUP_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, ""


def wait_for(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"rebound serve exited early: {process.communicate()[0]}")
        try:
            fetch(url)
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise AssertionError(f"rebound serve did not answer at {url}")


def test_serve_previews_drafts_on_localhost(make_site: SiteMaker, tmp_path: Path) -> None:
    draft = ARTICLE_MD.replace("title: Ask for feedback you can use", "title: Work in progress")
    draft = draft.replace("step: 1", "step: 1\ndraft: true")
    root = make_site({"content/articles/posts/work-in-progress.md": draft})
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        start_new_session=True,
    )
    try:
        wait_for(f"http://127.0.0.1:{port}/", process)

        status, html = fetch(f"http://127.0.0.1:{port}/articles/work-in-progress/")

        assert status == 200
        assert "Work in progress" in html
        assert 'data-checklist="ask-for-feedback"' in html
        assert "data-pagefind-body" not in html  # drafts stay out of search

        # Search keeps working in the preview: the index is built with every rebuild.
        status, _ = fetch(f"http://127.0.0.1:{port}/pagefind/pagefind.js")
        assert status == 200
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.communicate(timeout=30)
