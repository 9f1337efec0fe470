"""One fillable PDF from one HTML document, with WeasyPrint, reading nothing but the build.

Imported only when a PDF has to be rendered: WeasyPrint takes most of a second to
import and needs Pango, and a build whose PDFs are all cached needs neither.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pydyf
from weasyprint import CSS, HTML
from weasyprint.logger import LOGGER as WEASYPRINT_LOGGER
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse


class PdfRenderError(Exception):
    """A PDF could not be rendered; the message says why, in words an author can act on."""


class RefusedURLError(ValueError):
    """A URL that is not one of the build's own files."""


class BuildFileFetcher(URLFetcher):
    """WeasyPrint's URL fetcher for worksheets: the build's own files, and nothing else.

    URLs under `base_url` (the address the build is published at) are read from
    `root`, the build's output folder. Everything else is refused: other hosts and
    schemes (so there is no network access), `file:` URLs, and paths that leave
    `root`, symbolic links included. A refusal stops the render (`fail_on_errors`).

    Arguments:
        root: the build's output folder.
        base_url: the URL `root` is published at, ending in `/`.

    Attributes:
        fetched: every file served, as a path relative to `root` -> SHA-256 of its
            bytes, so the PDF cache can tell when a stylesheet changes.
    """

    def __init__(self, root: Path, base_url: str) -> None:
        super().__init__(fail_on_errors=True, allow_redirects=False)
        self.root = root.resolve()
        self.base = urlsplit(base_url if base_url.endswith("/") else base_url + "/")
        self.fetched: dict[str, str] = {}

    def fetch(self, url: str, headers: Mapping[str, str] | None = None) -> URLFetcherResponse:
        path = self.local_path(url)
        body = path.read_bytes()
        self.fetched[path.relative_to(self.root).as_posix()] = hashlib.sha256(body).hexdigest()
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        served_as = urlsplit(url)._replace(query="", fragment="").geturl()
        return URLFetcherResponse(served_as, body, {"Content-Type": content_type})

    def local_path(self, url: str) -> Path:
        """The build file `url` names.

        Raises:
            RefusedURLError: when `url` is not a file of this build.
        """
        split = urlsplit(url)
        same_origin = (split.scheme.lower(), split.netloc.lower()) == (
            self.base.scheme.lower(),
            self.base.netloc.lower(),
        )
        if not same_origin or not split.path.startswith(self.base.path):
            raise RefusedURLError(
                f"refused to fetch {url}: a worksheet may only use the build's own files"
            )
        candidate = (self.root / unquote(split.path[len(self.base.path) :])).resolve()
        if not candidate.is_relative_to(self.root):
            raise RefusedURLError(f"refused to fetch {url}: it points outside the build")
        if not candidate.is_file():
            raise RefusedURLError(f"cannot fetch {url}: the build has no such file")
        return candidate


@dataclass(frozen=True)
class RenderedPdf:
    data: bytes
    fetched: Mapping[str, str]
    """Files read from the build, relative path -> SHA-256."""
    warnings: tuple[str, ...] = ()
    """What WeasyPrint complained about (an unknown CSS property, say)."""


def render_pdf(
    html: str,
    *,
    url: str,
    paper: str,
    field_labels: Mapping[str, str],
    fetcher: BuildFileFetcher,
    options: Mapping[str, Any],
    unlinked_base: str | None = None,
) -> RenderedPdf:
    """Render `html` with form fields, tags and metadata, reading files through `fetcher`.

    Arguments:
        url: the document's own URL, under the fetcher's `base_url`: its relative
            links and stylesheets resolve against it.
        paper: a CSS page size (`A4`, `letter`).
        field_labels: field name -> what the field asks, shown by PDF readers and
            read out by screen readers.
        options: WeasyPrint `write_pdf` options (`pdf_forms`, `pdf_tags`).
        unlinked_base: link annotations to URLs under it are removed (their text stays).

    Raises:
        PdfRenderError: when a file is refused or missing, or WeasyPrint fails.
    """
    with _weasyprint_warnings() as warnings:
        try:
            page_size = CSS(string=f"@page {{ size: {paper}; }}")
            document = HTML(string=html, base_url=url, url_fetcher=fetcher)
            data = document.write_pdf(
                stylesheets=[page_size],
                finisher=_finish(field_labels, unlinked_base),
                **options,
            )
        except FatalURLFetchingError as error:
            raise PdfRenderError(str(error.__cause__ or error)) from None
        except Exception as error:
            raise PdfRenderError(f"WeasyPrint failed: {type(error).__name__}: {error}") from None
    return RenderedPdf(data, dict(fetcher.fetched), tuple(warnings))


def _finish(
    labels: Mapping[str, str], unlinked_base: str | None
) -> Callable[[Any, pydyf.PDF], None]:
    tidy = tidy_form_fields(labels)
    if unlinked_base is None:
        return tidy

    def finish(document: Any, pdf: pydyf.PDF) -> None:
        tidy(document, pdf)
        remove_links_under(unlinked_base)(document, pdf)

    return finish


def remove_links_under(base: str) -> Callable[[Any, pydyf.PDF], None]:
    """A WeasyPrint finisher that takes out every link to an address under `base`."""

    def finish(document: Any, pdf: pydyf.PDF) -> None:
        for page in pdf.objects:
            if not isinstance(page, pydyf.Dictionary) or page.get("Type") != "/Page":
                continue
            annotations = page.get("Annots")
            if not annotations:
                continue
            kept = [
                reference
                for reference in annotations
                if not _links_under(pdf.objects[_object_number(reference)], base)
            ]
            page["Annots"] = pydyf.Array(kept)

    return finish


def _object_number(reference: Any) -> int:
    """`7 0 R` (as text or bytes, as pydyf holds it) -> 7."""
    text = reference.decode("ascii") if isinstance(reference, bytes) else str(reference)
    return int(text.split()[0])


def _links_under(annotation: Any, base: str) -> bool:
    action = annotation.get("A") if isinstance(annotation, pydyf.Dictionary) else None
    if not isinstance(action, pydyf.Dictionary) or action.get("S") != "/URI":
        return False
    uri = action.get("URI")
    text = uri.string if isinstance(uri, pydyf.String) else str(uri)
    return text.startswith(base)


def tidy_form_fields(labels: Mapping[str, str]) -> Callable[[Any, pydyf.PDF], None]:
    """A WeasyPrint finisher that leaves one field per question, each with a readable name.

    WeasyPrint 70 gives each radio button's widget the group's name too, so PDF
    readers see a nested `x.x` field per button, and lists the widgets as fields
    of their own. Here the widgets become plain kids of their group, and every
    field's tooltip (`/TU`) is the question it asks rather than a button's label.
    """

    def finish(document: Any, pdf: pydyf.PDF) -> None:
        acroform = pdf.catalog.get("AcroForm")
        if acroform is None:
            return
        fields = [pdf.objects[int(reference.split()[0])] for reference in acroform["Fields"]]
        kept = []
        for field in fields:
            if "Parent" in field:
                field.pop("T", None)
                field.pop("TU", None)
                continue
            name = field["T"].string
            if name in labels:
                field["TU"] = pydyf.String(labels[name])
            kept.append(field.reference)
        acroform["Fields"] = pydyf.Array(kept)

    return finish


@contextmanager
def _weasyprint_warnings() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings (instead of printing them) so the build can report them."""
    collected: list[str] = []

    class Collector(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            collected.append(record.getMessage())

    handler = Collector(logging.WARNING)
    propagate = WEASYPRINT_LOGGER.propagate
    WEASYPRINT_LOGGER.addHandler(handler)
    WEASYPRINT_LOGGER.propagate = False
    try:
        yield collected
    finally:
        WEASYPRINT_LOGGER.removeHandler(handler)
        WEASYPRINT_LOGGER.propagate = propagate
