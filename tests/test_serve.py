"""`rebound serve`: a live preview on this machine only, drafts included."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
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


def start_serve(root: Path, port: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        start_new_session=True,
    )


def stop(process: subprocess.Popen[str]) -> str:
    os.killpg(process.pid, signal.SIGTERM)
    return process.communicate(timeout=30)[0]


def wait_until(url: str, wanted: int, seconds: float = 90) -> str:
    """Fetch `url` until it answers `wanted`.

    A request made while a rebuild runs is answered when it ends (never later), so
    each fetch may take as long as a build of the tiny site on a busy machine.
    """
    deadline = time.monotonic() + seconds
    status, html = 0, ""
    while time.monotonic() < deadline:
        status, html = fetch_any(url, timeout=30)
        if status == wanted:
            return html
        time.sleep(0.3)
    raise AssertionError(f"{url} answered {status}, not {wanted}: {html[:500]}")


def fetch_any(url: str, timeout: float = 5) -> tuple[int, str]:
    """Like `fetch`, but keeps the body of an error page."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def test_a_content_mistake_while_serving_shows_the_problems_then_reloads_when_fixed(
    make_site: SiteMaker,
) -> None:
    root = make_site()
    article = root / "content/articles/posts/ask-for-feedback-you-can-use.md"
    port = free_port()
    process = start_serve(root, port)
    page = f"http://127.0.0.1:{port}/articles/ask-for-feedback-you-can-use/"
    try:
        wait_for(f"http://127.0.0.1:{port}/", process)
        assert fetch_any(page)[0] == 200

        article.write_text(ARTICLE_MD.replace("title: Ask", "title: <b>Ask</b>"), "utf-8")
        html = wait_until(page, 500)

        # Every page shows the terminal's line, escaped, and polls for the fix.
        assert (
            "content/articles/posts/ask-for-feedback-you-can-use.md:2</code><code>title</code>: "
            "contains HTML (&#39;&lt;b&gt;&#39;)"
        ) in html
        assert "<b>" not in html
        assert "livereload(" in html
        assert (
            "cannot be built"
            in fetch_any(f"http://127.0.0.1:{port}/checklists/ask-for-feedback/")[1]
        )
        epoch = re.search(r"livereload\((\d+),", html).group(1)  # type: ignore[union-attr]

        article.write_text(ARTICLE_MD, "utf-8")
        # The page's poll answers with a newer epoch once the fix is built: it reloads.
        # The poll is held until the rebuild is done (at most a minute), as a browser's is.
        poll = f"http://127.0.0.1:{port}/livereload/{epoch}/1"
        with urllib.request.urlopen(poll, timeout=90) as response:
            newer = response.read().decode()
        assert int(newer) > int(epoch)
        assert "Ask for feedback you can use" in wait_until(page, 200)
    finally:
        output = stop(process)
    assert (
        "content/articles/posts/ask-for-feedback-you-can-use.md:2: title: contains HTML" in output
    )
    assert "Traceback" not in output


def test_a_broken_link_at_start_shows_on_its_page_and_the_rest_is_served(
    make_site: SiteMaker,
) -> None:
    root = make_site(
        {
            "content/articles/posts/ask-for-feedback-you-can-use.md": ARTICLE_MD
            + "\nSee [the plan](../../checklists/plan.md).\n"
        }
    )
    port = free_port()
    process = start_serve(root, port)
    try:
        wait_for(f"http://127.0.0.1:{port}/", process)

        status, html = fetch_any(f"http://127.0.0.1:{port}/articles/ask-for-feedback-you-can-use/")
        assert status == 500
        assert "ask-for-feedback-you-can-use.md:17</code><code>link</code>" in html
        assert "the rest of the site works" in html
        assert fetch_any(f"http://127.0.0.1:{port}/checklists/ask-for-feedback/")[0] == 200
        assert fetch_any(f"http://127.0.0.1:{port}/")[0] == 200
    finally:
        stop(process)


def test_a_port_in_use_is_one_line_before_any_build(make_site: SiteMaker) -> None:
    root = make_site()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]

        result = subprocess.run(
            [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"rebound: error: port {port} on 127.0.0.1 is in use (another preview?); stop that, "
        f"or pick another port with --dev-addr 127.0.0.1:{port + 1}"
    ]


def test_the_preview_listens_on_this_machine_only(make_site: SiteMaker) -> None:
    root = make_site()

    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", "0.0.0.0:8000"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 2
    assert "only listens on this machine" in result.stderr


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


def test_the_preview_stops_on_sigterm_even_when_it_comes_twice(make_site: SiteMaker) -> None:
    """`timeout` and process-group kills can signal twice; shutting down must not hang."""
    root = make_site()
    port = free_port()

    def previews() -> set[Path]:
        return set(Path(tempfile.gettempdir()).glob("rebound-serve-site-*"))

    existing = previews()
    process = start_serve(root, port)
    try:
        wait_for(f"http://127.0.0.1:{port}/", process)
        ours = previews() - existing
        os.kill(process.pid, signal.SIGTERM)
        os.kill(process.pid, signal.SIGTERM)
        output = process.communicate(timeout=30)[0]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
    assert "Stopping the preview" in output
    assert "Traceback" not in output
    # Its temporary site folder is gone with it.
    assert ours
    assert not any(folder.exists() for folder in ours)
