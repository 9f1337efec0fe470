"""The search index: Pagefind, run over the built site.

mkdocs-material's lunr index is a single file every page downloads (9.2 MB at a
thousand articles). Pagefind splits its index into small fragments that the
browser fetches only for the words a reader types.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

OUTPUT_SUBDIR = "pagefind"


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
        # The heading permalinks ("¶") are not words a reader would search for.
        "--exclude-selectors",
        ".headerlink",
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
