"""One fillable PDF from one HTML document, with WeasyPrint, reading nothing but the build.

Imported only when a PDF has to be rendered: WeasyPrint takes most of a second to
import and needs Pango, and a build whose PDFs are all cached needs neither.
"""

from __future__ import annotations

import hashlib
import io
import logging
import mimetypes
import re
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

from .fill import filled_document


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
    """Render `html` with form fields, tags and metadata, its pages filled (fill.py), reading
    files through `fetcher`.

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
            source = HTML(string=html, base_url=url, url_fetcher=fetcher)

            def render(extra_css: str) -> Any:
                sheets = [page_size, CSS(string=extra_css)] if extra_css else [page_size]
                return source.render(stylesheets=sheets, **options)

            document = filled_document(render, html)
            data = document.write_pdf(finisher=_finish(field_labels, unlinked_base), **options)
        except FatalURLFetchingError as error:
            raise PdfRenderError(str(error.__cause__ or error)) from None
        except Exception as error:
            raise PdfRenderError(f"WeasyPrint failed: {type(error).__name__}: {error}") from None
    # Each layout tried while filling the pages reports the same warnings.
    return RenderedPdf(data, dict(fetcher.fetched), tuple(dict.fromkeys(warnings)))


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

    WeasyPrint also asks readers to redraw every field (`/NeedAppearances`);
    poppler then redraws tick boxes and 1-5 choices from a font they do not name
    and shows a ticked box as empty. Every tick box and choice has its own
    drawing, and readers draw a text field once it is typed in (or when it has
    none), so the request is dropped.
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
        acroform["NeedAppearances"] = "false"
        slim_form_fonts(pdf, glyphs_drawn(document))

    return finish


# What a typed answer may contain, as Unicode ranges: Latin (Western, Central and
# Eastern European, Vietnamese), IPA and combining accents, Greek, Cyrillic,
# punctuation, currency, letter-like symbols and fractions, arrows, mathematical
# operators, bullets and boxes, and the f-ligatures. The form font keeps only
# these of its glyphs; a character outside them shows as blank in some readers.
TYPED_TEXT_RANGES = (
    (0x0020, 0x007E),
    (0x00A0, 0x036F),
    (0x0370, 0x03FF),
    (0x0400, 0x052F),
    (0x1E00, 0x1EFF),
    (0x2000, 0x206F),
    (0x20A0, 0x20CF),
    (0x2100, 0x215F),
    (0x2190, 0x21FF),
    (0x2200, 0x22FF),
    (0x25A0, 0x25FF),
    (0xFB00, 0xFB06),
)


def glyphs_drawn(document: Any) -> dict[str, set[int]]:
    """The glyph ids the pages draw in each font, by the font's name in the PDF.

    WeasyPrint records them as it draws (`Document.fonts`, hash -> Font, whose
    `to_unicode` maps each glyph drawn to its text).
    """
    drawn: dict[str, set[int]] = {}
    for font in getattr(document, "fonts", {}).values():
        drawn.setdefault(font.hash, set()).update(font.to_unicode)
    return drawn


def slim_form_fonts(pdf: pydyf.PDF, drawn: Mapping[str, set[int]]) -> None:
    """Subset the fonts form fields type in, which WeasyPrint embeds whole.

    A reader may type any character into a field, so WeasyPrint embeds the font
    of a field complete, hinting included: three quarters of a worksheet PDF
    (DejaVu Sans alone is 740 KB). Here it keeps the glyphs the pages draw in it
    (`drawn`, by font name) and those of TYPED_TEXT_RANGES, with every glyph these
    reach through ligatures and alternates, at their old glyph ids, so the page
    text and the font's widths and Unicode map stay right; hinting goes, as in
    the subset fonts.
    """
    acroform = pdf.catalog.get("AcroForm")
    resources = _resolve(pdf, acroform.get("DR")) if acroform is not None else None
    if not isinstance(resources, dict) or "Font" not in resources:
        return
    # The form's resources list every font of the document; the fields name
    # theirs in their default appearance (`/VRMYHF 10.5 Tf`). The others are
    # already subset to the glyphs the pages use, and must stay so.
    typed_in = set()
    for reference in acroform["Fields"]:
        appearance = _resolve(pdf, reference).get("DA")
        if appearance is not None:
            typed_in.update(FONT_IN_APPEARANCE.findall(_as_bytes(appearance.string)))
    for name, reference in _resolve(pdf, resources["Font"]).items():
        if _as_bytes(name) not in typed_in:
            continue
        font = _resolve(pdf, reference)
        keep = drawn.get(name.decode() if isinstance(name, bytes) else name, set())
        for descendant in font.get("DescendantFonts", ()):
            descriptor = _resolve(pdf, _resolve(pdf, descendant)["FontDescriptor"])
            if "FontFile2" in descriptor:
                _subset_font_stream(_resolve(pdf, descriptor["FontFile2"]), keep)


FONT_IN_APPEARANCE = re.compile(rb"/([^\s/]+)\s+[\d.]+\s+Tf")


def _subset_font_stream(stream: pydyf.Stream, drawn: set[int]) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTFont, TTLibError

    data = b"".join(part if isinstance(part, bytes) else bytes(part) for part in stream.stream)
    options = subset.Options(
        retain_gids=True,
        hinting=False,
        layout_features=["*"],
        notdef_outline=True,
        name_IDs=["*"],
        glyph_names=False,
        drop_tables=[*subset.Options().drop_tables, "FFTM"],
    )
    try:
        font = TTFont(io.BytesIO(data))
        available = font.getBestCmap() or {}
        wanted = [
            point
            for first, last in TYPED_TEXT_RANGES
            for point in range(first, last + 1)
            if point in available
        ]
        subsetter = subset.Subsetter(options)
        subsetter.populate(gids=sorted(drawn), unicodes=wanted)
        subsetter.subset(font)
        # A PDF draws glyphs by id: the layout tables only served to find them.
        for table in ("GSUB", "GPOS", "GDEF"):
            if table in font:
                del font[table]
        output = io.BytesIO()
        font.save(output)
    except (TTLibError, AssertionError, KeyError, ValueError):
        return  # an odd font stays whole: bigger, still right
    stream.stream = [output.getvalue()]
    stream.extra["Length1"] = len(output.getvalue())


def _as_bytes(value: str | bytes) -> bytes:
    return value.encode() if isinstance(value, str) else value


def _resolve(pdf: pydyf.PDF, value: Any) -> Any:
    """A pydyf object from an indirect reference (`b"12 0 R"`), or the value itself."""
    if isinstance(value, bytes) and value.endswith(b" R"):
        return pdf.objects[int(value.split()[0])]
    return value


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
