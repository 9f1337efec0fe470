"""Worksheet HTML from Jinja templates (autoescaped): the site's pages and the PDFs' documents.

One template, `rebound/worksheet.html`, lays a checklist out for paper; the site's
worksheet page draws boxes and lines for a pen, and the PDF document asks for
form fields instead, so the page and the PDF cannot drift apart. Templates are
looked up like the other fragments: `overrides/rebound/...` first, ours last.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
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

    def worksheet_page(self, sheet: Sheet, links: SheetLinks, index_url: str) -> str:
        """The worksheet page's content: actions (Print, PDF) and the sheet for a pen."""
        template = self.env.get_template("rebound/worksheet-page.html")
        return template.render(sheet=sheet, links=links, index_url=index_url, fillable=False)

    def worksheets_index(self, entries: Sequence[IndexEntry], workbook_url: str) -> str:
        """The worksheets index's content: the workbook, then every worksheet."""
        template = self.env.get_template("rebound/worksheets-index.html")
        return template.render(entries=entries, workbook_url=workbook_url).strip()

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
