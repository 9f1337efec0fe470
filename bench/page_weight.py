"""What a browser fetches: an article page load, then a first search (headless Chromium).

Bytes are what Chromium reports per request (headers plus body) from a plain
`http.server` on 127.0.0.1, which sends files uncompressed: a real host that
compresses would send less, so these are upper bounds.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .corpus import REPO

# The search index and engine (not Rebound's small search.js, which only shows the box).
SEARCH_MARKERS = ("pagefind", "search_index", "lunr", "worker")


@dataclass
class Fetched:
    """The requests of one step, as (url, bytes)."""

    requests: list[tuple[str, int]] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(size for _, size in self.requests)

    def search_related(self) -> list[str]:
        return [url for url, _ in self.requests if any(marker in url for marker in SEARCH_MARKERS)]


def _size(response: Any) -> int:
    try:
        sizes = response.request.sizes()
        return int(sizes["responseBodySize"]) + int(sizes["responseHeadersSize"])
    except Exception:  # a request that failed or was served from memory
        return 0


def measure(site: Path, article_path: str, query: str | None) -> dict[str, Any]:
    """Load `article_path` in a fresh browser, then (if `query`) type it into Rebound's search."""
    sys.path.insert(0, str(REPO))
    from tests.browser import chromium, serve_folder

    load, search = Fetched(), Fetched()
    current = load
    with serve_folder(site) as base, chromium() as browser:
        page = browser.new_page()
        finished: list[Any] = []
        page.on("requestfinished", lambda request: finished.append(request))
        page.goto(f"{base}/{article_path}", wait_until="networkidle")
        for request in finished:
            response = request.response()
            current.requests.append((request.url, _size(response) if response else 0))
        finished.clear()
        result: dict[str, Any] = {"page_load": load}
        if query is not None:
            current = search
            page.fill("#rebound-search-input", query)
            page.wait_for_selector(".rebound-search__results li", timeout=30000)
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(500)
            for request in finished:
                response = request.response()
                current.requests.append((request.url, _size(response) if response else 0))
            result["first_search"] = search
            result["results"] = page.locator(".rebound-search__results li").count()
        page.close()
    return result
