"""The fillable PDFs, read back with pypdf: fields, fonts, page size, metadata, the workbook."""

from __future__ import annotations

import io
import logging
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject

from .conftest import ARTICLE_MD, BASE_FILES, MKDOCS_YML, OVERRIDES, SiteMaker, build, write_files
from .test_worksheet_pages import EXTRA_MD, REFLECT_MD

# PDF field flags (PDF 32000-1:2008, tables 226 and 228).
MULTILINE = 1 << 12
RADIO = 1 << 15
A4 = (595.28, 841.89)
LETTER = (612.0, 792.0)

# The tiny site's checklists: ask-for-feedback (step 1: a check, a 3-line question, a
# scale), reflect (step 2: a scale, a question) and brag-list (no step: a check).
EXPECTED_FIELDS = {
    "ask-for-feedback": {
        "ask-for-feedback__sheet_name": "text",
        "ask-for-feedback__sheet_date": "text",
        "ask-for-feedback__thank-them": "checkbox",
        "ask-for-feedback__what-went-well": "multiline",
        "ask-for-feedback__rate-call": "radio",
    },
    "reflect": {
        "reflect__sheet_name": "text",
        "reflect__sheet_date": "text",
        "reflect__rate-interview": "radio",
        "reflect__went-well": "multiline",
    },
    "brag-list": {
        "brag-list__sheet_name": "text",
        "brag-list__sheet_date": "text",
        "brag-list__one-win": "checkbox",
    },
}


def write_site(root: Path, paper: str | None = None) -> Path:
    files = dict(BASE_FILES)
    if paper:
        assert "  - rebound:\n" in MKDOCS_YML
        files["mkdocs.yml"] = MKDOCS_YML.replace(
            "  - rebound:\n", f"  - rebound:\n      paper_size: {paper}\n"
        )
    files["content/articles/posts/ask-for-feedback-you-can-use.md"] = ARTICLE_MD
    files["content/checklists/reflect.md"] = REFLECT_MD
    files["content/checklists/brag-list.md"] = EXTRA_MD
    write_files(root, files)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(write_site(tmp_path_factory.mktemp("pdfs") / "project"))


def pdf(site: Path, name: str) -> PdfReader:
    return PdfReader(site / "worksheets" / name)


def kind_of(field: DictionaryObject) -> str:
    flags = int(field.get("/Ff", 0))
    if field["/FT"] == "/Tx":
        return "multiline" if flags & MULTILINE else "text"
    return "radio" if flags & RADIO else "checkbox"


def top_level_fields(reader: PdfReader) -> list[DictionaryObject]:
    return [ref.get_object() for ref in reader.trailer["/Root"]["/AcroForm"]["/Fields"]]


def test_each_worksheet_pdf_has_exactly_its_fields(site: Path) -> None:
    for slug, expected in EXPECTED_FIELDS.items():
        reader = pdf(site, f"{slug}.pdf")

        fields = top_level_fields(reader)

        assert {str(f["/T"]): kind_of(f) for f in fields} == expected, slug
        assert len(fields) == len(expected), slug
        # Every name appears once, as a whole name: no nested `x.x` fields.
        assert sorted(reader.get_fields()) == sorted(expected), slug


def test_a_scale_is_one_radio_group_of_five_choices(site: Path) -> None:
    fields = {str(f["/T"]): f for f in top_level_fields(pdf(site, "ask-for-feedback.pdf"))}

    scale = fields["ask-for-feedback__rate-call"]

    assert [str(option) for option in scale["/Opt"]] == ["1", "2", "3", "4", "5"]
    kids = [kid.get_object() for kid in scale["/Kids"]]
    assert len(kids) == 5
    assert all("/T" not in kid for kid in kids)
    assert str(scale["/TU"]) == "How did the call go? (1 = Poorly, 5 = Very well)"


def test_fields_say_what_they_ask(site: Path) -> None:
    fields = {str(f["/T"]): f for f in top_level_fields(pdf(site, "ask-for-feedback.pdf"))}

    assert str(fields["ask-for-feedback__thank-them"]["/TU"]) == "Thank them for their time."
    assert str(fields["ask-for-feedback__what-went-well"]["/TU"]) == "What went well?"
    assert str(fields["ask-for-feedback__sheet_name"]["/TU"]) == "Your name"


def test_a_pdf_reader_can_fill_in_every_kind_of_field(site: Path, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=pdf(site, "ask-for-feedback.pdf"))
    values = {
        "ask-for-feedback__sheet_name": "Sam",
        "ask-for-feedback__thank-them": "/on",
        "ask-for-feedback__what-went-well": "The case study.",
        "ask-for-feedback__rate-call": "/3",
    }
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(tmp_path / "filled.pdf")

    filled = PdfReader(tmp_path / "filled.pdf").get_fields()

    assert {name: filled[name].value for name in values} == values


def test_fonts_are_embedded(site: Path) -> None:
    for name in ("ask-for-feedback.pdf", "rebound-workbook.pdf"):
        reader = pdf(site, name)
        fonts: dict[str, Any] = {}
        for page in reader.pages:
            fonts.update(page["/Resources"].get_object().get("/Font", {}))
        form_fonts = reader.trailer["/Root"]["/AcroForm"]["/DR"]["/Font"].get_object()
        fonts.update(form_fonts)

        assert fonts, name
        for font_name, ref in fonts.items():
            font = ref.get_object()
            descriptor_owner = (
                font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            )
            descriptor = descriptor_owner["/FontDescriptor"].get_object()
            embedded = {"/FontFile", "/FontFile2", "/FontFile3"} & set(descriptor)
            assert embedded, f"{name}: {font_name} ({font.get('/BaseFont')}) is not embedded"


def test_pdfs_are_a4_by_default(site: Path) -> None:
    for name in ("ask-for-feedback.pdf", "rebound-workbook.pdf"):
        for page in pdf(site, name).pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
                A4, abs=0.1
            )


def test_the_paper_size_follows_the_plugin_option(tmp_path: Path) -> None:
    site = build(write_site(tmp_path / "project", paper="letter"))

    for name in ("reflect.pdf", "rebound-workbook.pdf"):
        for page in pdf(site, name).pages:
            assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(
                LETTER, abs=0.1
            )


def test_pdfs_carry_title_language_and_tags(site: Path) -> None:
    reader = pdf(site, "reflect.pdf")
    root = reader.trailer["/Root"]

    assert reader.metadata is not None
    assert reader.metadata.title == "Reflect on the process: Tiny Rebound worksheet"
    assert reader.metadata.subject == "Rate each stage and note what you learned."
    assert root["/Lang"] == "en"
    assert bool(root["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in root


def test_the_workbook_has_a_cover_with_contents_then_every_worksheet_in_path_order(
    site: Path,
) -> None:
    reader = pdf(site, "rebound-workbook.pdf")

    outline = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    assert outline == [
        "The Tiny Rebound workbook",
        "Ask for feedback",
        "Reflect on the process",
        "Keep a brag list",
    ]
    cover = reader.pages[0].extract_text()
    assert "The Tiny Rebound workbook" in cover
    # The contents share the cover's page: no page holds five lines and nothing else.
    assert "Contents" in cover
    # (pypdf reads the "fl" ligature of "Reflect" as one character.)
    assert cover.index("Ask for feedback") < cover.index("on the process")
    # Each worksheet starts on a page of its own, right after the cover.
    starts = [reader.get_destination_page_number(item) for item in reader.outline[1:]]
    assert starts[0] == 1
    assert starts == sorted(set(starts))
    # The tiny site's worksheets each fit one page: no page is left (nearly) empty.
    assert len(reader.pages) == 1 + len(starts)
    names = [str(f["/T"]) for f in top_level_fields(reader)]
    expected = [name for fields in EXPECTED_FIELDS.values() for name in fields]
    assert names == expected
    assert len(set(names)) == len(names)


def widgets(reader: PdfReader) -> dict[str, list[DictionaryObject]]:
    """Every widget on the pages, by the name of its field."""
    found: dict[str, list[DictionaryObject]] = {}
    for page in reader.pages:
        for reference in page.get("/Annots", []):
            widget = reference.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue  # a link
            field = widget["/Parent"].get_object() if "/Parent" in widget else widget
            found.setdefault(str(field["/T"]), []).append(widget)
    return found


def size_of(widget: DictionaryObject) -> tuple[float, float]:
    x1, y1, x2, y2 = (float(value) for value in widget["/Rect"])
    return abs(x2 - x1), abs(y2 - y1)


def test_typed_text_is_the_size_of_the_page_text(site: Path) -> None:
    reader = pdf(site, "ask-for-feedback.pdf")

    for name, kind in EXPECTED_FIELDS["ask-for-feedback"].items():
        if kind not in ("text", "multiline"):
            continue
        field = next(f for f in top_level_fields(reader) if str(f["/T"]) == name)
        appearance = str(field["/DA"]).split()
        size = float(appearance[appearance.index("Tf") - 1])
        assert 10 <= size <= 11, f"{name}: typed text is {size} pt"
    answer = widgets(reader)["ask-for-feedback__what-went-well"][0]
    width, height = size_of(answer)
    # Three lines asked for: room for three lines of 10.5 pt text with space to spare.
    assert height >= 3 * 10.5 * 1.4
    assert width > 300


def test_tick_boxes_and_choices_are_big_enough_to_hit(site: Path) -> None:
    reader = pdf(site, "ask-for-feedback.pdf")
    found = widgets(reader)

    tick = found["ask-for-feedback__thank-them"]
    choices = found["ask-for-feedback__rate-call"]

    assert len(tick) == 1 and len(choices) == 5
    for widget in tick + choices:
        width, height = size_of(widget)
        assert width >= 14 and height >= 14, (width, height)


def test_fields_keep_their_own_drawings(site: Path) -> None:
    """Readers are not asked to redraw fields: poppler redrew a ticked box as empty."""
    reader = pdf(site, "ask-for-feedback.pdf")
    acroform = reader.trailer["/Root"]["/AcroForm"]

    need = acroform.get("/NeedAppearances")
    assert need is None or need.value is False
    for widget in widgets(reader)["ask-for-feedback__rate-call"]:
        assert len([state for state in widget["/AP"]["/N"] if state != "/Off"]) == 1


def test_the_form_font_is_subset_but_keeps_what_people_type(site: Path) -> None:
    from fontTools.ttLib import TTFont

    reader = pdf(site, "ask-for-feedback.pdf")
    typed_in = {
        str(field["/DA"]).split()[-3] for field in top_level_fields(reader) if "/DA" in field
    }
    assert len(typed_in) == 1, "every field should type in the same (regular) face"
    form_fonts = reader.trailer["/Root"]["/AcroForm"]["/DR"]["/Font"].get_object()
    font = form_fonts[typed_in.pop()].get_object()
    assert str(font["/BaseFont"]).endswith(("Sans", "Sans-Regular", "Sans-Book")), font
    descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    data = descriptor["/FontFile2"].get_object().get_data()

    cmap = TTFont(io.BytesIO(data)).getBestCmap()

    typed = "Zoë paid £20 \u2013 \u201cthanks\u201d Łódź Ελένη Дмитрий"
    assert all(ord(c) in cmap for c in typed)
    # Box drawing and card suits (Liberation and DejaVu have both) are left out.
    assert not [point for point in cmap if 0x2500 <= point <= 0x257F or 0x2660 <= point <= 0x2667]
    assert "fpgm" not in TTFont(io.BytesIO(data))  # no hinting


def test_a_refused_url_stops_the_build_naming_the_worksheet(
    make_site: SiteMaker, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    overrides = tmp_path / "overrides"
    shutil.copytree(OVERRIDES, overrides)
    stylesheet = overrides / "assets" / "stylesheets" / "worksheet-pdf.css"
    stylesheet.write_text(
        stylesheet.read_text("utf-8") + 'body { background: url("https://example.org/t.png"); }\n'
    )
    root = make_site({"mkdocs.yml": MKDOCS_YML.replace(str(OVERRIDES), str(overrides))})

    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(root)

    assert (
        "worksheets/ask-for-feedback.pdf: could not render the worksheet of "
        "checklists/ask-for-feedback.md: refused to fetch https://example.org/t.png: "
        "a worksheet may only use the build's own files"
    ) in caplog.text
    assert "Traceback" not in caplog.text


def test_the_stylesheets_give_weasyprint_nothing_to_complain_about(
    make_site: SiteMaker, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        build(make_site())

    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []


PDFTOPPM = shutil.which("pdftoppm")


def render_gray(pdf_file: Path, page: int, out: Path) -> tuple[int, int, bytes]:
    """Page `page` (from 1) drawn by poppler at 72 dpi (one pixel a point), as grey levels."""
    assert PDFTOPPM, "poppler's pdftoppm is missing: `make test` installs poppler-utils"
    prefix = out / "page"
    pages = ["-f", str(page), "-l", str(page)]
    subprocess.run(
        [PDFTOPPM, "-gray", "-r", "72", *pages, "-singlefile", str(pdf_file), str(prefix)],
        check=True,
        capture_output=True,
    )
    data = (out / "page.pgm").read_bytes()
    magic, width, height, depth, pixels = data.split(maxsplit=4)
    assert magic == b"P5" and depth == b"255"
    return int(width), int(height), pixels


def ink(
    image: tuple[int, int, bytes],
    widget: DictionaryObject,
    page_height: float,
    top_pt: float | None = None,
) -> float:
    """How much of a widget's inside (3 pt in from its edges) poppler drew dark.

    Arguments:
        top_pt: look only at this much of the widget's top (the first lines of a text box).
    """
    width, _, pixels = image
    x1, y1, x2, y2 = (float(value) for value in widget["/Rect"])
    left, right = int(min(x1, x2)) + 3, int(max(x1, x2)) - 3
    top, bottom = int(page_height - max(y1, y2)) + 3, int(page_height - min(y1, y2)) - 3
    if top_pt is not None:
        bottom = min(bottom, top + int(top_pt))
    dark = sum(
        1 for y in range(top, bottom) for x in range(left, right) if pixels[y * width + x] < 128
    )
    return dark / max(1, (right - left) * (bottom - top))


def test_poppler_draws_what_was_filled_in(site: Path, tmp_path: Path) -> None:
    writer = PdfWriter(clone_from=pdf(site, "ask-for-feedback.pdf"))
    values = {
        "ask-for-feedback__sheet_name": "Sam",
        "ask-for-feedback__thank-them": "/on",
        "ask-for-feedback__what-went-well": "The case study.",
        "ask-for-feedback__rate-call": "/2",
    }
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    writer.write(tmp_path / "filled.pdf")
    reader = PdfReader(tmp_path / "filled.pdf")
    found = widgets(reader)
    page_height = float(reader.pages[0].mediabox.height)

    image = render_gray(tmp_path / "filled.pdf", 1, tmp_path)

    assert ink(image, found["ask-for-feedback__thank-them"][0], page_height) > 0.15
    choices = [ink(image, widget, page_height) for widget in found["ask-for-feedback__rate-call"]]
    assert choices[2] > 0.5, choices  # the third choice, "3"
    assert max(choices[:2] + choices[3:]) < 0.05, choices
    # The answer box grows to fill the page: the typed line is at its top.
    answer = found["ask-for-feedback__what-went-well"][0]
    assert ink(image, answer, page_height, top_pt=3 * 19) > 0.005


def link_facts(html: str) -> list[tuple[str, str]]:
    """(href, facts) of every PDF link on a page."""
    link = r'<a [^>]*href="([^"]+\.pdf)"[^>]*>[^<]*'
    return re.findall(link + r'<span class="rebound-file-facts"[^>]*>([^<]*)</span>', html)


def expected_facts(site: Path, name: str) -> str:
    path = site / "worksheets" / name
    pages = len(PdfReader(path).pages)
    return f"(PDF, {round(path.stat().st_size / 1000)} KB, {pages} page{'s' if pages > 1 else ''})"


def test_every_pdf_link_gives_the_files_size_and_pages(site: Path) -> None:
    index = (site / "worksheets/index.html").read_text("utf-8")
    sheet = (site / "worksheets/reflect/index.html").read_text("utf-8")
    checklist = (site / "checklists/reflect/index.html").read_text("utf-8")

    pdfs = ["rebound-workbook.pdf", "ask-for-feedback.pdf", "reflect.pdf", "brag-list.pdf"]
    assert link_facts(index) == [(name, expected_facts(site, name)) for name in pdfs]
    assert [facts for _, facts in link_facts(sheet)] == [expected_facts(site, "reflect.pdf")]
    assert [facts for _, facts in link_facts(checklist)] == [expected_facts(site, "reflect.pdf")]
    for html in (index, sheet, checklist):
        assert "data-rebound-pdf=" not in html  # no slot left empty


def test_pdf_links_give_their_facts_when_the_pdfs_come_from_the_cache(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = write_site(tmp_path / "project")
    build(root)

    with caplog.at_level(logging.INFO):
        site = build(root, tmp_path / "again")

    assert "Worksheet PDFs: 0 rendered, 4 unchanged (from the cache)" in caplog.text

    checklist = (site / "checklists/reflect/index.html").read_text("utf-8")
    assert [facts for _, facts in link_facts(checklist)] == [expected_facts(site, "reflect.pdf")]


def test_the_form_font_keeps_every_glyph_the_page_draws() -> None:
    """Subsetting the font fields type in must not take glyphs from the page's own text."""
    from fontTools.ttLib import TTFont
    from weasyprint import HTML

    from generator.worksheets.pdf import tidy_form_fields

    # U+266B (beamed notes) is in Liberation Sans and DejaVu Sans, and outside the
    # ranges kept for typing; U+2554 (a box corner) too, and the page does not draw it.
    html = (
        '<html style=\'font-family: "Liberation Sans", "DejaVu Sans"\'>'
        '<p>Sing it \u266b</p><form><textarea name="answer"></textarea></form></html>'
    )
    data = HTML(string=html).write_pdf(pdf_forms=True, finisher=tidy_form_fields({}))

    reader = PdfReader(io.BytesIO(data))
    (font,) = reader.trailer["/Root"]["/AcroForm"]["/DR"]["/Font"].values()
    descendant = font.get_object()["/DescendantFonts"][0].get_object()
    embedded = descendant["/FontDescriptor"].get_object()["/FontFile2"].get_object().get_data()
    cmap = TTFont(io.BytesIO(embedded)).getBestCmap()

    assert 0x266B in cmap
    assert 0x2554 not in cmap
    assert "\u266b" in reader.pages[0].extract_text()
