"""Worksheets and "print my answers" in headless Chromium, with print media emulated."""

from __future__ import annotations

from collections.abc import Iterator
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from .browser import serve_folder
from .conftest import ARTICLE_MD, BASE_FILES, MKDOCS_YML, build, write_files

pytest.importorskip("playwright")

WORKSHEET = "/worksheets/ask-for-feedback/"
CHECKLIST = "/checklists/ask-for-feedback/"
# A question with a hint, to print.
HINTED_MD = """\
---
title: Look back
description: Look back at the process.
items:
  - id: lowest-stage
    kind: question
    text: Which stage went worst?
    hint: Look at the scores first.
    lines: 3
  - id: how-useful
    kind: scale
    text: How useful was it?
    labels: [Not useful at all, Thoroughly]
---

Look back at each stage.
"""
# Sixteen ticks, then a question whose twelve lines cannot all fit under them on A4.
LONG_MD = (
    "---\ntitle: Long answer\ndescription: A question with room to write.\nitems:\n"
    + "".join(f"  - id: tick-{n}\n    text: Tick this when thing {n} is done.\n" for n in range(16))
    + "  - id: long-one\n    kind: question\n    text: Write it all down.\n    lines: 12\n"
    + "---\n\nA worksheet with a long answer.\n"
)
ANSWER = "\n".join(f"Line {n}: what I would say differently next time." for n in range(1, 13))
SITE_CHROME = (".md-header", ".md-sidebar--primary", ".md-footer", ".rebound-sheet-actions")


def tiny_site_yml() -> str:
    """The tiny site with the real site's worksheet stylesheets and print script."""
    yml = MKDOCS_YML.replace(
        "extra_css:\n",
        "extra_css:\n  - assets/stylesheets/worksheet.css\n"
        "  - assets/stylesheets/worksheet-pages.css\n  - assets/stylesheets/print.css\n",
    ).replace("extra_javascript:\n", "extra_javascript:\n  - assets/javascripts/print.js\n")
    assert "print.js" in yml and "print.css" in yml, "conftest's MKDOCS_YML changed shape"
    return yml


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("worksheet-browser") / "project"
    write_files(root, BASE_FILES)
    write_files(
        root,
        {
            "mkdocs.yml": tiny_site_yml(),
            "content/articles/posts/ask-for-feedback-you-can-use.md": ARTICLE_MD,
            "content/checklists/look-back.md": HINTED_MD,
            "content/checklists/long-answer.md": LONG_MD,
        },
    )
    with serve_folder(build(root)) as url:
        yield url


@pytest.fixture
def page(browser: Any, site_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.base = site_url
    yield page
    context.close()
    assert errors == []


def test_a_printed_worksheet_is_the_sheet_alone(page: Any) -> None:
    page.goto(page.base + WORKSHEET)
    assert page.locator(".md-header").is_visible()
    assert page.get_by_role("button", name="Print this worksheet").is_visible()

    page.emulate_media(media="print")

    for selector in SITE_CHROME:
        assert not page.locator(selector).first.is_visible(), selector
    sheet = page.locator(".rebound-worksheet")
    assert sheet.is_visible()
    assert sheet.locator(".rebound-worksheet__title").inner_text() == "Ask for feedback"
    assert sheet.locator(".rebound-sheet-line").count() == 3


def test_the_print_button_prints(page: Any) -> None:
    page.add_init_script("window.print = () => { window.__printed = (window.__printed || 0) + 1; }")
    page.goto(page.base + WORKSHEET)

    page.get_by_role("button", name="Print this worksheet").click()

    assert page.evaluate("window.__printed") == 1


def fill_in_the_checklist(page: Any) -> None:
    page.goto(page.base + CHECKLIST)
    page.get_by_label("Thank them for their time.").check()
    page.get_by_label("What went well?").fill(ANSWER)
    page.locator('label[for="ask-for-feedback__rate-call__4"]').click()


def assert_prints_the_answers(page: Any) -> None:
    for selector in SITE_CHROME:
        assert not page.locator(selector).first.is_visible(), selector
    textarea = page.get_by_label("What went well?")
    answer = page.locator(".rebound-print-answer")
    assert not textarea.is_visible()
    assert answer.is_visible()
    assert answer.inner_text() == ANSWER
    # Every line of the answer is on paper: the block grows instead of clipping.
    assert answer.evaluate("node => node.scrollHeight <= node.clientHeight + 1")
    assert page.get_by_label("Thank them for their time.").is_checked()
    assert page.locator("#ask-for-feedback__rate-call__4").is_checked()


def test_printing_a_checklist_shows_the_readers_answers(page: Any) -> None:
    fill_in_the_checklist(page)

    page.emulate_media(media="print")

    assert_prints_the_answers(page)


def test_saved_answers_come_back_in_print_after_a_reload(page: Any) -> None:
    fill_in_the_checklist(page)
    page.wait_for_timeout(300)  # checklist.js saves as the reader types
    page.reload()

    page.emulate_media(media="print")

    assert_prints_the_answers(page)


def test_print_my_answers_prints_every_line_of_a_long_answer(page: Any, tmp_path: Path) -> None:
    from pypdf import PdfReader

    page.add_init_script("window.print = () => { window.__printed = true; }")
    fill_in_the_checklist(page)
    page.get_by_role("button", name="Print my answers").click()
    assert page.evaluate("window.__printed") is True

    printed = PdfReader(BytesIO(page.pdf(format="A4"))).pages
    text = "\n".join(p.extract_text() for p in printed)

    for line in ANSWER.splitlines():
        assert line in text
    assert "Keep a copy" not in text  # the checklist's own buttons stay off paper
    assert "Download a copy" not in text
    assert "Fillable PDF" not in text


def test_printed_answers_sit_on_ruled_lines_under_the_hint(page: Any) -> None:
    page.goto(page.base + "/checklists/look-back/")
    page.get_by_label("Which stage went worst?").fill("The case study.\nI ran out of time.")

    page.emulate_media(media="print")

    item = page.locator('li[data-item="lowest-stage"]')
    hint = item.locator(".rebound-item__hint").bounding_box()
    answer = item.locator(".rebound-print-answer").bounding_box()
    # As on the worksheet: the question, its hint, then the lines.
    assert hint["y"] + hint["height"] <= answer["y"] + 1
    lines = item.locator(".rebound-print-lines__line")
    assert lines.count() >= 3
    # Each line is a 1px border, not a repeating gradient (which printed blurred and doubled).
    style = lines.first.evaluate(
        "line => [getComputedStyle(line).borderBottomWidth, getComputedStyle(line).height]"
    )
    assert style[0] == "1px"
    assert (
        item.locator(".rebound-print-answer").evaluate(
            "node => getComputedStyle(node).backgroundImage"
        )
        == "none"
    )
    # Lines one text line apart, under every line of the answer and no further.
    tops = [lines.nth(n).bounding_box()["y"] for n in range(3)]
    line_height = tops[1] - tops[0]
    assert abs((tops[2] - tops[1]) - line_height) < 1
    box = item.locator(".rebound-print-answer-box").bounding_box()
    assert abs(box["height"] - 3 * line_height) < 2
    # Each line of text sits on its rule, as handwriting would, not floating between two.
    text = item.locator(".rebound-print-answer").evaluate(
        """node => { const range = document.createRange();
          range.selectNodeContents(node);
          return [...range.getClientRects()].map(r => [r.top, r.bottom]); }"""
    )
    rule = lines.first.bounding_box()
    first_rule = rule["y"] + rule["height"]
    top, bottom = text[0]
    assert top >= tops[0] and bottom <= first_rule + 1, (text[0], first_rule)
    assert first_rule - bottom < 0.2 * line_height, (text[0], first_rule)


# A worksheet's 1-5 scale at 320 px: the end words and the five boxes in one row
# (the boxes level, each end word beside them, not wrapped under them), no word
# broken, nothing wider than the screen.
SHEET_SCALE_LAYOUT = """sheet => [...sheet.querySelectorAll('.rebound-sheet-scale')].map(scale => {
  const rect = node => node.getBoundingClientRect();
  const boxes = [...scale.querySelectorAll('.rebound-sheet-box')].map(rect);
  return {
    tops: boxes.map(box => Math.round(box.top)),
    boxes: [Math.min(...boxes.map(b => b.top)), Math.max(...boxes.map(b => b.bottom))],
    ends: [...scale.querySelectorAll('.rebound-sheet-scale__end')].map(end => ({
      top: rect(end).top, bottom: rect(end).bottom, left: rect(end).left,
      right: rect(end).right, scroll: end.scrollWidth, width: end.clientWidth})),
    first: rect(boxes.length ? scale.querySelector('.rebound-sheet-box') : scale).left,
    last: boxes.length ? boxes[boxes.length - 1].right : 0,
    right: rect(scale).right,
  };
})"""


@pytest.mark.parametrize("slug", ["ask-for-feedback", "look-back"])
def test_a_worksheets_scale_stays_one_row_at_320_pixels(
    browser: Any, site_url: str, slug: str
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 700})
    page = context.new_page()
    page.goto(f"{site_url}/worksheets/{slug}/")

    scales = page.locator(".rebound-worksheet").evaluate(SHEET_SCALE_LAYOUT)
    # (The tiny site's header is not the real one: the sheet is what is measured.)
    sheet = page.locator(".rebound-worksheet").evaluate(
        "sheet => [sheet.getBoundingClientRect().right, sheet.scrollWidth, sheet.clientWidth]"
    )
    context.close()

    assert scales
    for scale in scales:
        assert len(set(scale["tops"])) == 1, scale
        low, high = scale["ends"]
        top, bottom = scale["boxes"]
        for end in (low, high):
            assert end["top"] < bottom and end["bottom"] > top, f"end word off the row: {scale}"
            assert end["scroll"] <= end["width"] + 1, f"a word sticks out: {scale}"
        assert low["right"] <= scale["first"] and high["left"] >= scale["last"], scale
        assert high["right"] <= scale["right"] + 1, scale
    right, scroll_width, client_width = sheet
    assert right <= 320 and scroll_width <= client_width, sheet


def test_a_printed_worksheets_long_answer_runs_on_over_the_page_break(
    page: Any, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    from .test_worksheet_fill import blank_feet

    page.goto(page.base + "/worksheets/long-answer/")
    page.emulate_media(media="print")
    pdf_file = tmp_path / "printed.pdf"
    pdf_file.write_bytes(page.pdf(format="A4"))
    pages = [p.extract_text() for p in PdfReader(pdf_file).pages]

    # The question starts on the first page, under the ticks, and its lines run on:
    # the first page is not left with a blank foot the whole question would not fit.
    assert len(pages) == 2
    assert "Write it all down." in pages[0]
    assert blank_feet(pdf_file, tmp_path)[0] < 0.1
