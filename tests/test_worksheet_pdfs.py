"""The fillable PDFs, read back with pypdf: fields, fonts, page size, metadata, the workbook."""

from __future__ import annotations

import logging
import shutil
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


def test_the_workbook_has_a_cover_contents_and_every_worksheet_in_path_order(site: Path) -> None:
    reader = pdf(site, "rebound-workbook.pdf")

    outline = [item["/Title"] for item in reader.outline if not isinstance(item, list)]
    assert outline == [
        "The Tiny Rebound workbook",
        "Ask for feedback",
        "Reflect on the process",
        "Keep a brag list",
    ]
    cover, contents = (page.extract_text() for page in reader.pages[:2])
    assert "The Tiny Rebound workbook" in cover
    assert "Contents" in contents
    # (pypdf reads the "fl" ligature of "Reflect" as one character.)
    assert contents.index("Ask for feedback") < contents.index("on the process")
    # Each worksheet starts on a page of its own, after the cover and the contents.
    starts = [reader.get_destination_page_number(item) for item in reader.outline[1:]]
    assert starts[0] == 2
    assert starts == sorted(set(starts))
    names = [str(f["/T"]) for f in top_level_fields(reader)]
    expected = [name for fields in EXPECTED_FIELDS.values() for name in fields]
    assert names == expected
    assert len(set(names)) == len(names)


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
