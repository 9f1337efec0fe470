"""Every request a page makes finds something: no 404 in the console, with a public
address or without one (a local build has no sitemap and no feed, and nothing may
ask for them)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser import headers_file_handler, serve_folder

pytest.importorskip("playwright")

PAGES = (
    "/",
    "/articles/rejected-before-the-interview/",
    "/checklists/reflect/",
    "/checklists/",
    "/worksheets/reflect/",
    "/worksheets/",
    "/articles/",
    "/articles/page/2/",
    "/articles/archive/2026/",
    "/articles/category/feedback/",
    "/tags/",
    "/about/",
    "/support/",
)
MISSING = "/deep/missing/path"


@pytest.fixture(scope="module", params=["published", "unpublished"])
def served(request: pytest.FixtureRequest) -> Iterator[str]:
    """The real site as a static host serves it, built with a public address or without."""
    name = "real_site" if request.param == "published" else "unpublished_real_site"
    site: Path = request.getfixturevalue(name)
    with serve_folder(site, headers_file_handler(site)) as url:
        yield url


class Failures:
    """What went wrong on a page: responses of 400 and up, requests that failed."""

    def __init__(self, page: Any) -> None:
        self.found: list[str] = []
        page.on(
            "response",
            lambda r: self.found.append(f"{r.status} {r.url}") if r.status >= 400 else None,
        )
        page.on("requestfailed", lambda r: self.found.append(f"failed {r.url}"))


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("path", PAGES)
def test_no_page_asks_for_anything_that_is_not_there(page: Any, served: str, path: str) -> None:
    failures = Failures(page)

    page.goto(served + path)
    page.wait_for_load_state("networkidle")
    page.locator(".rebound-search__input").type("plan")
    page.locator(".rebound-search__status").filter(has_text="result").wait_for()
    page.wait_for_load_state("networkidle")

    assert failures.found == []


def test_the_404_page_asks_for_nothing_else_that_is_missing(page: Any, served: str) -> None:
    failures = Failures(page)

    page.goto(served + MISSING)
    page.wait_for_load_state("networkidle")

    assert failures.found == [f"404 {served}{MISSING}"]


def test_following_links_asks_for_nothing_that_is_not_there(page: Any, served: str) -> None:
    """With a public address instant navigation fetches pages (and the sitemap) itself."""
    failures = Failures(page)

    page.goto(served + "/")
    page.locator(".rebound-start__link").click()
    page.wait_for_url("**/articles/**")
    page.locator(".rebound-next a").first.click()
    page.wait_for_url("**/checklists/**")
    page.wait_for_load_state("networkidle")

    assert failures.found == []


def test_a_local_build_links_no_feed(unpublished_real_site: Path) -> None:
    """mkdocs-material's script asks for the sitemap beside every `rel="alternate"` link."""
    for html_file in unpublished_real_site.rglob("*.html"):
        assert 'rel="alternate"' not in html_file.read_text("utf-8"), html_file
    assert not (unpublished_real_site / "feed_rss_created.xml").exists()
