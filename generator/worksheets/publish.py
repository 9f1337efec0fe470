"""Put every PDF of the build into the site: from the cache when it is current, rendered if not."""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import PdfCache, render_key

# What every worksheet PDF is rendered with: fields a reader can fill in, and a
# tagged structure for screen readers. Part of the cache key.
PDF_OPTIONS: Mapping[str, Any] = {"pdf_forms": True, "pdf_tags": True}

# What pdf.py and fill.py do to WeasyPrint's output (the finisher, the fitting of
# pages): bump when that changes, so PDFs cached before are made again. Part of the
# cache key.
PDF_FINISHING = 5

Progress = Callable[[str], None]


class PdfPublishError(Exception):
    """A PDF of the build could not be made; the message names it and says why."""


@dataclass(frozen=True)
class PdfJob:
    """One PDF of the build.

    Attributes:
        name: where it goes, relative to the site folder (`worksheets/reflect.pdf`).
        subject: what it is, for messages (`the worksheet of checklists/reflect.md`).
        html: the whole document.
        url: the document's own URL in the published site.
        field_labels: field name -> the question it asks.
    """

    name: str
    subject: str
    html: str
    url: str
    paper: str
    field_labels: Mapping[str, str]

    def key(self) -> str:
        options = {**PDF_OPTIONS, "finishing": PDF_FINISHING}
        return render_key(self.html, self.url, self.paper, self.field_labels, options)


@dataclass(frozen=True)
class PdfFacts:
    """What a download link says about its PDF."""

    size: int
    """In bytes."""
    pages: int | None
    """None if the PDF could not be read back (the link then gives its size only)."""

    def describe(self) -> str:
        """ "PDF, 56 KB, 2 pages": sizes in SI units, as file managers show them."""
        if self.size >= 1_000_000:
            size = f"{self.size / 1_000_000:.1f} MB"
        else:
            size = f"{max(1, round(self.size / 1000))} KB"
        if self.pages is None:
            return f"PDF, {size}"
        pages = "1 page" if self.pages == 1 else f"{self.pages} pages"
        return f"PDF, {size}, {pages}"


def pdf_facts(data: bytes) -> PdfFacts:
    """The size and page count of a PDF of this build."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        pages: int | None = len(PdfReader(io.BytesIO(data)).pages)
    except (PyPdfError, ValueError, KeyError):
        pages = None
    return PdfFacts(len(data), pages)


@dataclass
class PublishReport:
    rendered: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """WeasyPrint's complaints, each starting with the PDF it is about."""
    cache_problems: list[str] = field(default_factory=list)
    seconds: float = 0.0
    facts: dict[str, PdfFacts] = field(default_factory=dict)
    """Every PDF's size and page count, by name."""

    def summary(self) -> str:
        return (
            f"Worksheet PDFs: {len(self.rendered)} rendered, {len(self.reused)} unchanged "
            f"(from the cache), in {self.seconds:.1f} s"
        )


def publish_pdfs(
    jobs: Sequence[PdfJob],
    *,
    site_dir: Path,
    base_url: str,
    cache: PdfCache,
    progress: Progress,
    unlinked_base: str | None = None,
) -> PublishReport:
    """Write every job's PDF into `site_dir`, rendering only what the cache does not hold.

    Arguments:
        base_url: the address `site_dir` is published at; WeasyPrint may read files
            under it (from `site_dir`) and nothing else.
        unlinked_base: links to addresses under it are left out of the PDFs (the site
            has no address readers could follow). Part of every job's URL, so of its
            cache key.
        progress: told about each PDF as it is rendered, when there is more than one.

    Raises:
        PdfPublishError: naming the PDF that failed and why.
    """
    started = time.perf_counter()
    report = PublishReport()
    stale: list[tuple[PdfJob, str]] = []
    for job in jobs:
        key = job.key()
        cached = cache.lookup(job.name, key, site_dir)
        if cached is None:
            stale.append((job, key))
            continue
        _write(site_dir, job.name, cached.data)
        report.facts[job.name] = pdf_facts(cached.data)
        report.reused.append(job.name)
        report.warnings.extend(f"{job.name}: {warning}" for warning in cached.warnings)
    if stale:
        _render(stale, site_dir, base_url, cache, progress, report, unlinked_base)
    try:
        cache.prune(keep=[job.name for job in jobs])
    except OSError as error:
        report.cache_problems.append(f"old PDFs not removed from the cache: {error}")
    report.seconds = time.perf_counter() - started
    return report


def _render(
    stale: Sequence[tuple[PdfJob, str]],
    site_dir: Path,
    base_url: str,
    cache: PdfCache,
    progress: Progress,
    report: PublishReport,
    unlinked_base: str | None,
) -> None:
    try:
        from .pdf import BuildFileFetcher, PdfRenderError, render_pdf
    except OSError as error:  # WeasyPrint loads Pango when imported
        raise PdfPublishError(
            f"cannot render {stale[0][0].name}: WeasyPrint could not start ({error}). "
            "It needs Pango: on Debian, apt-get install libpango-1.0-0 libpangoft2-1.0-0"
        ) from None
    for number, (job, key) in enumerate(stale, start=1):
        if len(stale) > 1:
            progress(f"Rendering PDF {number} of {len(stale)}: {job.name}")
        fetcher = BuildFileFetcher(site_dir, base_url)
        try:
            rendered = render_pdf(
                job.html,
                url=job.url,
                paper=job.paper,
                field_labels=job.field_labels,
                fetcher=fetcher,
                options=PDF_OPTIONS,
                unlinked_base=unlinked_base,
            )
        except PdfRenderError as error:
            raise PdfPublishError(f"{job.name}: could not render {job.subject}: {error}") from None
        _write(site_dir, job.name, rendered.data)
        report.facts[job.name] = pdf_facts(rendered.data)
        report.rendered.append(job.name)
        report.warnings.extend(f"{job.name}: {warning}" for warning in rendered.warnings)
        try:
            cache.store(job.name, key, rendered.data, rendered.fetched, rendered.warnings)
        except OSError as error:
            report.cache_problems.append(f"{job.name} not cached: {error}")


def _write(site_dir: Path, name: str, data: bytes) -> None:
    target = site_dir / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
