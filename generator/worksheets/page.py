"""Worksheet HTML from Jinja templates (autoescaped): the site's pages and the PDFs' documents.

One template, `rebound/worksheet.html`, lays a checklist out for paper; the site's
worksheet page draws boxes and lines for a pen, and the PDF document asks for
form fields instead, so the page and the PDF cannot drift apart. Templates are
looked up like the other fragments: `overrides/rebound/...` first, ours last.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from html import unescape as html_unescape
from pathlib import Path

from markupsafe import Markup

from ..content import STEPS, Checklist
from ..fragments import FragmentRenderer

WORKSHEET_TEMPLATE = "rebound/worksheet.html"


def sheet_field_name(checklist_slug: str, field: str) -> str:
    """The PDF field of a worksheet's own blanks (name, date), next to its items' fields.

    Item ids never contain `_`, so `<slug>__sheet_<field>` cannot clash with an item.
    """
    return f"{checklist_slug}__sheet_{field}"


@dataclass(frozen=True)
class SheetLinks:
    """Where a checklist's three forms are, as URLs relative to the page that links them."""

    page: str
    """The printable worksheet page."""
    pdf: str
    checklist: str
    """The interactive checklist page."""
    pdf_name: str = ""
    """The PDF from the site's root (`worksheets/plan.pdf`), for its size and pages."""


@dataclass(frozen=True)
class Sheet:
    """One worksheet as the template lays it out.

    Attributes:
        intro: the checklist's introduction, already rendered to HTML.
        online_url: absolute URL of the interactive checklist, printed at the foot of
            the sheet so paper leads back to the site; None when the site has no URL.
    """

    checklist: Checklist
    intro: Markup = field(default_factory=Markup)
    online_url: str | None = None


@dataclass(frozen=True)
class IndexEntry:
    checklist: Checklist
    links: SheetLinks


@dataclass(frozen=True)
class PdfDocumentInfo:
    """What every PDF shares: its language, its stylesheets and the site's address."""

    language: str
    stylesheets: tuple[str, ...]
    """Absolute URLs, served from the build by the PDF renderer's URL fetcher."""
    site_url: str | None = None


PDF_FACTS_TEMPLATE = "rebound/pdf-facts.html"
# An empty slot of PDF_FACTS_TEMPLATE, as the template writes it.
PDF_FACTS_SLOT = re.compile(
    r'<span class="rebound-file-facts" data-pagefind-ignore data-rebound-pdf="([^"<>]+)"></span>'
)


class WorksheetRenderer:
    """Renders worksheets, the worksheets index and the checklist pages' print actions.

    Arguments:
        search_dirs: theme folders in precedence order (MkDocs' `config.theme.dirs`).
        site_name: printed on every sheet.
    """

    def __init__(self, search_dirs: Sequence[str | Path] = (), *, site_name: str) -> None:
        self.env = FragmentRenderer(search_dirs).env
        self.env.globals["sheet_field_name"] = sheet_field_name
        self.env.globals["step_count"] = len(STEPS)
        self.env.globals["site_name"] = site_name
        self.env.globals["pdf_facts"] = self.pdf_facts_slot

    def pdf_facts_slot(self, name: str) -> Markup:
        """The empty slot for the size and pages of the PDF `name` (`worksheets/plan.pdf`)."""
        template = self.env.get_template(PDF_FACTS_TEMPLATE)
        return Markup(template.render(name=name, facts=None).strip())

    def has_pdf_facts_slots(self, html: str) -> bool:
        return PDF_FACTS_SLOT.search(html) is not None

    def fill_pdf_facts(self, html: str, facts: Mapping[str, str]) -> str:
        """Each PDF's facts ("PDF, 56 KB, 2 pages") in its slots; unknown PDFs keep theirs."""
        template = self.env.get_template(PDF_FACTS_TEMPLATE)

        def filled(match: re.Match[str]) -> str:
            described = facts.get(html_unescape(match.group(1)))
            if described is None:
                return match.group(0)
            return template.render(name=None, facts=described).strip()

        return PDF_FACTS_SLOT.sub(filled, html)

    def worksheet_page(self, sheet: Sheet, links: SheetLinks, index_url: str) -> str:
        """The worksheet page's content: actions (Print, PDF) and the sheet for a pen."""
        template = self.env.get_template("rebound/worksheet-page.html")
        return template.render(sheet=sheet, links=links, index_url=index_url, fillable=False)

    def worksheets_index(
        self, entries: Sequence[IndexEntry], workbook_url: str, workbook_name: str
    ) -> str:
        """The worksheets index's content: the workbook, then every worksheet."""
        template = self.env.get_template("rebound/worksheets-index.html")
        return template.render(
            entries=entries, workbook_url=workbook_url, workbook_name=workbook_name
        ).strip()

    def checklist_actions(self, links: SheetLinks, index_url: str) -> str:
        """What a checklist page offers under its form: print with answers, worksheet, PDF."""
        template = self.env.get_template("rebound/checklist-actions.html")
        return template.render(links=links, index_url=index_url).strip()

    def pdf_document(
        self,
        sheets: Sequence[Sheet],
        info: PdfDocumentInfo,
        *,
        title: str,
        description: str,
        workbook: bool,
    ) -> str:
        """A whole HTML document with form fields, for WeasyPrint."""
        template = self.env.get_template("rebound/worksheet-pdf.html")
        return template.render(
            sheets=sheets,
            title=title,
            workbook=workbook,
            fillable=True,
            language=info.language,
            stylesheets=info.stylesheets,
            site_url=info.site_url,
            description=description,
        )
