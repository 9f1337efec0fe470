"""Worksheet pages and the worksheets index: generated from the checklists, never from files."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator.content import load_catalog
from generator.worksheets.build import field_labels
from generator.worksheets.sources import virtual_pages, without_checklist_blocks

from .conftest import (
    ARTICLE_MD,
    BASE_FILES,
    CHECKLIST_MD,
    PUBLIC_URL,
    REPO,
    SiteMaker,
    build,
    write_files,
)
from .test_html_validity import THEME_ERRORS, vnu_errors

WORKSHEET = "worksheets/ask-for-feedback/index.html"
INDEX = "worksheets/index.html"
CHECKLIST = "checklists/ask-for-feedback/index.html"

REFLECT_MD = """\
---
title: Reflect on the process
description: Rate each stage and note what you learned.
step: 2
items:
  - id: rate-interview
    kind: scale
    text: How did the interview go?
  - id: went-well
    kind: question
    text: What went well?
---

Look back at the whole process.
"""

EXTRA_MD = """\
---
title: Keep a brag list
description: Write down small wins.
items:
  - id: one-win
    text: Write down one win from this week.
---

Small wins add up.
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tiny site plus two checklists (step 2, and one with no step), built once."""
    root = tmp_path_factory.mktemp("worksheet-pages") / "project"
    write_files(
        root,
        {
            **BASE_FILES,
            "content/articles/posts/ask-for-feedback-you-can-use.md": ARTICLE_MD,
            "content/checklists/reflect.md": REFLECT_MD,
            "content/checklists/brag-list.md": EXTRA_MD,
        },
    )
    build(root)
    return root


@pytest.fixture(scope="module")
def site(project: Path) -> Path:
    return project / "site"


def read(site: Path, page: str) -> str:
    return (site / page).read_text("utf-8")


def sheet_of(html: str) -> str:
    """The worksheet article alone, without the page around it."""
    start = html.index('<article class="rebound-worksheet"')
    return html[start : html.index("</article>", start)]


def test_every_checklist_gets_a_worksheet_page_and_content_is_left_alone(
    project: Path, site: Path
) -> None:
    html = read(site, WORKSHEET)

    assert not (project / "content" / "worksheets").exists()
    assert "<title>Worksheet: Ask for feedback - Tiny Rebound</title>" in html
    sheet = sheet_of(html)
    assert '<h1 class="rebound-worksheet__title">Ask for feedback</h1>' in sheet
    assert "Use this after you hear the news." in sheet
    assert "Step 1 of 5 · Tiny Rebound worksheet" in sheet
    assert sheet.count("rebound-worksheet__blank--") == 2  # name and date


def test_a_worksheet_is_laid_out_for_a_pen(site: Path) -> None:
    sheet = sheet_of(read(site, WORKSHEET))

    items = re.findall(r'<li class="rebound-sheet-item rebound-sheet-item--(\w+)"', sheet)
    assert items == ["check", "question", "scale"]
    # One tick box for the check item, five boxes for the 1-5 scale.
    assert sheet.count('<span class="rebound-sheet-box" aria-hidden="true"></span>') == 1 + 5
    # The question asks for three lines.
    assert sheet.count('<span class="rebound-sheet-line" aria-hidden="true"></span>') == 3
    numbers = re.findall(r'<span class="rebound-sheet-scale__number">(\d)</span>', sheet)
    assert numbers == ["1", "2", "3", "4", "5"]
    ends = re.findall(r'<span class="rebound-sheet-scale__end">([^<]+)</span>', sheet)
    assert ends == ["Poorly", "Very well"]
    assert "Before you ask anything." in sheet  # the hint
    # Paper has no form fields: nothing to fill in on screen, nothing clashing with the form.
    for tag in ("<form", "<input", "<textarea"):
        assert tag not in sheet


def test_a_question_without_lines_gets_four(make_site: SiteMaker) -> None:
    checklist = CHECKLIST_MD.replace("    lines: 3\n", "")
    site = build(make_site({"content/checklists/ask-for-feedback.md": checklist}))

    sheet = sheet_of(read(site, WORKSHEET))

    assert sheet.count('class="rebound-sheet-line"') == 4


def test_the_worksheet_page_links_its_pdf_its_checklist_and_the_index(site: Path) -> None:
    html = read(site, WORKSHEET)

    assert re.search(r'href="\.\./ask-for-feedback\.pdf" download>Fillable PDF <span ', html)
    assert 'href="../../checklists/ask-for-feedback/">Fill it in online</a>' in html
    assert 'href="../">All worksheets and the workbook</a>' in html
    assert re.search(r"<button [^>]*data-rebound-print hidden>Print this worksheet</button>", html)
    # Paper leads back to the site only from a public address (this tiny site has none;
    # test_links_in_the_introduction_work_on_the_worksheet_and_in_its_pdf gives it one).
    assert "Fill it in online:" not in html


def test_each_checklist_page_offers_its_worksheet_pdf_and_print_with_answers(
    site: Path,
) -> None:
    html = read(site, CHECKLIST)

    actions = html.index('<nav class="rebound-sheet-actions rebound-sheet-actions--checklist"')
    assert html.index('<form class="rebound-checklist"') < actions
    assert re.search(r"<button [^>]*data-rebound-print hidden>Print my answers</button>", html)
    assert 'href="../../worksheets/ask-for-feedback/">Printable worksheet</a>' in html
    pdf_link = r'href="\.\./\.\./worksheets/ask-for-feedback\.pdf" download>Fillable PDF <span '
    assert re.search(pdf_link, html)
    assert 'href="../../worksheets/">All worksheets</a>' in html


def test_an_article_with_a_checklist_gets_no_print_actions(site: Path) -> None:
    html = read(site, "articles/ask-for-feedback-you-can-use/index.html")

    assert 'data-checklist="ask-for-feedback"' in html
    assert "rebound-sheet-actions" not in html


def test_the_index_lists_every_worksheet_in_path_order_with_its_downloads(site: Path) -> None:
    html = read(site, INDEX)

    titles = re.findall(r'<h3 class="rebound-sheet-index__title"[^>]*><a href="([^"]+)">', html)
    assert titles == ["ask-for-feedback/", "reflect/", "brag-list/"]
    for slug in ("ask-for-feedback", "reflect", "brag-list"):
        assert f'href="{slug}.pdf" download>Fillable PDF <span ' in html
        assert f'href="../checklists/{slug}/">Interactive checklist</a>' in html
    assert "Rate each stage and note what you learned." in html
    assert re.findall(r'rebound-sheet-index__step">([^<]+)<', html) == ["Step 1", "Step 2", "Extra"]
    assert 'href="rebound-workbook.pdf" download>Download the workbook <span ' in html
    assert "<title>Worksheets - Tiny Rebound</title>" in html
    for slug in ("ask-for-feedback", "reflect", "brag-list"):
        assert (site / "worksheets" / slug / "index.html").is_file()


def test_a_checklist_block_in_the_introduction_stays_off_paper(make_site: SiteMaker) -> None:
    checklist = CHECKLIST_MD.replace(
        "Use this after you hear the news.",
        "Use this after you hear the news.\n\n/// checklist | ask-for-feedback\n///\n\nThen rest.",
    )
    site = build(make_site({"content/checklists/ask-for-feedback.md": checklist}))

    worksheet = read(site, WORKSHEET)
    checklist_page = read(site, CHECKLIST)

    assert checklist_page.count('<form class="rebound-checklist"') == 1
    assert 'class="rebound-checklist' not in worksheet
    assert "Then rest." in sheet_of(worksheet)
    assert "///" not in worksheet


def test_a_content_file_where_a_worksheet_goes_stops_the_build(
    make_site: SiteMaker, caplog: pytest.LogCaptureFixture
) -> None:
    root = make_site({"content/worksheets/ask-for-feedback.md": "# My own page\n"})

    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(root)

    assert (
        "content/worksheets/ask-for-feedback.md: the worksheets are generated at this path; "
        "move or rename the file"
    ) in caplog.text
    assert "Traceback" not in caplog.text


def test_a_checklist_named_like_the_workbook_stops_the_build(
    make_site: SiteMaker, caplog: pytest.LogCaptureFixture
) -> None:
    root = make_site({"content/checklists/rebound-workbook.md": EXTRA_MD})

    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(root)

    assert (
        "content/checklists/rebound-workbook.md: the workbook is worksheets/rebound-workbook.pdf; "
        "give this checklist another file name"
    ) in caplog.text


def pdf_links(pdf: Path) -> list[str]:
    from pypdf import PdfReader

    return [
        annotation.get_object()["/A"]["/URI"]
        for page in PdfReader(pdf).pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/Subtype") == "/Link"
        and "/URI" in annotation.get_object().get("/A", {})
    ]


LINKED_INTRO = CHECKLIST_MD.replace(
    "Use this after you hear the news.",
    "Read [the article](../articles/posts/ask-for-feedback-you-can-use.md) first.",
)


def test_links_in_the_introduction_work_on_the_worksheet_and_in_its_pdf(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SITE_URL", PUBLIC_URL)
    site = build(make_site({"content/checklists/ask-for-feedback.md": LINKED_INTRO}))

    sheet = sheet_of(read(site, WORKSHEET))
    links = pdf_links(site / "worksheets" / "ask-for-feedback.pdf")

    assert '<a href="../../articles/ask-for-feedback-you-can-use/">the article</a>' in sheet
    assert PUBLIC_URL + "articles/ask-for-feedback-you-can-use/" in links
    assert PUBLIC_URL + "checklists/ask-for-feedback/" in links
    assert f'Fill it in online: <a href="{PUBLIC_URL}checklists/ask-for-feedback/">' in sheet


def test_without_a_public_address_worksheets_and_pdfs_print_none(make_site: SiteMaker) -> None:
    site = build(make_site({"content/checklists/ask-for-feedback.md": LINKED_INTRO}))

    sheet = sheet_of(read(site, WORKSHEET))

    assert '<a href="../../articles/ask-for-feedback-you-can-use/">the article</a>' in sheet
    assert "Fill it in online:" not in sheet
    for pdf in ("worksheets/ask-for-feedback.pdf", "worksheets/rebound-workbook.pdf"):
        assert pdf_links(site / pdf) == [], pdf


def test_worksheet_pages_pass_the_html_checker(site: Path) -> None:
    errors = vnu_errors([site / WORKSHEET, site / "worksheets/reflect/index.html", site / INDEX])
    checklist_errors = vnu_errors([site / CHECKLIST])

    ours = [e for e in errors + checklist_errors if not str(e["message"]).startswith(THEME_ERRORS)]
    assert ours == []


def test_without_checklist_blocks_leaves_fenced_examples_alone() -> None:
    body = "Intro.\n\n/// checklist | plan\n///\n\n```\n/// checklist | plan\n///\n```\n\nEnd.\n"

    assert without_checklist_blocks(body) == (
        "Intro.\n\n\n```\n/// checklist | plan\n///\n```\n\nEnd.\n"
    )
    assert without_checklist_blocks("No blocks.\n") == "No blocks.\n"


def test_the_real_checklists_become_worksheet_pages_in_path_order() -> None:
    catalog = load_catalog(REPO / "content")

    pages = virtual_pages(catalog)

    assert [page.src_uri for page in pages] == [
        "worksheets/index.md",
        "worksheets/ask-for-feedback.md",
        "worksheets/reflect.md",
        "worksheets/plan.md",
        "worksheets/refine.md",
        "worksheets/be-resilient.md",
    ]
    assert all(page.markdown.startswith("---\ntitle: ") for page in pages)


def test_every_pdf_field_has_a_label_that_says_what_it_asks() -> None:
    checklist = load_catalog(REPO / "content").checklists["reflect"]

    labels = field_labels(checklist)

    assert len(labels) == len(checklist.items) + 2
    assert labels["reflect__rate-preparation"] == (
        "How well did you prepare overall? (1 = Barely, 5 = Thoroughly)"
    )
    assert labels["reflect__sheet_name"] == "Your name"
    assert all("." not in name for name in labels)
