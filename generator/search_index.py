"""The search index: Pagefind, run over the built site.

mkdocs-material's lunr index is a single file every page downloads (9.2 MB at a
thousand articles). Pagefind splits its index into small fragments that the
browser fetches only for the words a reader types.

A whole build feeds Pagefind each page as it is written (`PageStream`), so
Pagefind reads them in its own process, on the other core, while Python renders
the next; a preview's quick rebuild indexes the finished site afterwards
(`index_site`, `LaterIndex`).
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

OUTPUT_SUBDIR = "pagefind"
EXCLUDE_SELECTORS = (".headerlink",)
"""The heading permalinks ("¶") are not words a reader would search for."""
BODY_MARKER = "data-pagefind-body"
"""Once any page has it, Pagefind indexes only the pages that have it."""


class SearchIndexError(RuntimeError):
    """Pagefind could not index the site; the message carries its own output."""


def index_site(site_dir: Path, *, low_priority: bool = False) -> int:
    """Write the Pagefind index into `site_dir/pagefind/` and return how many pages it holds.

    Only pages marked with `data-pagefind-body` are indexed (articles, checklists,
    worksheets); everything else (tag lists, archives) is left out.

    Arguments:
        low_priority: run Pagefind under `nice`, behind whatever else wants the CPU
            (the preview's next rebuild).

    Raises:
        SearchIndexError: Pagefind failed or is not installed.
    """
    command = [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site_dir),
        "--output-subdir",
        OUTPUT_SUBDIR,
        *(arg for selector in EXCLUDE_SELECTORS for arg in ("--exclude-selectors", selector)),
    ]
    if low_priority and shutil.which("nice"):
        command = ["nice", "-n", "15", *command]
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise SearchIndexError(f"could not run Pagefind: {error}") from None
    if result.returncode != 0:
        output = (result.stderr or result.stdout).strip()
        raise SearchIndexError(f"Pagefind could not index {site_dir}:\n{output}")
    indexed = re.search(r"Indexed (\d+) pages?", result.stdout)
    return int(indexed.group(1)) if indexed else 0


class LaterIndex:
    """Pagefind run after the build, in a thread of its own, for the preview.

    A preview serves each rebuilt page as soon as it is written; the search index
    (seconds at a few hundred pages) follows. Requests made while an index runs
    are merged into one more run, so the last one always sees the finished site.
    """

    def __init__(self, report: Callable[[str], None]) -> None:
        self._report = report
        self._wanted: Path | None = None
        self._condition = threading.Condition()
        self._thread: threading.Thread | None = None

    def request(self, site_dir: Path) -> None:
        with self._condition:
            self._wanted = site_dir
            self._condition.notify()
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="pagefind", daemon=True)
                self._thread.start()

    def _run(self) -> None:
        while True:
            with self._condition:
                while self._wanted is None:
                    self._condition.wait()
                site_dir, self._wanted = self._wanted, None
            try:
                indexed = index_site(site_dir, low_priority=True)
                self._report(f"Search index: {indexed} pages (Pagefind)")
            except SearchIndexError as error:
                self._report(f"Search index not updated: {error}")


class PageStream:
    """Pagefind's service mode, fed each page of a whole build as it is written.

    The same index as `index_site` (the same pages, read from the same HTML, with
    the same options; Pagefind computes each URL from the page's path as its
    command line does), but read by Pagefind, in its own process and so on the
    other core, while the build renders the next page, instead of from disk after
    the last. The protocol is the one Pagefind's own Node and Python APIs speak over
    its standard input and output: base64-encoded JSON messages, each followed by a
    comma.

    Pages without `data-pagefind-body` are held back while any page has it:
    Pagefind would read and then ignore them. `finish` sends, from disk, every HTML
    file of the site no page event gave (theme pages, HTML copied from the content).
    """

    def __init__(self, site_dir: Path) -> None:
        """Start Pagefind.

        Raises:
            SearchIndexError: Pagefind is not installed or could not start.
        """
        self.site_dir = site_dir
        self._seen: set[str] = set()
        self._unmarked: list[str] = []
        self._marked = 0
        self._next_id = 0
        self._wanted: set[int] = set()
        self._answers: dict[int, dict[str, Any]] = {}
        self._failure: str | None = None
        self._finished = False
        self._changed = threading.Condition()
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._write_request: int | None = None
        # What Pagefind says on its standard error, for the message if it fails.
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by `close`)
        try:
            from pagefind_bin import get_executable

            self._process = subprocess.Popen(
                [str(get_executable()), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
                cwd=site_dir,
            )
        except (ImportError, OSError) as error:
            self._errors.close()
            raise SearchIndexError(f"could not run Pagefind: {error}") from None
        # One thread reads Pagefind's answers, so its output pipe never fills and
        # stops it reading ours; another writes our messages, so the build never
        # waits for Pagefind to take a page.
        self._reader = threading.Thread(target=self._read, name="pagefind-read", daemon=True)
        self._writer = threading.Thread(target=self._write, name="pagefind-write", daemon=True)
        self._reader.start()
        self._writer.start()
        try:
            config = {"exclude_selectors": list(EXCLUDE_SELECTORS)}
            self._index_id = self._answer(self._send({"type": "NewIndex", "config": config}, True))[
                "index_id"
            ]
        except BaseException:
            self.close()
            raise

    def add_page(self, dest_uri: str, html: str) -> None:
        """Index `html`, the page written at `dest_uri` (relative to the site folder)."""
        if self._failure is not None:
            return  # `wait` reports it; the pages need not pile up meanwhile
        self._seen.add(dest_uri)
        if BODY_MARKER not in html:
            self._unmarked.append(dest_uri)
        else:
            self._marked += 1
            self._add_file(dest_uri, html)

    def finish(self) -> None:
        """Send the site's other HTML files and ask Pagefind for the index, without
        waiting for it (`wait` does)."""
        for dest_uri in _html_files(self.site_dir):
            if dest_uri not in self._seen:
                self.add_page(dest_uri, self._read_page(dest_uri))
        if not self._marked:  # no page is marked: Pagefind indexes every page
            for dest_uri in self._unmarked:
                self._add_file(dest_uri, self._read_page(dest_uri))
        # The index's files come back in the answer and are written here: Pagefind's
        # own WriteFiles answers before its files are all on disk.
        self._write_request = self._send({"type": "GetFiles", "index_id": self._index_id}, True)

    def wait(self) -> int:
        """Wait until the index is written; return how many pages it holds.

        Raises:
            SearchIndexError: Pagefind failed on a page or on writing the index.
        """
        assert self._write_request is not None, "finish() first"
        try:
            answer = self._answer(self._write_request)
        finally:
            self.close()
        self._write_index(answer.get("files") or [])
        return self._marked or len(self._unmarked)

    def _write_index(self, files: list[dict[str, str]]) -> None:
        output = self.site_dir / OUTPUT_SUBDIR
        for file in files:
            relative = PurePosixPath(file["path"])
            if relative.is_absolute() or ".." in relative.parts or not relative.parts:
                raise SearchIndexError(f"Pagefind named a file outside its folder: {relative}")
            target = output.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(file["content"]))

    def close(self) -> None:
        """Stop Pagefind (at once: its answers are all in) and its threads."""
        with self._changed:
            self._finished = True
        self._outbox.put(None)
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._writer.join()
        self._reader.join()
        self._errors.close()

    def _read_page(self, dest_uri: str) -> str:
        return (self.site_dir / dest_uri).read_text("utf-8", errors="replace")

    def _add_file(self, dest_uri: str, html: str) -> None:
        self._send(
            {
                "type": "AddFile",
                "index_id": self._index_id,
                "file_path": dest_uri,
                "url": None,
                "file_contents": html,
            }
        )

    def _send(self, payload: dict[str, Any], wanted: bool = False) -> int:
        self._next_id += 1
        if wanted:
            with self._changed:
                self._wanted.add(self._next_id)
        message = {"message_id": self._next_id, "payload": payload}
        self._outbox.put(base64.b64encode(json.dumps(message).encode("utf-8")) + b",")
        return self._next_id

    def _answer(self, message_id: int) -> dict[str, Any]:
        with self._changed:
            while message_id not in self._answers and self._failure is None:
                self._changed.wait()
            if message_id in self._answers:
                return self._answers.pop(message_id)
        self._errors.seek(0)
        said = self._errors.read()[-2000:].decode("utf-8", errors="replace").strip()
        raise SearchIndexError(
            f"Pagefind could not index {self.site_dir}: {self._failure}"
            + (f"\n{said}" if said else "")
        )

    def _write(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            while (message := self._outbox.get()) is not None:
                stdin.write(message)
                stdin.flush()
        except OSError:
            pass  # Pagefind has ended: the reader says so
        finally:
            with contextlib.suppress(OSError):
                stdin.close()

    def _read(self) -> None:
        stdout = self._process.stdout
        assert stdout is not None
        # An answer can be megabytes (the index's files): gathered in parts, joined once.
        parts: list[bytes] = []
        try:
            while chunk := stdout.read1(1 << 16):
                *messages, rest = chunk.split(b",")
                for message in messages:
                    parts.append(message)
                    self._received(json.loads(base64.b64decode(b"".join(parts))))
                    parts = []
                parts.append(rest)
        except (OSError, ValueError) as error:
            self._fail(f"unreadable answer ({error})")
        self._fail(f"it stopped (exit status {self._process.wait()})")

    def _received(self, response: dict[str, Any]) -> None:
        payload = response.get("payload") or {}
        if payload.get("type") == "Error":
            self._fail(str(payload.get("message") or payload))
            return
        with self._changed:
            if response.get("message_id") in self._wanted:
                self._answers[response["message_id"]] = payload
                self._changed.notify_all()

    def _fail(self, reason: str) -> None:
        with self._changed:
            if self._failure is None and not self._finished:
                self._failure = reason
            self._changed.notify_all()


def _html_files(site_dir: Path) -> list[str]:
    return sorted(
        Path(folder, name).relative_to(site_dir).as_posix()
        for folder, _, names in os.walk(site_dir)
        for name in names
        if name.endswith(".html")
    )
