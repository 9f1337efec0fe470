"""The output scan in a process of its own, fed each page as the build writes it.

`output_scan` reads every page after the build, in the build's process: 0.4 s of
CPU at 200 articles, 2 s at a thousand, with the other core idle. Here a worker
process (`python -m generator.scan_stream`) runs the same `SiteScanner` on each
page as it is written, on the other core, while the build renders the next; at
the end it reads the site's other HTML files (the theme's 404 page, HTML copied
from the content) and the stylesheets from disk, exactly as `scan_site` does,
and answers with the scan's result or its findings.

Frames on the worker's standard input: a kind byte (`P` page, `E` end), then a
4-byte length and a JSON header, then (pages only) a 4-byte length and the page's
UTF-8 text. Its answer, on standard output once the end frame is read: one JSON
object.
"""

from __future__ import annotations

import contextlib
import json
import os
import queue
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any, BinaryIO

from .output_scan import ForeignResourceError, SiteScan, SiteScanner

_LENGTH = struct.Struct("!I")
_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


class ScanFailed(RuntimeError):
    """The worker process failed (not a finding: its own error, which the message carries)."""


class ScanStream:
    """The client: starts the worker, sends it pages, collects its answer."""

    def __init__(self, site_dir: Path, site_url: str | None) -> None:
        """
        Raises:
            ScanFailed: the worker could not be started.
        """
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by `close`)
        # The worker imports this very package, wherever it was imported from.
        path = os.environ.get("PYTHONPATH")
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(filter(None, [str(_PACKAGE_ROOT), path])),
        }
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "generator.scan_stream", str(site_dir), site_url or ""],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
                env=env,
            )
        except OSError as error:
            self._errors.close()
            raise ScanFailed(f"could not start the output scan: {error}") from None
        self._outbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        # A thread writes, so the build never waits for the worker to take a page.
        self._writer = threading.Thread(target=self._write, name="output-scan", daemon=True)
        self._writer.start()

    def add_page(self, page: str, text: str, source: str | None) -> None:
        """Scan `text`, the page written at `page` (relative to the site folder)."""
        header = json.dumps({"page": page, "source": source}).encode("utf-8")
        body = text.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs writes it
        self._outbox.put(b"P" + _LENGTH.pack(len(header)) + header + _LENGTH.pack(len(body)) + body)

    def finish(self, sources: Mapping[str, str]) -> SiteScan:
        """Wait for the scan of the whole site.

        Arguments:
            sources: built page -> content file, for the pages read from disk.

        Raises:
            ForeignResourceError: what the pages load from other sites, one line each.
            ScanFailed: the worker failed.
        """
        header = json.dumps({"sources": dict(sources)}).encode("utf-8")
        self._outbox.put(b"E" + _LENGTH.pack(len(header)) + header)
        self._outbox.put(None)
        self._writer.join()
        assert self._process.stdout is not None
        answer = self._process.stdout.read()
        status = self._process.wait()
        try:
            result = json.loads(answer)
        except ValueError:
            result = None
        if status != 0 or not isinstance(result, dict):
            self._errors.seek(0)
            said = self._errors.read()[-2000:].decode("utf-8", errors="replace").strip()
            self.close()
            raise ScanFailed(f"the output scan failed (exit status {status}):\n{said}")
        self.close()
        if "findings" in result:
            raise ForeignResourceError(result["findings"])
        return SiteScan(
            script_hashes=set(result["script_hashes"]),
            style_hashes=set(result["style_hashes"]),
            forms_submit=result["forms_submit"],
            pages=result["pages"],
        )

    def close(self) -> None:
        """Stop the worker (at once, when the build failed) and the writer."""
        self._outbox.put(None)
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._writer.join()
        with contextlib.suppress(OSError):
            self._errors.close()

    def _write(self) -> None:
        stdin = self._process.stdin
        assert stdin is not None
        try:
            while (frame := self._outbox.get()) is not None:
                stdin.write(frame)
                stdin.flush()
        except OSError:
            pass  # the worker has ended: `finish` reports how
        finally:
            with contextlib.suppress(OSError):
                stdin.close()


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the build stopped sending")
    return data


def _read_json(stream: BinaryIO) -> Any:
    (size,) = _LENGTH.unpack(_read_exactly(stream, _LENGTH.size))
    return json.loads(_read_exactly(stream, size))


def serve(site_dir: Path, site_url: str | None, stdin: BinaryIO, stdout: BinaryIO) -> None:
    """The worker: scan the pages framed on `stdin`, answer on `stdout` at the end."""
    scanner = SiteScanner(site_dir, site_url)
    while (kind := _read_exactly(stdin, 1)) == b"P":
        header = _read_json(stdin)
        (size,) = _LENGTH.unpack(_read_exactly(stdin, _LENGTH.size))
        text = _read_exactly(stdin, size).decode("utf-8", errors="replace")
        scanner.add_page(header["page"], text, header["source"])
    if kind != b"E":
        raise ValueError(f"unknown frame {kind!r}")
    sources = _read_json(stdin)["sources"]
    try:
        scan = scanner.finish(sources)
    except ForeignResourceError as error:
        answer: dict[str, Any] = {"findings": str(error)}
    else:
        answer = {
            "script_hashes": sorted(scan.script_hashes),
            "style_hashes": sorted(scan.style_hashes),
            "forms_submit": scan.forms_submit,
            "pages": scan.pages,
        }
    stdout.write(json.dumps(answer).encode("utf-8"))
    stdout.flush()


if __name__ == "__main__":
    serve(Path(sys.argv[1]), sys.argv[2] or None, sys.stdin.buffer, sys.stdout.buffer)
