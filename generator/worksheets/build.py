"""The worksheets of one build: their pages, the checklist pages' print actions, their PDFs.

Knows nothing of MkDocs: the plugin hands it the pages' URLs and rendered HTML,
and asks it for virtual pages, page content and the PDFs to publish.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..content import Catalog, Checklist, ItemKind, field_name
from .cache import PdfCache
from .page import (
    IndexEntry,
    PdfDocumentInfo,
    Sheet,
    SheetLinks,
    WorksheetRenderer,
    sheet_field_name,
)
from .publish import PdfJob, Progress, PublishReport, publish_pdfs
from .sources import (
    INDEX_SRC_URI,
    WORKBOOK_PDF,
    VirtualPage,
    virtual_pages,
    worksheet_pdf,
    worksheet_src_uri,
)

# PDFs of a site with no public address are rendered as if published here: an address
# that is no site's (.invalid, RFC 2606), the same from build to build (the cache keys
# on it; the build folder's name changes every time), and every link to it is taken
# out of the PDFs, since a reader could not follow it.
UNPUBLISHED_BASE = "https://unpublished.invalid/"

# The build's stylesheets every PDF uses, relative to the site root (copied from overrides/).
PDF_STYLESHEETS = ("assets/stylesheets/worksheet.css", "assets/stylesheets/worksheet-pdf.css")


@dataclass(frozen=True)
class Links:
    """How the page being rendered reaches the others.

    Attributes:
        page_url: a page's source path (`checklists/plan.md`) -> its URL from the site root.
        relative: a URL from the site root -> the same, relative to the page being rendered.
    """

    page_url: Callable[[str], str]
    relative: Callable[[str], str]


class WorksheetPathError(Exception):
    """A content file stands where a worksheet goes; the message names it."""


@dataclass(frozen=True)
class SiteInfo:
    """What the worksheets say about the site they come from.

    Attributes:
        url: the site's public address, printed on paper and the base of links in PDFs;
            None when it has none (a loopback address is none): PDFs then print no
            address and link to no page of the site.
    """

    name: str
    url: str | None
    description: str = ""
    language: str = "en"


class WorksheetBuild:
    """Worksheet pages, index and PDFs for every checklist in `catalog`.

    Arguments:
        paper: the PDFs' page size (`A4` or `letter`).
        cache: where PDFs are kept between builds.
    """

    def __init__(
        self,
        catalog: Catalog,
        renderer: WorksheetRenderer,
        site: SiteInfo,
        *,
        paper: str,
        cache: PdfCache,
    ) -> None:
        self.catalog = catalog
        self.renderer = renderer
        self.site = site
        self.paper = paper
        self.cache = cache
        self.pages: list[VirtualPage] = virtual_pages(catalog)
        self._worksheets = {page.src_uri: page.checklist for page in self.pages if page.checklist}
        self._intros: dict[str, Markup] = {}
        self.report: PublishReport | None = None
        """Set once the PDFs are in the site (see `publish_pdfs`)."""

    def pages_to_add(self, taken: Callable[[str], bool], content_dir: str) -> list[VirtualPage]:
        """The worksheet pages, once nothing in the content folder is in their way.

        Arguments:
            taken: whether the content folder has a file at a path (`worksheets/plan.md`).
            content_dir: the content folder as messages show it (`content`).

        Raises:
            WorksheetPathError: naming the file in the way, and what to do.
        """
        for page in self.pages:
            if taken(page.src_uri):
                raise WorksheetPathError(
                    f"{content_dir}/{page.src_uri}: the worksheets are generated at this path; "
                    "move or rename the file"
                )
        for checklist in self.catalog.checklists.values():
            if worksheet_pdf(checklist.slug) == WORKBOOK_PDF:
                raise WorksheetPathError(
                    f"{content_dir}/{checklist.src_path}: the workbook is {WORKBOOK_PDF}; "
                    "give this checklist another file name"
                )
        return self.pages

    def page_content(self, src_uri: str, html: str, links: Links) -> str:
        """A page's content with its worksheet parts: the sheet, the index, or print actions.

        A worksheet page's own HTML is the checklist's introduction; it is kept for
        the PDFs, which are made after every page.
        """
        if src_uri == INDEX_SRC_URI:
            return html + self._index(links)
        checklist = self._worksheets.get(src_uri)
        if checklist is not None:
            self._intros[checklist.slug] = Markup(html)
            return self.renderer.worksheet_page(
                self._sheet(checklist, links.page_url),
                self._links(checklist, links),
                links.relative(links.page_url(INDEX_SRC_URI)),
            )
        entry = self.catalog.entry(src_uri)
        if isinstance(entry, Checklist):
            actions = self.renderer.checklist_actions(
                self._links(entry, links), links.relative(links.page_url(INDEX_SRC_URI))
            )
            return html + actions
        return html

    def publish_pdfs(
        self, site_dir: Path, page_url: Callable[[str], str], progress: Progress
    ) -> PublishReport:
        """Put every worksheet's PDF and the workbook into the built site `site_dir`, once.

        Needs every page's content (the introductions) and the site's stylesheets
        in `site_dir`: the first page written with a PDF link asks for it, or the
        end of the build. A second call returns the first call's report.

        Arguments:
            page_url: a page's source path -> its URL from the site root.

        Raises:
            PdfPublishError: naming the PDF that could not be made, and why.
        """
        if self.report is None:
            base_url = self.site.url or UNPUBLISHED_BASE
            jobs = self.pdf_jobs(base_url, page_url)
            self.report = publish_pdfs(
                jobs,
                site_dir=site_dir,
                base_url=base_url,
                cache=self.cache,
                progress=progress,
                unlinked_base=None if self.site.url else UNPUBLISHED_BASE,
            )
        return self.report

    def needs_pdf_facts(self, html: str) -> bool:
        """Whether a written page links a PDF whose size and pages are still to come."""
        return self.renderer.has_pdf_facts_slots(html)

    def fill_pdf_facts(self, html: str) -> str:
        """A written page with its PDF links' sizes and page counts, once the PDFs exist."""
        if self.report is None:
            return html
        facts = {name: facts.describe() for name, facts in self.report.facts.items()}
        return self.renderer.fill_pdf_facts(html, facts)

    def pdf_jobs(self, base_url: str, page_url: Callable[[str], str]) -> list[PdfJob]:
        """One PDF per worksheet, then the workbook with all of them in path order.

        Arguments:
            base_url: the address the built site is read from while rendering.
        """
        site_name = self.site.name
        info = PdfDocumentInfo(
            language=self.site.language,
            stylesheets=tuple(base_url + path for path in PDF_STYLESHEETS),
            site_url=self.site.url,
        )
        checklists = self.catalog.checklists_in_path_order()
        sheets = [self._sheet(checklist, page_url) for checklist in checklists]
        jobs = []
        for checklist, sheet in zip(checklists, sheets, strict=True):
            html = self.renderer.pdf_document(
                [sheet],
                info,
                title=f"{checklist.title}: {site_name} worksheet",
                description=checklist.description,
                workbook=False,
            )
            jobs.append(
                PdfJob(
                    name=worksheet_pdf(checklist.slug),
                    subject=f"the worksheet of {checklist.src_path}",
                    html=html,
                    url=base_url + page_url(worksheet_src_uri(checklist.slug)),
                    paper=self.paper,
                    field_labels=field_labels(checklist),
                )
            )
        if sheets:
            html = self.renderer.pdf_document(
                sheets,
                info,
                title=f"The {site_name} workbook",
                description=self.site.description,
                workbook=True,
            )
            labels = {name: text for c in checklists for name, text in field_labels(c).items()}
            jobs.append(
                PdfJob(
                    name=WORKBOOK_PDF,
                    subject="the workbook",
                    html=html,
                    # Every worksheet page sits at the same depth, so the introductions'
                    # relative links resolve the same against any of them.
                    url=base_url + page_url(worksheet_src_uri(checklists[0].slug)),
                    paper=self.paper,
                    field_labels=labels,
                )
            )
        return jobs

    def _sheet(self, checklist: Checklist, page_url: Callable[[str], str]) -> Sheet:
        online = self.site.url + page_url(checklist.src_path) if self.site.url else None
        return Sheet(checklist, self._intros.get(checklist.slug, Markup()), online)

    def _links(self, checklist: Checklist, links: Links) -> SheetLinks:
        return SheetLinks(
            page=links.relative(links.page_url(worksheet_src_uri(checklist.slug))),
            pdf=links.relative(worksheet_pdf(checklist.slug)),
            checklist=links.relative(links.page_url(checklist.src_path)),
            pdf_name=worksheet_pdf(checklist.slug),
        )

    def _index(self, links: Links) -> str:
        entries = [
            IndexEntry(checklist, self._links(checklist, links))
            for checklist in self.catalog.checklists_in_path_order()
        ]
        return self.renderer.worksheets_index(entries, links.relative(WORKBOOK_PDF), WORKBOOK_PDF)


def field_labels(checklist: Checklist) -> dict[str, str]:
    """What each of a worksheet's PDF fields asks, by field name, in the order of the sheet."""
    slug = checklist.slug
    labels = {sheet_field_name(slug, "name"): "Your name", sheet_field_name(slug, "date"): "Date"}
    for item in checklist.items:
        text = item.text
        if item.kind is ItemKind.SCALE:
            ends = f"1 = {item.labels[0]}, 5 = {item.labels[1]}" if item.labels else "1 to 5"
            text = f"{text} ({ends})"
        labels[field_name(slug, item.id)] = text
    return labels
