"""The reader's path in Chromium: the site menu, where a page sits on the five steps,
the one way on, the reader's own progress on the home page, and the 404 page."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.content import load_catalog

from .browser import headers_file_handler, serve_folder
from .conftest import REPO

pytest.importorskip("playwright")
from playwright.sync_api import expect

ARTICLE = "/articles/rejected-before-the-interview/"
CHECKLIST = "/checklists/reflect/"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
MENU = ["Home", "Five steps", "Articles", "Worksheets", "Topics", "About"]
STEP_SLUGS = ["ask-for-feedback", "reflect", "plan", "refine", "be-resilient"]

BLOCK_STORAGE = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""


@pytest.fixture(scope="module")
def site_url(real_site: Path) -> Iterator[str]:
    with serve_folder(real_site, headers_file_handler(real_site)) as url:
        yield url


def open_page(browser: Any, **options: Any) -> Iterator[Any]:
    context = browser.new_context(**options)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], errors


@pytest.fixture
def desktop(browser: Any) -> Iterator[Any]:
    yield from open_page(browser, viewport=DESKTOP)


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    yield from open_page(browser, viewport=PHONE)


def menu_entries(page: Any) -> list[str]:
    return [text.strip() for text in page.locator(".md-tabs__link").all_text_contents()]


@pytest.mark.parametrize("path", ["/", ARTICLE, CHECKLIST, "/about/"])
def test_every_page_has_the_site_menu_on_a_desktop(desktop: Any, site_url: str, path: str) -> None:
    desktop.goto(site_url + path)

    tabs = desktop.locator(".md-tabs")
    expect(tabs).to_be_visible()
    entries = menu_entries(desktop)
    assert [entry for entry in entries if entry in MENU] == MENU
    for link in desktop.locator(".md-tabs__link").all():
        expect(link).to_be_visible()


@pytest.mark.parametrize(
    ("path", "tab"),
    [
        (ARTICLE, "Articles"),
        ("/articles/archive/2026/", "Articles"),
        (CHECKLIST, "Five steps"),
        ("/worksheets/reflect/", "Worksheets"),
        ("/tags/", "Topics"),
    ],
)
def test_the_site_menu_shows_where_the_reader_is(
    desktop: Any, site_url: str, path: str, tab: str
) -> None:
    desktop.goto(site_url + path)

    current = desktop.locator(".md-tabs__item--active .md-tabs__link")
    assert current.text_content().strip() == tab


def test_the_five_steps_are_in_the_menu_beside_a_checklist(desktop: Any, site_url: str) -> None:
    desktop.goto(site_url + ARTICLE)

    # Every entry leads to a page of the site, the five steps first.
    desktop.locator(".md-tabs__link", has_text="Five steps").click()
    desktop.wait_for_url(site_url + "/checklists/")
    steps = desktop.locator(".md-sidebar--primary .md-nav__item--active .md-nav__link")
    labels = [s.strip() for s in steps.all_text_contents() if s.strip()]
    assert [label for label in labels if label.startswith("Step ")] == [
        f"Step {n}: {load_catalog(REPO / 'content').checklist_for_step(n).title}"
        for n in range(1, 6)
    ]


@pytest.mark.parametrize("path", ["/", ARTICLE, CHECKLIST])
def test_the_phone_menu_opens_at_the_top_level(phone: Any, site_url: str, path: str) -> None:
    phone.goto(site_url + path)
    expect(phone.locator(".md-tabs")).to_be_hidden()

    phone.locator(".md-header label[for=__drawer]").click()

    top = phone.locator(".md-nav--primary > .md-nav__list > .md-nav__item > .md-nav__link")
    for entry in MENU:
        link = top.filter(has_text=re.compile(rf"^\s*{entry}\s*$")).first
        expect(link).to_be_visible()
        box = link.bounding_box()
        assert box is not None and box["x"] < PHONE["width"] / 2, entry
    # No section of the menu is opened by itself.
    assert (
        phone.locator(
            ".md-nav--primary > .md-nav__list > .md-nav__item > .md-toggle:checked"
        ).count()
        == 0
    )


@pytest.mark.parametrize(
    ("path", "marker", "next_text", "next_path"),
    [
        (
            ARTICLE,
            "Step 4 of 5 · Refine your search",
            "Next: Step 5 \u2013 Be resilient",
            "/checklists/be-resilient/",
        ),
        (
            CHECKLIST,
            "Step 2 of 5",
            "Next: Step 3 \u2013 Make a development plan",
            "/checklists/plan/",
        ),
    ],
)
def test_a_page_on_the_path_says_where_it_is_and_has_one_way_on(
    desktop: Any, site_url: str, path: str, marker: str, next_text: str, next_path: str
) -> None:
    desktop.goto(site_url + path)

    title = desktop.locator(".md-content h1").first
    step = desktop.locator(".rebound-step-marker")
    expect(step).to_have_count(1)
    assert " ".join(step.text_content().split()) == marker
    title_box, step_box = title.bounding_box(), step.bounding_box()
    assert 0 <= step_box["y"] - (title_box["y"] + title_box["height"]) < 60, "right under the title"

    cards = desktop.locator(".rebound-next")
    expect(cards).to_have_count(1)
    link = cards.locator("a")
    expect(link).to_have_count(1)
    assert " ".join(link.text_content().split()) == next_text
    # One way on: no footer pager along the dates, no "Put it into practice", no other
    # "Next" link.
    expect(desktop.locator(".md-footer__link")).to_have_count(0)
    expect(desktop.get_by_text("Put it into practice")).to_have_count(0)
    expect(desktop.get_by_role("link", name=re.compile(r"^\s*(Next|Previous)\b"))).to_have_count(1)
    # The card is big: a click on its description follows the link.
    cards.scroll_into_view_if_needed()
    words = cards.locator(".rebound-next__description").bounding_box()
    desktop.mouse.click(words["x"] + words["width"] / 2, words["y"] + words["height"] / 2)
    desktop.wait_for_url(site_url + next_path)


def test_on_a_phone_an_articles_author_and_date_are_under_its_title(
    phone: Any, site_url: str
) -> None:
    phone.goto(site_url + ARTICLE)

    byline = phone.locator(".rebound-byline")
    expect(byline).to_be_visible()
    items = [" ".join(text.split()) for text in byline.locator("li").all_text_contents()]
    assert items == [
        "By The Rebound team",
        "12 November 2026",
        "Reviewed 29 November 2026",
        "in Job search",
        "5 min read",
    ]
    step = phone.locator(".rebound-step-marker").bounding_box()
    top = byline.bounding_box()["y"]
    assert 0 <= top - (step["y"] + step["height"]) < 30, "right under the step marker"
    first_words = phone.locator(".md-content p:not(.rebound-step-marker)").first.bounding_box()
    assert top < first_words["y"], "before the article's text"
    # Not a second time after the Next card, where the theme puts the sidebar.
    expect(phone.locator(".md-sidebar--post")).to_be_hidden()
    expect(phone.get_by_text("About this article", exact=True)).to_have_count(1)


def test_on_a_desktop_the_sidebar_alone_shows_an_articles_date(desktop: Any, site_url: str) -> None:
    desktop.goto(site_url + ARTICLE)

    expect(desktop.locator(".md-sidebar--post time").first).to_be_visible()
    expect(desktop.locator(".rebound-byline")).to_be_hidden()


def test_the_last_step_leads_back_to_the_five_steps(desktop: Any, site_url: str) -> None:
    desktop.goto(site_url + "/checklists/be-resilient/")

    link = desktop.locator(".rebound-next a")
    assert link.text_content().strip() == "Next: look back over your five steps"
    link.click()
    desktop.wait_for_url(site_url + "/#rebound-path-title")


def saved(page: Any, slug: str) -> dict[str, Any]:
    return json.loads(page.evaluate("key => localStorage.getItem(key)", f"rebound:{slug}") or "{}")


def step_progress(page: Any) -> list[str]:
    lines = page.locator(".rebound-path__step .rebound-path__progress")
    return [" ".join(text.split()) for text in lines.all_text_contents()]


def test_the_home_page_shows_the_readers_progress_after_ticking(
    desktop: Any, site_url: str
) -> None:
    desktop.goto(site_url + "/")
    assert step_progress(desktop) == ["Your next step · Not started"] + ["Not started"] * 4

    desktop.goto(site_url + "/checklists/plan/")
    desktop.locator("[data-item=book-mock-interview] input").check()
    desktop.locator("[data-item=rehearse-stories] input").check()
    desktop.locator("[data-item=main-gap] textarea").fill("Talking about budgets")
    desktop.locator("[data-item=confidence-in-plan] input[value='4']").check()
    # Straight on through the site menu (instant navigation, no page load): the
    # checklist saves before the home page counts.
    desktop.locator(".md-tabs__link", has_text="Home").click()
    desktop.wait_for_url(site_url + "/")

    total = len(load_catalog(REPO / "content").checklists["plan"].items)
    expect(desktop.locator(".rebound-path__step--next")).to_have_count(1)
    assert step_progress(desktop) == [
        "Not started",
        "Not started",
        f"Your next step · 4 of {total} done",
        "Not started",
        "Not started",
    ]
    current = desktop.locator("[aria-current=step]")
    assert current.text_content().strip() == "Step 3: Make a development plan"
    assert len(saved(desktop, "plan")["items"]) == 4

    # The checklists page shows the same.
    desktop.goto(site_url + "/checklists/")
    assert step_progress(desktop)[2] == f"Your next step · 4 of {total} done"


def test_emptied_and_retired_items_do_not_count(desktop: Any, site_url: str) -> None:
    catalog = load_catalog(REPO / "content")
    ids = catalog.checklists["ask-for-feedback"].item_ids
    total = len(ids)
    items = {
        ids[0]: {"done": True, "updated": "2026-11-01T10:00:00.000Z"},
        ids[1]: {"updated": "2026-11-01T10:00:00.000Z"},  # emptied
        ids[2]: {"answer": "", "updated": "2026-11-01T10:00:00.000Z"},
        ids[3]: {"done": False},
        "an-old-item": {"done": True},  # retired: not in the checklist any more
    }
    everything = {item_id: {"done": True} for item_id in ids}
    desktop.goto(site_url + "/")
    desktop.evaluate(
        """([first, second]) => {
          const put = (slug, items) =>
            localStorage.setItem("rebound:" + slug, JSON.stringify({version: 1, items}));
          put("ask-for-feedback", first);
          put("reflect", second);
          localStorage.setItem("rebound:plan", "{not json");
        }""",
        [items, {}],
    )
    desktop.reload()

    lines = step_progress(desktop)
    assert lines[0] == f"Your next step · 1 of {total} done"
    assert lines[1] == "Not started"
    # An unreadable value is not "Not started": the step says nothing.
    expect(
        desktop.locator(".rebound-path__step").nth(2).locator(".rebound-path__progress")
    ).to_be_hidden()

    desktop.evaluate(
        "items => localStorage.setItem('rebound:ask-for-feedback', "
        "JSON.stringify({version: 1, items}))",
        everything,
    )
    desktop.reload()
    lines = step_progress(desktop)
    assert lines[0] == f"All {total} done"
    assert lines[1] == "Your next step · Not started"


def test_without_javascript_the_steps_are_plain_links(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport=DESKTOP)
    page = context.new_page()
    try:
        page.goto(site_url + "/")
        steps = page.locator(".rebound-path__step")
        expect(steps).to_have_count(5)
        expect(page.locator(".rebound-path__progress:visible")).to_have_count(0)
        expect(page.locator(".rebound-path__link")).to_have_count(5)
        expect(page.locator(".rebound-start__link")).to_have_count(1)
    finally:
        context.close()


def test_with_storage_blocked_the_home_page_still_works(desktop: Any, site_url: str) -> None:
    desktop.add_init_script(BLOCK_STORAGE)
    desktop.goto(site_url + "/")

    expect(desktop.locator(".rebound-path__link")).to_have_count(5)
    expect(desktop.locator(".rebound-path__progress:visible")).to_have_count(0)


def test_start_here_comes_before_the_five_steps(desktop: Any, site_url: str) -> None:
    catalog = load_catalog(REPO / "content")
    start = catalog.start_article()
    assert start is not None
    desktop.goto(site_url + "/")

    card = desktop.locator(".rebound-start")
    path = desktop.locator(".rebound-path")
    assert card.bounding_box()["y"] < path.bounding_box()["y"]
    link = card.locator("a")
    assert link.text_content().strip() == start.title
    # The card's label says "Start here"; its title, read right after, does not again.
    label = card.locator(".rebound-start__title").text_content().strip()
    assert label.lower() == "start here"
    assert label.lower() not in start.title.lower()
    link.click()
    desktop.wait_for_url(site_url + f"/articles/{start.slug}/")


def test_the_404_page_links_from_the_site_root(real_site: Path) -> None:
    html = (real_site / "404.html").read_text("utf-8")
    steps = re.findall(r'class="rebound-path__link" href="([^"]*)"', html)
    home = re.findall(r'href="([^"]*)">Go to the home page<', html)

    assert steps == [f"/checklists/{slug}/" for slug in STEP_SLUGS]
    assert home == ["/"]


@pytest.mark.parametrize("address", ["/deep/missing/path", "/articles/no-such-article/"])
def test_the_404_page_is_kind_and_every_link_works(
    desktop: Any, site_url: str, address: str
) -> None:
    response = desktop.goto(site_url + address)
    assert response.status == 404

    expect(desktop.locator("h1")).to_have_text("Sorry, this page isn't here")
    expect(desktop.locator(".rebound-lost__lead")).to_contain_text("may have moved")
    steps = desktop.locator(".rebound-path__link")
    expect(steps).to_have_count(5)
    home = desktop.get_by_role("link", name="Go to the home page")
    # As the browser resolves them at this depth: the site's own pages.
    targets = steps.evaluate_all("links => links.map(link => link.href)")
    assert targets == [f"{site_url}/checklists/{slug}/" for slug in STEP_SLUGS]
    for url in [*targets, home.evaluate("link => link.href")]:
        assert desktop.request.get(url).status == 200, url

    home.click()
    desktop.wait_for_url(site_url + "/")


def test_the_404_page_searches_the_site(desktop: Any, site_url: str) -> None:
    desktop.goto(site_url + "/deep/missing/path")

    box = desktop.get_by_role("searchbox", name="Search Rebound")
    expect(box).to_be_visible()
    box.fill("recruiter")
    box.press("Enter")

    results = desktop.locator(".rebound-search__title")
    expect(results.first).to_be_visible()
    assert "Use your recruiter well after a rejection" in results.all_text_contents()


def test_the_404_page_has_no_search_box_without_javascript(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(site_url + "/deep/missing/path")
        expect(page.locator(".rebound-lost__search")).to_be_hidden()
        expect(page.locator(".rebound-path__link")).to_have_count(5)
    finally:
        context.close()


# Links in running text that a reader could tell from the words around them by
# colour alone: headings and menus, tags, buttons and the Topics page's pills look
# like what they are.
LINKS_WITHOUT_UNDERLINE = """() => [...document.querySelectorAll('.md-content :is(p, li) a[href]')]
  .filter(a => a.offsetParent && !a.closest(
    'h1, h2, h3, h4, .md-nav, .md-tags, .md-button, .headerlink, .rebound-search, .rebound-topics'))
  .filter(a => !getComputedStyle(a).textDecorationLine.includes('underline'))
  .map(a => a.textContent.trim())"""


@pytest.mark.parametrize(
    "path", ["/", "/support/", "/about/", ARTICLE, CHECKLIST, "/articles/", "/tags/"]
)
def test_links_in_running_text_are_underlined(desktop: Any, site_url: str, path: str) -> None:
    desktop.goto(site_url + path)

    assert desktop.evaluate(LINKS_WITHOUT_UNDERLINE) == []


# The contrast of an element's text with what is behind it, as WCAG computes it:
# colours with alpha are laid over the backgrounds under them, up to the page.
CONTRAST = """element => {
  const parse = value => {
    const m = value.match(/rgba?\\(([^)]+)\\)/);
    const [r, g, b, a = 1] = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map(i => top[i] * a + under[i] * (1 - a)).concat(1);
  };
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    const bg = parse(getComputedStyle(node).backgroundColor);
    if (bg[3] > 0) layers.push(bg);
    if (bg[3] === 1) break;
  }
  let background = [255, 255, 255, 1];
  for (const layer of layers.reverse()) background = over(layer, background);
  const text = over(parse(getComputedStyle(element).color), background);
  const luminance = rgb => {
    const [r, g, b] = rgb.slice(0, 3).map(v => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [high, low] = [luminance(text), luminance(background)].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
}"""


def contrast(locator: Any) -> float:
    return locator.evaluate(CONTRAST)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_buttons_titles_and_helper_text_have_contrast(
    browser: Any, site_url: str, scheme: str
) -> None:
    context = browser.new_context(viewport=DESKTOP, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(site_url + "/worksheets/reflect/")
        buttons = page.locator(".md-typeset .md-button")
        assert buttons.count() >= 2
        for button in buttons.all():
            if button.is_visible():
                assert contrast(button) >= 4.5, button.text_content()
        heights = {round(b.bounding_box()["height"]) for b in buttons.all() if b.is_visible()}
        assert len(heights) == 1, heights
        # A PDF's size keeps its space after the button's words ("Fillable PDF (PDF, …)").
        gaps = page.locator(".md-button .rebound-file-facts").evaluate_all(
            """facts => facts.map(span => {
              const range = document.createRange();
              range.selectNodeContents(span.parentElement.firstChild);
              return span.getBoundingClientRect().left - range.getBoundingClientRect().right;
            })"""
        )
        assert gaps and min(gaps) >= 3, gaps

        page.goto(site_url + ARTICLE)
        assert contrast(page.locator(".md-content h1")) >= 7
        assert page.locator(".md-content h1").evaluate("h => getComputedStyle(h).fontWeight") == (
            "700"
        )
        for helper in (".rebound-step-marker", ".md-nav__title", ".md-nav__link"):
            assert contrast(page.locator(helper).first) >= 5.5, helper

        page.goto(site_url + "/")
        for helper in (".rebound-newest__item time", ".rebound-path__progress"):
            assert contrast(page.locator(helper).first) >= 5.5, helper
    finally:
        context.close()


def test_the_search_results_stand_out_from_the_page_in_dark_mode(
    browser: Any, site_url: str
) -> None:
    context = browser.new_context(viewport=DESKTOP, color_scheme="dark")
    page = context.new_page()
    try:
        page.goto(site_url + ARTICLE)
        page.locator(".rebound-search__input").type("feedback")
        panel = page.locator(".rebound-search__panel")
        page.locator(".rebound-search__title").first.wait_for()

        style = panel.evaluate(
            "p => { const s = getComputedStyle(p); return [s.backgroundColor, s.borderTopWidth] }"
        )
        body = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert style[0] != body
        assert float(style[1].removesuffix("px")) >= 1
        for text in (".rebound-search__status", ".rebound-search__type", ".rebound-search__title"):
            assert contrast(page.locator(text).first) >= 4.5, text
    finally:
        context.close()
