"""Worksheet PDFs fill their pages: answer boxes grow into what would be blank paper.

The rule the tests hold the PDFs to: every page of a worksheet (so every page of
the workbook but its cover) has ink in the bottom quarter of its content area,
unless no written answer could be given the room (a page with none, and none on
an earlier page of its worksheet to push items onto it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from generator.worksheets.fill import growth_css, share, tight_css

from .conftest import SiteMaker, build
from .test_worksheet_pdfs import render_gray, size_of, widgets

# The PDFs' page margins (worksheet-pdf.css): the footer sits in the bottom one.
TOP_MARGIN_PT = 15 / 25.4 * 72
BOTTOM_MARGIN_PT = 18 / 25.4 * 72
# A page is mostly blank when nothing is drawn in the bottom quarter of its content area.
MOST_BLANK_FOOT = 0.25
# One ruled line of a written answer (worksheet-pdf.css: .rebound-sheet-line).
LINE_PT = 19


def blank_feet(pdf_file: Path, work: Path) -> list[float]:
    """Each page's share of its content area left blank below the last thing drawn on it."""
    feet = []
    for number in range(1, len(PdfReader(pdf_file).pages) + 1):
        width, height, pixels = render_gray(pdf_file, number, work)
        top, bottom = round(TOP_MARGIN_PT), round(height - BOTTOM_MARGIN_PT)
        inked = [y for y in range(top, bottom) if min(pixels[y * width : (y + 1) * width]) < 200]
        feet.append(1 - (inked[-1] + 1 - top) / (bottom - top) if inked else 1.0)
    return feet


def item(number: int) -> str:
    return f"  - id: step-{number}\n    text: Tick this when thing number {number} is done.\n"


# A checklist longer than a page, even set closer, whose last page, left alone,
# held a one-line answer, ten tick boxes and a scale under half a page of blank:
# twelve ticks, three written answers (of four, three and one lines), then the rest.
SPILL_MD = (
    "---\ntitle: Spill over\ndescription: A long worksheet.\nstep: 3\nitems:\n"
    + "".join(item(n) for n in range(1, 13))
    + "  - id: what-next\n    kind: question\n    text: What will you do next?\n    lines: 4\n"
    + "  - id: what-else\n    kind: question\n    text: What else?\n    lines: 3\n"
    + "  - id: how-many\n    kind: question\n    text: How many a week?\n    lines: 1\n"
    + "".join(item(n) for n in range(13, 23))
    + "  - id: how-sure\n    kind: scale\n    text: How sure are you?\n"
    + "---\n\nA worksheet that does not fit one page.\n"
)
# A checklist a little longer than a page as the PDFs are usually set: set closer,
# it fits one.
NEARLY_MD = (
    "---\ntitle: Nearly one page\ndescription: Just over a page.\nstep: 4\nitems:\n"
    + "".join(item(n) for n in range(1, 21))
    + "  - id: what-next\n    kind: question\n    text: What will you do next?\n    lines: 3\n"
    + "---\n\nA worksheet that nearly fits one page.\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from .conftest import ARTICLE_MD, BASE_FILES, write_files

    root = tmp_path_factory.mktemp("fill") / "project"
    write_files(
        root,
        {
            **BASE_FILES,
            "content/articles/posts/ask-for-feedback-you-can-use.md": ARTICLE_MD,
            "content/checklists/spill-over.md": SPILL_MD,
            "content/checklists/nearly-one-page.md": NEARLY_MD,
        },
    )
    return build(root)


@pytest.mark.parametrize("name", ["spill-over.pdf", "rebound-workbook.pdf"])
def test_no_page_of_a_worksheet_is_left_mostly_blank(site: Path, tmp_path: Path, name: str) -> None:
    pdf_file = site / "worksheets" / name
    reader = PdfReader(pdf_file)
    first_sheet_page = 1 if name == "rebound-workbook.pdf" else 0
    spill_pages = [
        number
        for number, page in enumerate(reader.pages)
        if "Spill over" in page.extract_text() and number >= first_sheet_page
    ]

    feet = blank_feet(pdf_file, tmp_path)

    assert len(spill_pages) == 2, "the long worksheet takes two pages, as it did"
    for number in spill_pages:
        assert feet[number] < MOST_BLANK_FOOT, (name, number + 1, feet)


def content_area(pdf_file: Path, page: int, work: Path) -> bytes:
    """Page `page` (from 1) as poppler draws it, without its margins (and footer)."""
    width, height, pixels = render_gray(pdf_file, page, work)
    return pixels[round(TOP_MARGIN_PT) * width : round(height - BOTTOM_MARGIN_PT) * width]


def test_the_workbook_lays_each_worksheet_out_as_its_own_pdf(site: Path, tmp_path: Path) -> None:
    workbook = site / "worksheets" / "rebound-workbook.pdf"
    starts = [
        PdfReader(workbook).get_destination_page_number(item)
        for item in PdfReader(workbook).outline[1:]
    ]
    # In path order: the tiny site's ask-for-feedback (step 1), then steps 3 and 4.
    assert len(starts) == 3
    sheets = {"spill-over.pdf": starts[1], "nearly-one-page.pdf": starts[2]}
    own = [site / "worksheets" / name for name in sheets]

    for pdf_file in own:
        first = sheets[pdf_file.name]
        for number in range(1, len(PdfReader(pdf_file).pages) + 1):
            assert content_area(pdf_file, number, tmp_path) == content_area(
                workbook, first + number, tmp_path
            ), (pdf_file.name, number)


def test_written_answers_grow_by_whole_lines_and_a_one_line_answer_stays_one_line(
    site: Path,
) -> None:
    found = widgets(PdfReader(site / "worksheets" / "spill-over.pdf"))

    _, grown = size_of(found["spill-over__what-next"][0])
    _, one_line = size_of(found["spill-over__how-many"][0])

    assert grown > 6 * LINE_PT, "the four lines asked for, and the last page's room"
    assert one_line < 2 * LINE_PT
    # Room comes in whole lines (the field is the box less its 2 pt padding top and bottom).
    lines = (grown + 4) / LINE_PT
    assert abs(lines - round(lines)) < 0.05, lines


def test_a_worksheet_just_over_a_page_is_set_closer_to_fit_one(site: Path, tmp_path: Path) -> None:
    pdf_file = site / "worksheets" / "nearly-one-page.pdf"
    reader = PdfReader(pdf_file)
    found = widgets(reader)

    assert len(reader.pages) == 1
    assert blank_feet(pdf_file, tmp_path)[0] < MOST_BLANK_FOOT
    # Closer, not smaller: tick boxes stay big enough to hit.
    for number in range(1, 21):
        width, height = size_of(found[f"nearly-one-page__step-{number}"][0])
        assert width >= 14 and height >= 14
    # Only a worksheet it saves a page is set closer: the long one keeps its spacing.
    closer = _gap(found, "nearly-one-page")
    usual = _gap(widgets(PdfReader(site / "worksheets" / "spill-over.pdf")), "spill-over")
    assert closer < usual - 3, (closer, usual)


def _gap(found: dict[str, list[Any]], slug: str) -> float:
    """The distance between the first two tick boxes of a worksheet, in points."""
    first, second = (float(found[f"{slug}__step-{n}"][0]["/Rect"][1]) for n in (1, 2))
    return first - second


def test_a_worksheet_with_nothing_to_grow_is_left_as_it_is(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    only_ticks = (
        "---\ntitle: Ticks only\ndescription: Nothing to write.\nitems:\n"
        + item(1)
        + "---\n\nJust ticks.\n"
    )
    site = build(make_site({"content/checklists/ticks-only.md": only_ticks}))

    reader = PdfReader(site / "worksheets" / "ticks-only.pdf")

    assert len(reader.pages) == 1
    assert blank_feet(site / "worksheets" / "ticks-only.pdf", tmp_path)[0] > 0.5


def test_lines_are_shared_in_proportion_and_add_up() -> None:
    assert share(7, [4, 2, 1]) == [4, 2, 1]
    assert share(5, [3, 3]) == [3, 2]  # the remainder goes to the first
    assert sum(share(11, [5, 2, 2, 1])) == 11
    assert share(0, [3, 3]) == [0, 0]
    assert share(4, []) == []


def test_the_css_names_only_worksheets_and_items_it_can_trust() -> None:
    css = growth_css({("plan", "who-can-help"): 3, ("plan", 'x"] , * { color: red } ["'): 2}, 25.0)

    assert css == (
        '.rebound-worksheet[data-worksheet="plan"] li[data-item="who-can-help"]'
        " > .rebound-sheet-lines { padding-bottom: 75.000px !important; }"
    )
    assert tight_css(['x"] , * { color: red } ["']) == ""
    assert tight_css(["plan"]).startswith('.rebound-worksheet[data-worksheet="plan"] ')


# A worksheet as the template marks it up, with just enough CSS to lay it out:
# on A6, two pages, the second holding a tick box under most of a page of blank.
TINY_CSS = """
@page { size: A6; margin: 10mm; }
.rebound-worksheet { break-before: page; font: 10pt sans-serif; }
li { break-inside: avoid; list-style: none; }
.rebound-sheet-lines { border: 1px solid; }
.rebound-sheet-line { display: block; height: 19pt; }
"""


def tiny_sheet(slug: str, questions: int) -> str:
    lines = '<span class="rebound-sheet-line"></span>' * 3
    answers = "".join(
        f'<li class="rebound-sheet-item rebound-sheet-item--question" data-item="q{n}">'
        f'<p>Question {n}</p><div class="rebound-sheet-lines">{lines}</div></li>'
        for n in range(questions)
    )
    tick = '<li class="rebound-sheet-item rebound-sheet-item--check" data-item="t"><p>Tick</p></li>'
    return (
        f'<article class="rebound-worksheet" data-worksheet="{slug}">'
        f'<ol class="rebound-worksheet__items">{answers}{tick}</ol></article>'
    )


def tiny_render(html: str, calls: list[str]) -> Any:
    from weasyprint import CSS, HTML

    def render(css: str) -> Any:
        calls.append(css)
        sheets = [CSS(string=TINY_CSS)] + ([CSS(string=css)] if css else [])
        return HTML(string=html).render(stylesheets=sheets)

    return render


def test_a_worksheet_seen_before_is_set_as_before_without_working_it_out_again() -> None:
    from generator.worksheets import fill

    html = "<html><body>" + tiny_sheet("seen-before", 5) + "</body></html>"
    first_calls: list[str] = []
    again_calls: list[str] = []

    first = fill.filled_document(tiny_render(html, first_calls), html)
    again = fill.filled_document(tiny_render(html, again_calls), html)

    assert len(first.pages) == len(again.pages) == 2
    assert first_calls[-1] == again_calls[-1], "the same CSS, so the same pages"
    assert "padding-bottom" in again_calls[-1]
    assert len(again_calls) == 2 < len(first_calls), (len(again_calls), len(first_calls))


def test_a_remembered_fit_that_does_not_hold_is_worked_out_afresh() -> None:
    from generator.worksheets import fill

    html = "<html><body>" + tiny_sheet("changed-fit", 5) + "</body></html>"
    right: list[str] = []
    fill.filled_document(tiny_render(html, right), html)
    # Spoil what was remembered: far too many lines, which would add pages.
    for key, fit in list(fill._KNOWN_FITS.items()):
        if "q0" in fit.growth:
            fill._KNOWN_FITS[key] = fill.Fit(fit.tight, {"q0": 60}, fit.pages)
    calls: list[str] = []

    document = fill.filled_document(tiny_render(html, calls), html)

    assert len(document.pages) == 2
    assert calls[-1] == right[-1]
