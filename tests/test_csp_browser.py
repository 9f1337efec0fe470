"""Every page type works under the site's own headers (`site/_headers`), in Chromium.

The published site (built at https://rebound.example/) is served by a local server on
127.0.0.1 that sends each file with the headers `_headers` gives its path. Chromium
asks for the site's real address and Playwright hands each request to that server,
so the pages run at the origin they were built for (instant navigation, canonical
links and the sitemap all agree) and nothing reaches a network. Any Content Security
Policy violation (`securitypolicyviolation`), console error or page error fails.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from .browser import headers_file_handler, serve_folder
from .conftest import ARTICLE_MD, BASE_FILES, PUBLIC_URL, build, write_files

pytest.importorskip("playwright")

ARTICLE = "articles/ask-for-feedback-you-can-use/"
CHECKLIST = "checklists/ask-for-feedback/"
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`
    + ` (${event.sourceFile}:${event.lineNumber})`);
});
"""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the browser follows redirects itself


@dataclass
class Problems:
    """What went wrong in the browser, and what left the site."""

    console: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def local_server(real_site: Path) -> Iterator[str]:
    with serve_folder(real_site, headers_file_handler(real_site)) as url:
        yield url


@pytest.fixture
def problems() -> Problems:
    return Problems()


@pytest.fixture
def page(browser: Any, local_server: str, problems: Problems) -> Iterator[Any]:
    context = browser.new_context()
    opener = urllib.request.build_opener(_NoRedirects)

    def from_local_server(route: Any) -> None:
        url = route.request.url
        if not url.startswith(PUBLIC_URL):
            problems.outside.append(url)
            route.abort()
            return
        local = local_server + "/" + url[len(PUBLIC_URL) :]
        try:
            response = opener.open(urllib.request.Request(local, method=route.request.method))
        except urllib.error.HTTPError as error:
            response = error
        headers = {name: value for name, value in response.headers.items()}
        route.fulfill(status=response.status, headers=headers, body=response.read())

    context.route("**/*", from_local_server)
    context.add_init_script(REPORT_VIOLATIONS)
    page = context.new_page()
    page.on(
        "console",
        lambda message: problems.console.append(message.text) if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: problems.console.append(f"page error: {error}"))
    page.on(
        "response",
        lambda response: (
            problems.failed.append(f"{response.status} {response.url}")
            if response.status >= 400 and response.request.resource_type != "document"
            else None
        ),
    )
    yield page
    context.close()


def visit(page: Any, path: str, status: int = 200) -> Any:
    response = page.goto(PUBLIC_URL + path)
    assert response.status == status, path
    assert "script-src 'self' 'sha256-" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    page.wait_for_load_state("networkidle")
    return response


def assert_clean(problems: Problems) -> None:
    assert problems.console == []
    assert problems.outside == []
    assert problems.failed == []


@pytest.mark.parametrize(
    "path",
    [
        "",
        ARTICLE,
        "articles/passed-over-for-promotion/",
        "worksheets/",
        "worksheets/reflect/",
        "tags/",
        "about/",
        "support/",
        "articles/",
    ],
)
def test_pages_run_under_the_policy(page: Any, problems: Problems, path: str) -> None:
    visit(page, path)

    # The theme is up (its scripts ran), and the palette toggle (inline script) too.
    page.locator("[data-md-component=container]").wait_for()
    assert page.evaluate("typeof __md_get === 'function' && typeof __md_scope === 'object'")
    assert_clean(problems)


def test_a_checklist_saves_and_restores_answers_under_the_policy(
    page: Any, problems: Problems
) -> None:
    visit(page, CHECKLIST)
    form = page.locator("form[data-checklist]").first
    form.locator(".rebound-checklist__toolbar").wait_for()
    form.locator("input[type=checkbox]").first.check()
    form.locator("textarea").first.fill("Asked for two specific examples.")
    form.locator("input[type=radio][value='4']").first.check()
    page.wait_for_timeout(700)  # saving is debounced

    page.reload()
    page.wait_for_load_state("networkidle")
    restored = page.locator("form[data-checklist]").first
    restored.locator(".rebound-checklist__toolbar").wait_for()

    assert restored.locator("input[type=checkbox]").first.is_checked()
    assert restored.locator("textarea").first.input_value() == "Asked for two specific examples."
    assert restored.locator("input[type=radio][value='4']").first.is_checked()
    assert_clean(problems)


def test_instant_navigation_runs_under_the_policy(page: Any, problems: Problems) -> None:
    visit(page, ARTICLE)
    page.evaluate("window.__sameDocument = true")

    # The article's "Next" card: the next step's checklist.
    page.locator(".rebound-next a").click()
    page.wait_for_url("**/checklists/reflect/")
    page.locator("form[data-checklist] .rebound-checklist__toolbar").first.wait_for()

    # Instant navigation swapped the page in place and ran the theme's inline script again.
    assert page.evaluate("window.__sameDocument === true")
    assert_clean(problems)


def test_search_with_a_query_and_a_filter_under_the_policy(page: Any, problems: Problems) -> None:
    visit(page, "")
    box = page.locator(".rebound-search__input")
    box.wait_for()
    box.type("feedback")
    status = page.locator(".rebound-search__status")
    status.filter(has_text=re.compile(r"result")).wait_for()

    page.select_option("#rebound-search-filter-type", "Checklist")
    page.wait_for_timeout(600)

    assert set(page.locator(".rebound-search__type").all_text_contents()) == {"Checklist"}
    assert_clean(problems)


def test_the_404_page_works_at_any_depth(page: Any, problems: Problems) -> None:
    visit(page, "deep/missing/path", status=404)
    # Chromium reports the page's own 404 on the console; any file of it that failed
    # to load is caught by `problems.failed`.
    problems.console.remove(
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    )

    # Its stylesheets and scripts came from the site root, not from /deep/missing/.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
        "sticky",
        "fixed",
    )
    assert page.evaluate("typeof __md_get === 'function'")
    page.locator(".md-header a.md-logo").click()
    page.wait_for_url(PUBLIC_URL)
    assert_clean(problems)


def test_the_policy_is_really_enforced(page: Any, problems: Problems) -> None:
    visit(page, "")

    ran = page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "window.__injected = true";
          document.head.append(script);
          return window.__injected === true;
        }"""
    )
    page.wait_for_timeout(200)

    assert ran is False
    assert any("CSP violation: script-src" in line for line in problems.console)


@pytest.fixture(scope="module")
def unpublished_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A tiny site built with the default loopback address, served under its headers."""
    root = tmp_path_factory.mktemp("unpublished") / "project"
    write_files(root, BASE_FILES)
    write_files(root, {"content/articles/posts/ask-for-feedback-you-can-use.md": ARTICLE_MD})
    site = build(root)
    with serve_folder(site, headers_file_handler(site)) as url:
        yield url


def test_the_404_page_of_a_site_without_an_address_works_at_any_depth(
    browser: Any, unpublished_site: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    failed: list[str] = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)

    response = page.goto(unpublished_site + "/deep/missing/path")
    page.wait_for_load_state("networkidle")
    assert response.status == 404
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
        "sticky",
        "fixed",
    )
    page.locator(".md-header a.md-logo").click()
    page.wait_for_url(unpublished_site + "/")
    context.close()

    assert failed == [unpublished_site + "/deep/missing/path"]
    assert console == [
        "Failed to load resource: the server responded with a status of 404 (Not Found)"
    ]
