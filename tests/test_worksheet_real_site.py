"""The real site's worksheets, built with `rebound build` from a copy of this repository."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.content import load_catalog

from .conftest import REPO
from .test_html_validity import THEME_ERRORS, vnu_errors
from .test_real_site import STEP_CHECKLISTS
from .test_worksheet_fill import MOST_BLANK_FOOT, blank_feet


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The built site and what `rebound build` printed (a subprocess: the real command)."""
    copy = tmp_path_factory.mktemp("real-worksheets") / "rebound"
    shutil.copytree(REPO / "content", copy / "content")
    shutil.copytree(REPO / "overrides", copy / "overrides")
    shutil.copy(REPO / "mkdocs.yml", copy / "mkdocs.yml")
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--out", str(copy / "out")],
        cwd=copy,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return copy / "out", result.stdout + result.stderr


def test_every_step_has_a_worksheet_page_and_a_pdf(built: tuple[Path, str]) -> None:
    site, output = built
    catalog = load_catalog(REPO / "content")

    for slug in STEP_CHECKLISTS:
        assert (site / "worksheets" / slug / "index.html").is_file(), slug
        fields = PdfReader(site / "worksheets" / f"{slug}.pdf").get_fields() or {}
        assert len(fields) == len(catalog.checklists[slug].items) + 2, slug
    for number, slug in enumerate([*STEP_CHECKLISTS, "rebound-workbook"], start=1):
        assert f"Rendering PDF {number} of 6: worksheets/{slug}.pdf" in output
    assert "Traceback" not in output


def test_the_workbook_follows_the_five_steps(built: tuple[Path, str]) -> None:
    site, _ = built
    catalog = load_catalog(REPO / "content")

    reader = PdfReader(site / "worksheets" / "rebound-workbook.pdf")

    titles = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    assert titles == ["The Rebound workbook"] + [
        catalog.checklists[slug].title for slug in STEP_CHECKLISTS
    ]
    names = list(reader.get_fields() or {})
    slugs_in_order = list(dict.fromkeys(name.split("__")[0] for name in names))
    assert slugs_in_order == STEP_CHECKLISTS


def test_worksheets_are_linked_from_home_nav_and_checklists(built: tuple[Path, str]) -> None:
    site, _ = built

    home = (site / "index.html").read_text("utf-8")
    assert 'href="worksheets/">Print the worksheets</a>' in home
    assert 'href="worksheets/rebound-workbook.pdf" download' in home
    # The home page's link to the workbook gives its size and pages, as the others do.
    pages = len(PdfReader(site / "worksheets" / "rebound-workbook.pdf").pages)
    facts = re.search(
        r'download>workbook\s*<span class="rebound-file-facts"[^>]*>\(([^)]*)\)', home
    )
    assert facts and re.fullmatch(rf"PDF, \d+ KB, {pages} pages", facts.group(1)), facts
    about = (site / "about" / "index.html").read_text("utf-8")
    assert re.search(r'<a href="\.\./worksheets/" class="md-nav__link">\s*', about)
    for slug in STEP_CHECKLISTS:
        page = (site / "checklists" / slug / "index.html").read_text("utf-8")
        assert f'href="../../worksheets/{slug}/">Printable worksheet</a>' in page


def test_the_real_worksheet_pages_pass_the_html_checker(built: tuple[Path, str]) -> None:
    site, _ = built
    pages = [site / "worksheets" / "index.html", site / "index.html"]
    pages += [site / "worksheets" / slug / "index.html" for slug in STEP_CHECKLISTS]

    errors = vnu_errors(pages)

    assert [e for e in errors if not str(e["message"]).startswith(THEME_ERRORS)] == []


def test_no_page_of_the_real_worksheets_is_left_mostly_blank(
    built: tuple[Path, str], tmp_path: Path
) -> None:
    """Every page but the workbook's cover has ink in the bottom quarter of its content area.

    Stricter than the rule for any worksheet (test_worksheet_fill): each of the real
    ones has written answers to grow on, or before, every page.
    """
    site, _ = built
    reader = PdfReader(site / "worksheets" / "rebound-workbook.pdf")
    starts = [reader.get_destination_page_number(item) for item in reader.outline[1:]]

    workbook = blank_feet(site / "worksheets" / "rebound-workbook.pdf", tmp_path)

    assert starts[0] == 1 and starts == sorted(set(starts)), "each on a page of its own"
    assert [round(foot, 2) for foot in workbook[1:] if foot >= MOST_BLANK_FOOT] == []
    for slug in STEP_CHECKLISTS:
        feet = blank_feet(site / "worksheets" / f"{slug}.pdf", tmp_path)
        assert [round(foot, 2) for foot in feet if foot >= MOST_BLANK_FOOT] == [], slug
    # The workbook is its worksheets' pages and the cover: nothing added between them.
    pages = sum(len(PdfReader(site / "worksheets" / f"{s}.pdf").pages) for s in STEP_CHECKLISTS)
    assert len(reader.pages) == 1 + pages
