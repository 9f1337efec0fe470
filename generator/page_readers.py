"""What reads every page of a whole build: the search index and the output scan.

Both read each page as the build writes it, each in a process of its own (Pagefind,
and the output scan's worker), so that on a machine with a second core they work
while the build renders the next page instead of after the last one. Once every
page is written, `finish` has Pagefind make its index while the scan reads the
site's other HTML files; `wait_for_search` then waits for the index and writes
it (the `_headers` file lists its files).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from .output_scan import SiteScan
from .scan_stream import ScanStream
from .search_index import PageStream


class PageReaders:
    """Pagefind and the output scan, fed the pages of one whole build.

    Raises (from each method that talks to them):
        search_index.SearchIndexError: Pagefind failed.
        output_scan.ForeignResourceError: a page loads from another site.
        scan_stream.ScanFailed: the scan's worker failed.
    """

    def __init__(self, site_dir: Path, site_url: str | None) -> None:
        self._search: PageStream | None = None
        self._scan: ScanStream | None = ScanStream(site_dir, site_url)
        try:
            self._search = PageStream(site_dir)
        except BaseException:
            self.stop()
            raise

    def add_page(self, dest_uri: str, html: str, source: str | None) -> None:
        """A page as it is written to `dest_uri` (relative to the site folder).

        Arguments:
            source: the content file it is built from, as messages name it.
        """
        if self._scan is not None:
            self._scan.add_page(dest_uri, html, source)
        if self._search is not None:
            self._search.add_page(dest_uri, html)

    def finish(self, sources: Mapping[str, str]) -> SiteScan:
        """Every page is written: start Pagefind making its index, and wait for the scan.

        Arguments:
            sources: built page -> content file, for messages about pages read from disk.
        """
        assert self._scan is not None and self._search is not None
        self._search.finish()
        scan, self._scan = self._scan, None
        return scan.finish(sources)

    def wait_for_search(self) -> int:
        """Wait for Pagefind's index and write it into the site; how many pages it holds."""
        assert self._search is not None
        search, self._search = self._search, None
        return search.wait()

    def stop(self) -> None:
        """Stop whatever still runs (at once: the build failed or is over)."""
        for reader in (self._scan, self._search):
            if reader is not None:
                reader.close()
        self._scan = self._search = None
