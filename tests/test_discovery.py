"""Finding advice, privately: Pagefind search, related reading, next steps, feed, metadata."""

from __future__ import annotations

import html as html_text
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, ClassVar

import feedparser
import pytest

from generator.content import Article, Catalog, load_catalog
from generator.discovery import search_record, step_label
from generator.metadata import article_json_ld
from generator.topics import tag_label

from .browser import axe_violations, headers_file_handler, serve_folder
from .conftest import ARTICLE_MD, PUBLIC_URL, REPO, SiteMaker, build

ARTICLE = "/articles/rejected-before-the-interview/"
PAGE_TYPES = (
    "/",
    ARTICLE,
    "/checklists/reflect/",
    "/worksheets/reflect/",
    "/worksheets/",
    "/tags/",
    "/articles/",
    "/articles/archive/2026/",
    "/about/",
)


@pytest.fixture(scope="module")
def site_url(real_site: Path) -> Iterator[str]:
    with serve_folder(real_site) as url:
        yield url


@pytest.fixture
def page(browser: Any, site_url: str) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    page.requests = []  # type: ignore[attr-defined]
    page.on("request", lambda request: page.requests.append(request))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors


def open_search(page: Any) -> Any:
    box = page.locator(".rebound-search__input")
    box.wait_for()
    return box


def results(page: Any) -> list[str]:
    page.locator(".rebound-search__status").filter(has_text=re.compile(r"result")).wait_for()
    return page.locator(".rebound-search__title").all_text_contents()


def test_nothing_search_related_is_fetched_before_the_first_keystroke(
    page: Any, site_url: str
) -> None:
    page.goto(site_url + "/")
    box = open_search(page)
    box.focus()
    page.wait_for_timeout(300)
    assert not [r.url for r in page.requests if "/pagefind/" in r.url]

    box.type("recruiter")
    results(page)

    fetched = [r for r in page.requests if "/pagefind/" in r.url]
    assert fetched
    total = sum(len(r.response().body()) for r in fetched if r.response() and r.response().ok)
    print(f"\nbytes fetched for a first query: {total}")
    assert total < 300_000


def test_a_word_from_one_article_finds_that_article(page: Any, site_url: str) -> None:
    page.goto(site_url + "/about/")
    box = open_search(page)
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "rebound-search-input"

    box.type("tailoring")

    found = results(page)
    assert "Rejected before the interview? Look at your CV first" in found
    assert page.locator(".rebound-search__excerpt mark").count() >= 1


def test_an_excerpt_cut_mid_sentence_says_so(page: Any, site_url: str) -> None:
    page.goto(site_url + "/")
    open_search(page).type("feedback")
    results(page)

    excerpts = [
        " ".join(t.split()) for t in page.locator(".rebound-search__excerpt").all_inner_texts()
    ]

    assert excerpts
    for excerpt in excerpts:
        assert excerpt[-1] in '.!?:"\u201d)\u2026', excerpt
        assert not excerpt[0].islower(), excerpt
    assert any(excerpt.endswith(" \u2026") for excerpt in excerpts)


def test_filters_narrow_the_results(page: Any, site_url: str) -> None:
    page.goto(site_url + "/")
    box = open_search(page)
    box.type("feedback")
    everything = results(page)
    status = page.locator(".rebound-search__status")
    all_count = int(status.text_content().split()[0])

    page.select_option("#rebound-search-filter-type", "Checklist")
    page.wait_for_function(
        "n => !document.querySelector('.rebound-search__status').textContent.startsWith(n)",
        arg=str(all_count),
    )
    checklists = results(page)
    assert 0 < len(checklists) < len(everything)
    types = page.locator(".rebound-search__type").all_text_contents()
    assert set(types) == {"Checklist"}

    page.select_option("#rebound-search-filter-type", "")
    page.select_option("#rebound-search-filter-tag", "Recruiters")
    page.wait_for_timeout(600)
    by_tag = results(page)
    assert 0 < len(by_tag) < all_count


def status_text(page: Any) -> str:
    return page.locator(".rebound-search__status").text_content()


def test_show_more_brings_the_rest_of_the_results(page: Any, site_url: str) -> None:
    page.goto(site_url + "/")
    open_search(page).type("you")
    results(page)
    total = int(status_text(page).split()[0])
    assert total > 10, "the query should find more than one page of results"
    assert status_text(page) == f"{total} results, showing the first 10"
    assert page.locator(".rebound-search__result").count() == 10
    status = page.locator(".rebound-search__status")
    assert status.get_attribute("role") == "status"
    assert status.get_attribute("aria-live") == "polite"
    more = page.locator(".rebound-search__more")
    assert more.text_content() == f"Show {min(total - 10, 10)} more results"

    # A reader on the keyboard: Tab to the button, Enter.
    more.focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('.rebound-search__result').length > 10")

    shown = page.locator(".rebound-search__result").count()
    assert shown == min(total, 20)
    expected = f"{total} results" + (f", showing the first {shown}" if shown < total else "")
    assert status_text(page) == expected
    # Focus moves to the first new result, so the reader carries on from there.
    eleventh = page.locator(".rebound-search__result").nth(10).locator("a").first
    assert eleventh.evaluate("link => link === document.activeElement")
    assert more.is_visible() == (shown < total)
    # The results shown before are still there, in the same order.
    assert page.locator(".rebound-search__title").count() == shown


def test_filters_show_topics_and_steps_by_name(page: Any, site_url: str) -> None:
    catalog = load_catalog(REPO / "content")
    page.goto(site_url + "/")
    open_search(page).type("feedback")
    results(page)

    topics = page.locator("#rebound-search-filter-tag option").all_text_contents()
    steps = page.locator("#rebound-search-filter-step option").all_text_contents()
    types = page.locator("#rebound-search-filter-type option").all_text_contents()

    assert "Development plan" in topics and "CV" in topics
    assert not [t for t in topics if "-" in t and t != "Follow-up" and t != "Self-assessment"]
    assert steps == ["Any"] + [
        f"Step {n} · {catalog.checklist_for_step(n).title}" for n in range(1, 6)
    ]
    assert steps[1] == "Step 1 · Ask for feedback"
    assert types == ["Any", "Article", "Checklist"]


def test_a_checklist_is_one_result_with_its_worksheet_and_pdf(page: Any, site_url: str) -> None:
    page.goto(site_url + "/")
    open_search(page).type("reflect on the process")
    results(page)

    titles = page.locator(".rebound-search__title").all_text_contents()
    assert titles.count("Reflect on the process") == 1
    assert not [t for t in titles if t.startswith("Worksheet")]
    item = page.locator(".rebound-search__result").filter(
        has=page.locator(".rebound-search__title", has_text=re.compile("^Reflect on the process$"))
    )
    links = item.locator(".rebound-search__link")
    assert links.all_text_contents() == ["Printable worksheet", "Fillable PDF"]
    assert links.nth(0).get_attribute("href") == site_url + "/worksheets/reflect/"
    assert links.nth(1).get_attribute("href") == site_url + "/worksheets/reflect.pdf"


def test_tags_and_steps_read_as_words() -> None:
    catalog = load_catalog(REPO / "content")

    assert tag_label("development-plan") == "Development plan"
    assert tag_label("cv") == "CV"
    assert tag_label("follow-up") == "Follow-up"
    assert tag_label("wellbeing") == "Wellbeing"
    assert step_label(catalog, 1) == "Step 1 · Ask for feedback"
    assert step_label(Catalog(), 4) == "Step 4"


def test_search_records_leave_worksheets_to_their_checklist() -> None:
    catalog = load_catalog(REPO / "content")
    url = {"worksheets/plan.md": "worksheets/plan/"}.get

    record = search_record(catalog, "checklists/plan.md", lambda path: url(path, path))

    assert record is not None and record.kind == "Checklist"
    assert [(link.label, link.path) for link in record.links] == [
        ("Printable worksheet", "worksheets/plan/"),
        ("Fillable PDF", "worksheets/plan.pdf"),
    ]
    assert search_record(catalog, "worksheets/plan.md", lambda path: path) is None


def test_drafts_and_listing_pages_are_not_indexed(real_site: Path) -> None:
    indexed = (real_site / "pagefind").is_dir()
    assert indexed
    tags = (real_site / "tags/index.html").read_text("utf-8")
    assert "data-pagefind-body" not in tags
    article = (real_site / "articles/do-the-roles-fit/index.html").read_text("utf-8")
    assert "data-pagefind-body" in article
    # A worksheet is found through its checklist, never as a second result.
    worksheet = (real_site / "worksheets/reflect/index.html").read_text("utf-8")
    assert "data-pagefind-body" not in worksheet


def test_related_articles_and_the_next_step(real_site: Path) -> None:
    catalog = load_catalog(REPO / "content")
    article = next(a for a in catalog.articles if a.slug == "rejected-before-the-interview")
    html = (real_site / "articles/rejected-before-the-interview/index.html").read_text("utf-8")

    related = re.search(r'<nav class="rebound-related".*?</nav>', html, re.S)
    assert related
    # Titles are escaped in the page ("no" becomes &#34;no&#34;).
    titles = [
        html_text.unescape(title) for title in re.findall(r"<a [^>]*>([^<]+)</a>", related.group(0))
    ]
    assert titles == [a.title for a in catalog.related(article)]
    assert article.title not in titles
    assert 1 <= len(titles) <= 3
    next_step = re.findall(r'<nav class="rebound-next".*?</nav>', html, re.S)
    assert len(next_step) == 1 and "Next: Step 5 \u2013 Be resilient" in next_step[0]

    checklist = (real_site / "checklists/reflect/index.html").read_text("utf-8")
    assert re.search(
        r'class="rebound-next".*Next: Step 3 \u2013 Make a development plan', checklist, re.S
    )


def test_the_feed_lists_the_articles_with_their_dates(real_site: Path) -> None:
    feed = feedparser.parse((real_site / "feed_rss_created.xml").read_bytes())
    catalog = load_catalog(REPO / "content")

    assert not feed.bozo
    by_title = {entry.title: entry for entry in feed.entries}
    assert set(by_title) == {a.title for a in catalog.published_articles()}
    for article in catalog.published_articles():
        published = datetime(*by_title[article.title].published_parsed[:6], tzinfo=UTC)
        assert published.date() == article.created.date()
    home = (real_site / "index.html").read_text("utf-8")
    assert 'type="application/rss+xml"' in home


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.json_ld: list[str] = []
        self._in_json_ld = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        key = values.get("property") or values.get("name")
        if tag == "meta" and key:
            self.meta[key] = values.get("content") or ""
        self._in_json_ld = tag == "script" and values.get("type") == "application/ld+json"

    def handle_data(self, data: str) -> None:
        if self._in_json_ld:
            self.json_ld.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_json_ld = False


def test_article_pages_carry_sharing_and_structured_data(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITE_URL", PUBLIC_URL)
    article = ARTICLE_MD.replace(
        "title: Ask for feedback you can use", "title: 'Ask for \"real\" feedback & use it'"
    )
    site = build(make_site({"content/articles/posts/ask-for-feedback-you-can-use.md": article}))
    head = _Head()
    head.feed((site / "articles/ask-for-feedback-you-can-use/index.html").read_text("utf-8"))

    assert head.meta["og:type"] == "article"
    assert head.meta["og:title"] == 'Ask for "real" feedback & use it'
    assert head.meta["og:description"] == "How to ask for feedback."
    assert head.meta["og:url"] == PUBLIC_URL + "articles/ask-for-feedback-you-can-use/"
    assert head.meta["twitter:card"] == "summary"
    data = json.loads(head.json_ld[0])
    assert data["@type"] == "Article"
    assert data["headline"] == 'Ask for "real" feedback & use it'
    assert data["author"] == {"@type": "Organization", "name": "The Rebound team"}
    assert data["datePublished"].startswith("2026-11-01")
    assert data["url"] == PUBLIC_URL + "articles/ask-for-feedback-you-can-use/"


def test_json_ld_survives_a_closing_script_tag() -> None:
    article = Article(
        slug="x",
        src_path="articles/posts/x.md",
        title='A "quote" </script><script>alert(1)</script>',
        description="<!-- sneaky & odd -->",
        created=datetime(2026, 11, 1, tzinfo=UTC),
        authors=("rebound",),
        tags=("feedback",),
    )

    text = article_json_ld(article, "https://example.invalid/articles/x/", "Rebound")

    assert "</script" not in text and "<!--" not in text
    assert json.loads(text)["headline"] == article.title
    assert json.loads(text)["description"] == article.description


@pytest.mark.parametrize("path", PAGE_TYPES)
def test_no_request_leaves_the_site(page: Any, site_url: str, path: str) -> None:
    page.goto(site_url + path)
    page.wait_for_load_state("networkidle")
    if page.locator(".rebound-search__input").count():
        page.locator(".rebound-search__input").type("plan")
        page.wait_for_timeout(500)

    outside = [r.url for r in page.requests if not r.url.startswith((site_url, "data:", "blob:"))]
    assert outside == []


class _Resources(HTMLParser):
    """Everything a browser would fetch by itself (links a reader clicks are fine)."""

    FETCHED: ClassVar[dict[str, str]] = {
        "script": "src",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "audio": "src",
    }

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in self.FETCHED and values.get(self.FETCHED[tag]):
            self.urls.append(values[self.FETCHED[tag]] or "")
        if tag == "link" and values.get("rel") not in ("canonical", "alternate"):
            self.urls.append(values.get("href") or "")


def test_built_pages_reference_no_outside_resources(real_site: Path) -> None:
    for html_file in real_site.rglob("*.html"):
        parser = _Resources()
        parser.feed(html_file.read_text("utf-8"))
        outside = [url for url in parser.urls if re.match(r"^(https?:)?//", url)]
        assert outside == [], html_file


# Every kind of page, as axe sees it: the 404 page is served for a missing address.
AXE_PAGES = (
    *PAGE_TYPES,
    "/articles/page/2/",
    "/articles/category/feedback/",
    "/checklists/",
    "/support/",
    "/deep/missing/path",
)


@pytest.fixture(scope="module")
def any_site_url(real_site: Path) -> Iterator[str]:
    """The real site as a static host serves it: its headers (the CSP), the 404 page."""
    with serve_folder(real_site, headers_file_handler(real_site)) as url:
        yield url


@pytest.fixture(params=["light", "dark"])
def scheme_page(request: pytest.FixtureRequest, browser: Any) -> Iterator[Any]:
    """A page in the reader's light or dark scheme (the site follows the system's).

    The site's CSP would refuse the axe script the test adds; the page's own
    scripts run under it all the same (tests/test_csp_browser.py)."""
    context = browser.new_context(color_scheme=request.param, bypass_csp=True)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors


def goto_scheme(page: Any, url: str) -> None:
    page.goto(url)
    dark = page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    assert scheme == ("slate" if dark else "default")


@pytest.mark.parametrize("path", AXE_PAGES)
def test_axe_finds_no_violations_on_any_page_in_either_scheme(
    scheme_page: Any, any_site_url: str, real_site: Path, path: str
) -> None:
    if path == "/support/" and not (real_site / "support/index.html").is_file():
        pytest.skip("no support page in this content yet")
    goto_scheme(scheme_page, any_site_url + path)

    violations = axe_violations(scheme_page)

    assert violations == [], json.dumps(violations)


# What only a phone shows: an article's byline under its title, the menu's layout.
@pytest.mark.parametrize("path", ["/", ARTICLE, "/checklists/reflect/", "/tags/"])
def test_axe_finds_no_violations_on_a_phone_in_either_scheme(
    scheme_page: Any, any_site_url: str, path: str
) -> None:
    scheme_page.set_viewport_size({"width": 390, "height": 844})
    goto_scheme(scheme_page, any_site_url + path)

    violations = axe_violations(scheme_page)

    assert violations == [], json.dumps(violations)


@pytest.mark.parametrize("path", ["/", ARTICLE, "/worksheets/reflect/", "/deep/missing/path"])
def test_axe_finds_no_violations_with_the_search_results_open(
    scheme_page: Any, any_site_url: str, path: str
) -> None:
    goto_scheme(scheme_page, any_site_url + path)
    open_search(scheme_page).type("feedback")
    results(scheme_page)
    scheme_page.locator(".rebound-search__filter").first.wait_for()

    violations = axe_violations(scheme_page)

    assert violations == [], json.dumps(violations)
