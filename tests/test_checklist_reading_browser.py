"""How a checklist reads, in headless Chromium: the first box near the top, "Keep a copy"
below the items, the note for readers without JavaScript, the 1-5 scale on one row at
320 px, the way to support from a low wellbeing rating, "Skip to content", and contrast
in both schemes. The site has the real site's palette, so dark mode is the real one."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser import axe_violations, serve_folder
from .conftest import ARTICLE_MD, BASE_FILES, MKDOCS_YML, build, write_files

pytest.importorskip("playwright")
from playwright.sync_api import expect

CHECKLIST = "/checklists/ask-for-feedback/"
WELLBEING = "/checklists/be-resilient/"
ARTICLE = "/articles/ask-for-feedback-you-can-use/"
WORKSHEET = "/worksheets/ask-for-feedback/"
SCHEMES = ("light", "dark")

# The real site's palette (mkdocs.yml): the scheme follows the reader's system.
PALETTE = """\
  palette:
    - media: "(prefers-color-scheme: light)"
      scheme: default
      primary: custom
      accent: deep orange
      toggle:
        icon: material/weather-night
        name: Switch to dark mode
    - media: "(prefers-color-scheme: dark)"
      scheme: slate
      primary: custom
      accent: deep orange
      toggle:
        icon: material/weather-sunny
        name: Switch to light mode
"""

# Step 5 is the wellbeing step; its scale's ends are long, as authors may write them.
BE_RESILIENT_MD = """\
---
title: Be resilient
description: Look after yourself and keep going.
step: 5
items:
  - id: feeling-today
    kind: scale
    text: How are you feeling about your job search today?
    labels: [Not useful at all, Very useful indeed]
  - id: keep-routine
    text: Keep a simple daily routine.
---

Rejection stings.
"""

SUPPORT_MD = """\
---
title: When it's more than a bad day
description: Who you can call or text.
---

People you can talk to.
"""


def site_yml() -> str:
    """The tiny site with the real site's palette, worksheet stylesheets and print script."""
    yml = (
        MKDOCS_YML.replace("  font: false\n", "  font: false\n" + PALETTE)
        .replace(
            "extra_css:\n",
            "extra_css:\n  - assets/stylesheets/worksheet.css\n"
            "  - assets/stylesheets/worksheet-pages.css\n  - assets/stylesheets/print.css\n",
        )
        .replace("extra_javascript:\n", "extra_javascript:\n  - assets/javascripts/print.js\n")
    )
    assert all(part in yml for part in ("slate", "worksheet.css", "print.js")), (
        "conftest's MKDOCS_YML changed shape"
    )
    return yml


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("checklist-reading") / "project"
    write_files(root, BASE_FILES)
    write_files(
        root,
        {
            "mkdocs.yml": site_yml(),
            "content/articles/posts/ask-for-feedback-you-can-use.md": ARTICLE_MD,
            "content/checklists/be-resilient.md": BE_RESILIENT_MD,
            "content/support.md": SUPPORT_MD,
        },
    )
    with serve_folder(build(root)) as url:
        yield url


@pytest.fixture
def open_page(browser: Any, site_url: str) -> Iterator[Any]:
    """Opens a page of the site at a size, in a scheme, with or without JavaScript,
    in a fresh profile; fails the test on any JavaScript error."""
    contexts: list[Any] = []
    errors: list[str] = []

    def open_(
        path: str, *, width: int = 1280, height: int = 900, scheme: str = "light", js: bool = True
    ) -> Any:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            color_scheme=scheme,
            java_script_enabled=js,
        )
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(site_url + path)
        if js and page.locator("form[data-checklist]").count():
            page.locator("form[data-checklist] .rebound-checklist__toolbar").first.wait_for()
        return page

    yield open_
    for context in contexts:
        context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def test_on_a_phone_the_first_box_comes_before_any_button(open_page: Any) -> None:
    page = open_page(CHECKLIST, width=390, height=844)
    form = page.locator("form[data-checklist]")

    first_box = form.locator(".rebound-item__check").first.bounding_box()
    status = form.locator(".rebound-checklist__status").bounding_box()
    buttons = form.locator("button:visible, label.rebound-checklist__button")

    # Only the one-line status (progress, "Saved on this device") is above the first box.
    assert status["height"] < 40
    assert first_box["y"] - status["y"] < 80
    assert buttons.count() == 4
    for top in buttons.evaluate_all("ns => ns.map(n => n.getBoundingClientRect().top)"):
        assert top > first_box["y"]


def test_keep_a_copy_sits_below_the_items_in_plain_words(open_page: Any) -> None:
    page = open_page(CHECKLIST)
    form = page.locator("form[data-checklist]")

    keep = form.get_by_role("region", name="Keep a copy of your answers")
    expect(keep).to_be_visible()
    assert keep.bounding_box()["y"] > form.locator("li.rebound-item").last.bounding_box()["y"]
    names = keep.locator(".rebound-checklist__actions > *").all_inner_texts()
    assert names == [
        "Download a copy to read",
        "Download a copy to load later",
        "Load a copy",
        "Clear my answers",
    ]
    assert "Markdown" in keep.inner_text() and "JSON" in keep.inner_text()
    # One heading level below the page title, none skipped.
    assert keep.get_by_role("heading").evaluate("node => node.tagName") == "H2"
    # "Clear my answers" looks unlike the others.
    colours = keep.locator("button").evaluate_all(
        "ns => ns.map(n => getComputedStyle(n).color + getComputedStyle(n).borderColor)"
    )
    assert colours[0] == colours[1] != colours[2]


def test_saved_on_this_device_shows_beside_the_progress_only_while_saving_works(
    open_page: Any, browser: Any, site_url: str
) -> None:
    page = open_page(CHECKLIST)
    form = page.locator("form[data-checklist]")
    saved = form.locator(".rebound-checklist__saved")
    expect(saved).to_have_text("Saved on this device")
    progress = form.locator(".rebound-checklist__progress").bounding_box()
    beside = saved.bounding_box()
    assert abs(beside["y"] - progress["y"]) < 10 and beside["x"] > progress["x"]

    context = browser.new_context()
    context.add_init_script(
        'Object.defineProperty(window, "localStorage", {get() { throw new DOMException("No", '
        '"SecurityError"); }});'
    )
    blocked = context.new_page()
    blocked.goto(site_url + CHECKLIST)
    blocked_form = blocked.locator("form[data-checklist]")
    expect(blocked_form.locator(".rebound-checklist__notice")).to_be_visible()
    expect(blocked_form.locator(".rebound-checklist__saved")).to_be_hidden()
    context.close()


def test_when_a_save_fails_saved_on_this_device_goes(browser: Any, site_url: str) -> None:
    context = browser.new_context()
    context.add_init_script(
        """
        const realSetItem = Storage.prototype.setItem;
        Storage.prototype.setItem = function (key, value) {
          if (String(key) === "rebound:ask-for-feedback") {
            throw new DOMException("Quota exceeded", "QuotaExceededError");
          }
          return realSetItem.call(this, key, value);
        };
        """
    )
    page = context.new_page()
    page.goto(site_url + CHECKLIST)
    form = page.locator("form[data-checklist]")
    expect(form.locator(".rebound-checklist__saved")).to_be_visible()

    form.get_by_label("Thank them for their time.").check()

    expect(form.locator(".rebound-checklist__notice")).to_contain_text("full")
    expect(form.locator(".rebound-checklist__saved")).to_be_hidden()
    context.close()


@pytest.mark.parametrize("path", [CHECKLIST, ARTICLE])
def test_without_javascript_a_note_says_nothing_is_kept_and_offers_the_worksheet(
    open_page: Any, site_url: str, path: str
) -> None:
    page = open_page(path, js=False)

    note = page.locator(".rebound-checklist__noscript")
    expect(note).to_be_visible()
    expect(note).to_contain_text("cannot keep your answers")
    assert note.bounding_box()["y"] < page.locator("form[data-checklist]").bounding_box()["y"]
    note.get_by_role("link", name="printable worksheet").click()
    page.wait_for_url(site_url + WORKSHEET)
    expect(page.locator(".rebound-worksheet")).to_be_visible()


def test_without_javascript_the_header_says_search_needs_it(open_page: Any) -> None:
    page = open_page(CHECKLIST, js=False, width=320)

    note = page.locator(".md-header .rebound-search-noscript")
    expect(note).to_have_text("Search needs JavaScript, which is off.")
    expect(page.locator(".md-header__topic").first).to_be_visible()
    # With JavaScript the note is not there (search.js shows the box instead).
    with_js = open_page(CHECKLIST)
    expect(with_js.locator(".rebound-search-noscript")).to_be_hidden()


# Every scale on one row at 320 px: the five choices side by side, each end word
# on one line under its number, and nothing wider than the screen.
SCALE_LAYOUT = """form => [...form.querySelectorAll('fieldset.rebound-scale')].map(scale => ({
  tops: [...scale.querySelectorAll('input[type=radio]')].map(
      radio => Math.round(radio.getBoundingClientRect().top)),
  ends: [...scale.querySelectorAll('.rebound-scale__end')].map(end => {
      const style = getComputedStyle(end);
      return Math.round(end.getBoundingClientRect().height / parseFloat(style.lineHeight));
  }),
  right: Math.max(...[...scale.querySelectorAll('label, input')].map(
      node => node.getBoundingClientRect().right)),
  box: scale.closest('.rebound-checklist__fieldset').getBoundingClientRect().right,
}))"""


@pytest.mark.parametrize("js", [True, False])
@pytest.mark.parametrize("path", [CHECKLIST, WELLBEING])
def test_the_scale_stays_one_row_at_320_pixels(open_page: Any, path: str, js: bool) -> None:
    page = open_page(path, width=320, height=700, js=js)

    scales = page.locator("form[data-checklist]").evaluate(SCALE_LAYOUT)

    assert scales
    for scale in scales:
        assert len(set(scale["tops"])) == 1, scale
        assert scale["ends"] == [1, 1], scale
        assert scale["right"] <= scale["box"], scale
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_end_words_still_name_the_first_and_last_choice(open_page: Any) -> None:
    page = open_page(CHECKLIST)
    scale = page.locator("fieldset.rebound-scale")

    expect(scale.get_by_role("radio", name="1 Poorly")).to_be_visible()
    expect(scale.get_by_role("radio", name="5 Very well")).to_be_visible()
    scale.get_by_text("Very well").click()
    assert scale.get_by_role("radio", name="5 Very well").is_checked()


@pytest.mark.parametrize("js", [True, False])
def test_the_lowest_wellbeing_rating_offers_the_support_page(
    open_page: Any, site_url: str, js: bool
) -> None:
    page = open_page(WELLBEING, width=390, height=844, js=js)
    item = page.locator('li[data-item="feeling-today"]')
    support = item.locator(".rebound-item__support")
    expect(support).to_be_hidden()

    item.get_by_role("radio", name="1 Not useful at all").check()
    expect(support).to_be_visible()
    item.get_by_role("radio", name="2").check()
    expect(support).to_be_hidden()
    item.get_by_role("radio", name="1 Not useful at all").check()

    support.get_by_role("link", name="see who you can talk to").click()
    page.wait_for_url(site_url + "/support/")


def test_a_low_rating_elsewhere_offers_nothing(open_page: Any) -> None:
    page = open_page(CHECKLIST)

    page.locator("fieldset.rebound-scale").get_by_role("radio", name="1 Poorly").check()

    assert page.locator(".rebound-item__support").count() == 0


def test_the_support_line_comes_back_with_a_saved_rating(open_page: Any) -> None:
    page = open_page(WELLBEING)
    page.get_by_role("radio", name="1 Not useful at all").check()

    page.reload()
    page.locator(".rebound-checklist__toolbar").wait_for()

    expect(page.locator(".rebound-item__support")).to_be_visible()


def test_the_title_shows_once_on_the_checklist_page_and_heads_it_in_an_article(
    open_page: Any,
) -> None:
    own = open_page(CHECKLIST)
    legend = own.locator("legend.rebound-checklist__title")
    assert (
        own.locator(".md-content")
        .get_by_text("Ask for feedback", exact=True)
        .evaluate_all(
            "ns => ns.filter(n => n.checkVisibility()"
            " && n.getBoundingClientRect().width > 1).length"
        )
        == 1
    )
    assert legend.bounding_box()["width"] <= 1
    expect(own.get_by_role("group", name="Ask for feedback", exact=True)).to_be_attached()

    article = open_page(ARTICLE)
    assert article.locator("legend.rebound-checklist__title").bounding_box()["width"] > 50


@pytest.mark.parametrize("path", [CHECKLIST, WORKSHEET])
def test_skip_to_content_leads_past_the_menu(open_page: Any, path: str) -> None:
    page = open_page(path)

    page.keyboard.press("Tab")
    skip = page.locator(".md-skip")
    expect(skip).to_be_focused()
    expect(skip).to_have_text("Skip to content")
    target = skip.get_attribute("href").split("#")[1]
    page.keyboard.press("Enter")
    page.wait_for_function("target => location.hash === '#' + target", arg=target)
    page.keyboard.press("Tab")

    focused = page.evaluate("document.activeElement.id || document.activeElement.textContent")
    if path == CHECKLIST:
        assert focused == "ask-for-feedback__thank-them"
    else:
        assert focused.strip() in {"Print this worksheet", "Fillable PDF"}
    # The page's table of contents stays as it was: empty.
    assert page.locator(".md-sidebar--secondary .md-nav__link").count() == 0


def contrast_of(locator: Any) -> list[float]:
    """The contrast ratio of each element's text against the page, as Chromium draws it:
    colours with alpha are laid over the nearest background below them."""
    return locator.evaluate_all(
        """nodes => {
          const parse = c => (c.match(/[\\d.]+/g) || []).map(Number);
          const over = (top, bottom) => {
            const a = top.length > 3 ? top[3] : 1;
            return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a));
          };
          const background = node => {
            const layers = [];
            for (let n = node; n; n = n.parentElement) {
              const c = parse(getComputedStyle(n).backgroundColor);
              if (c.length && (c.length < 4 || c[3] > 0)) layers.push(c);
              if (c.length && (c.length < 4 || c[3] === 1)) break;
            }
            return layers.reduceRight((below, top) => over(top, below), [255, 255, 255]);
          };
          const luminance = rgb => {
            const [r, g, b] = rgb.map(v => {
              v /= 255;
              return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
            });
            return 0.2126 * r + 0.7152 * g + 0.0722 * b;
          };
          return nodes.map(node => {
            const back = background(node);
            const fore = over(parse(getComputedStyle(node).color), back);
            const [l1, l2] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
            return Math.round(((l1 + 0.05) / (l2 + 0.05)) * 100) / 100;
          });
        }"""
    )


@pytest.mark.parametrize("scheme", SCHEMES)
def test_the_checklists_buttons_have_contrast_and_one_height(open_page: Any, scheme: str) -> None:
    page = open_page(CHECKLIST, scheme=scheme)
    expect(page.locator("body")).to_have_attribute(
        "data-md-color-scheme", "slate" if scheme == "dark" else "default"
    )
    actions = page.locator(".rebound-sheet-actions--checklist .md-button:visible")
    page.get_by_role("button", name="Clear my answers").click()  # Undo shows too
    keep = page.locator(".rebound-checklist__keep .rebound-checklist__button:visible")
    assert actions.count() == 3 and keep.count() == 5

    assert min(contrast_of(actions)) >= 4.5, contrast_of(actions)
    assert min(contrast_of(keep)) >= 4.5, contrast_of(keep)
    heights = actions.evaluate_all("ns => ns.map(n => n.getBoundingClientRect().height)")
    assert max(heights) - min(heights) < 1, heights


HELPER_TEXT = (
    ".rebound-checklist__description, .rebound-item__hint, .rebound-scale__end, "
    ".rebound-checklist__saved, .rebound-checklist__keep-about"
)
SHEET_HELPER_TEXT = (
    ".rebound-worksheet__description, .rebound-sheet-item__hint, .rebound-sheet-scale__end, "
    ".rebound-worksheet__kicker"
)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_helper_text_has_a_margin_over_aa(open_page: Any, scheme: str) -> None:
    page = open_page(CHECKLIST, scheme=scheme)
    helpers = page.locator(HELPER_TEXT)
    assert helpers.count() >= 5

    assert min(contrast_of(helpers)) >= 5.5, contrast_of(helpers)

    sheet = open_page(WORKSHEET, scheme=scheme)
    sheet_helpers = sheet.locator(SHEET_HELPER_TEXT)
    assert sheet_helpers.count() >= 3
    assert min(contrast_of(sheet_helpers)) >= 5.5, contrast_of(sheet_helpers)


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("path", [CHECKLIST, WELLBEING, ARTICLE])
def test_axe_finds_nothing_in_either_scheme(open_page: Any, path: str, scheme: str) -> None:
    page = open_page(path, scheme=scheme)
    form = page.locator("form[data-checklist]").first
    form.get_by_role("button", name="Clear my answers").click()
    form.locator('input[type="radio"][value="1"]').first.check()  # the support line, if any

    violations = axe_violations(page)

    assert violations == [], violations
