"""The PDF cache: an unchanged worksheet is not rendered again; a changed one is, alone."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.worksheets import cache as cache_module
from generator.worksheets.cache import PdfCache
from generator.worksheets.publish import PdfJob, publish_pdfs

from .conftest import SiteMaker, build
from .test_worksheet_pages import REFLECT_MD

BASE_URL = "http://127.0.0.1:8000/"
HTML = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>T</title>'
    '<link rel="stylesheet" href="http://127.0.0.1:8000/assets/sheet.css"></head>'
    '<body><form><input type="checkbox" name="t__a"></form></body></html>'
)

Renders = list[str]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Renders:
    """The names of the PDFs rendered (rather than taken from the cache), in order."""
    rendered: Renders = []
    store = PdfCache.store

    def spy(self: PdfCache, name: str, *args: object, **kwargs: object) -> None:
        rendered.append(name)
        store(self, name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(PdfCache, "store", spy)
    return rendered


def test_a_second_build_renders_no_pdf(make_site: SiteMaker, renders: Renders) -> None:
    root = make_site({"content/checklists/reflect.md": REFLECT_MD})

    build(root)
    first = list(renders)
    renders.clear()
    site = build(root)

    assert first == [
        "worksheets/ask-for-feedback.pdf",
        "worksheets/reflect.pdf",
        "worksheets/rebound-workbook.pdf",
    ]
    assert renders == []
    for name in first:
        assert (site / name).read_bytes().startswith(b"%PDF-")


def test_changing_one_item_renders_that_worksheet_and_the_workbook(
    make_site: SiteMaker, renders: Renders
) -> None:
    root = make_site({"content/checklists/reflect.md": REFLECT_MD})
    build(root)
    renders.clear()
    checklist = root / "content" / "checklists" / "reflect.md"
    checklist.write_text(
        REFLECT_MD.replace("What went well?", "What went well, in your own words?"), "utf-8"
    )

    build(root)

    assert renders == ["worksheets/reflect.pdf", "worksheets/rebound-workbook.pdf"]


def test_the_cache_lives_outside_the_site_and_is_safe_to_delete(
    make_site: SiteMaker, renders: Renders
) -> None:
    root = make_site()
    site = build(root)
    cache = root / ".cache" / "rebound" / "pdf"
    assert sorted(path.name for path in cache.iterdir()) == [
        "worksheets--ask-for-feedback.json",
        "worksheets--ask-for-feedback.pdf",
        "worksheets--rebound-workbook.json",
        "worksheets--rebound-workbook.pdf",
    ]
    assert not list(site.rglob("worksheets--*"))
    assert not (site / ".cache").exists()
    renders.clear()

    for path in cache.iterdir():
        path.unlink()
    cache.rmdir()
    build(root)

    assert renders == ["worksheets/ask-for-feedback.pdf", "worksheets/rebound-workbook.pdf"]


def test_builds_report_progress_and_what_the_cache_saved(
    make_site: SiteMaker, caplog: pytest.LogCaptureFixture
) -> None:
    root = make_site()

    with caplog.at_level(logging.INFO, logger="mkdocs"):
        build(root)
        build(root)

    messages = [
        r.getMessage()
        for r in caplog.records
        if r.name == "mkdocs.plugins.rebound"
        and "Search index" not in r.getMessage()
        and "no public address" not in r.getMessage()
        and not r.getMessage().startswith("rebound: Checked ")
    ]
    assert messages[:2] == [
        "rebound: Rendering PDF 1 of 2: worksheets/ask-for-feedback.pdf",
        "rebound: Rendering PDF 2 of 2: worksheets/rebound-workbook.pdf",
    ]
    assert messages[2].startswith("rebound: Worksheet PDFs: 2 rendered, 0 unchanged")
    assert messages[3].startswith("rebound: Worksheet PDFs: 0 rendered, 2 unchanged")
    assert len(messages) == 4


# ---- publish_pdfs and PdfCache on their own ------------------------------------


def site_with_stylesheet(root: Path, css: str = "body { color: black; }") -> Path:
    (root / "assets").mkdir(parents=True, exist_ok=True)
    (root / "assets" / "sheet.css").write_text(css, "utf-8")
    return root


def job(html: str = HTML, name: str = "worksheets/t.pdf") -> PdfJob:
    return PdfJob(
        name=name,
        subject="the test sheet",
        html=html,
        url=BASE_URL + "worksheets/t/",
        paper="A4",
        field_labels={"t__a": "Tick it"},
    )


Publish = Callable[..., list[str]]


@pytest.fixture
def publish(tmp_path: Path) -> Publish:
    """Publish jobs into tmp_path/site with a cache in tmp_path/cache; returns what rendered."""

    def run(*jobs: PdfJob, cache: PdfCache | None = None) -> list[str]:
        report = publish_pdfs(
            jobs or (job(),),
            site_dir=tmp_path / "site",
            base_url=BASE_URL,
            cache=cache or PdfCache(tmp_path / "cache"),
            progress=lambda message: None,
        )
        return report.rendered

    return run


def test_a_changed_stylesheet_renders_again(tmp_path: Path, publish: Publish) -> None:
    site = site_with_stylesheet(tmp_path / "site")

    assert publish() == ["worksheets/t.pdf"]
    assert publish() == []
    site_with_stylesheet(site, "body { color: navy; }")
    assert publish() == ["worksheets/t.pdf"]
    assert publish() == []


def test_a_new_weasyprint_renders_again(
    tmp_path: Path, publish: Publish, monkeypatch: pytest.MonkeyPatch
) -> None:
    site_with_stylesheet(tmp_path / "site")
    assert publish() == ["worksheets/t.pdf"]
    real_version = cache_module.version

    monkeypatch.setattr(
        cache_module,
        "version",
        lambda package: "999.0" if package == "weasyprint" else real_version(package),
    )
    # Versions are looked up once per process (as a new process would see the new one).
    cache_module._renderer_versions.cache_clear()

    assert publish() == ["worksheets/t.pdf"]
    cache_module._renderer_versions.cache_clear()


def test_a_damaged_cache_entry_is_rendered_again(tmp_path: Path, publish: Publish) -> None:
    site_with_stylesheet(tmp_path / "site")
    publish()
    (tmp_path / "cache" / "worksheets--t.pdf").write_bytes(b"%PDF-1.7 truncated")

    assert publish() == ["worksheets/t.pdf"]
    assert (tmp_path / "site" / "worksheets" / "t.pdf").stat().st_size > 1000


def test_changed_html_renders_only_its_own_pdf(tmp_path: Path, publish: Publish) -> None:
    site_with_stylesheet(tmp_path / "site")
    one, two = job(name="worksheets/one.pdf"), job(name="worksheets/two.pdf")
    assert publish(one, two) == ["worksheets/one.pdf", "worksheets/two.pdf"]

    changed = job(HTML.replace("<title>T</title>", "<title>T2</title>"), "worksheets/two.pdf")

    assert publish(one, changed) == ["worksheets/two.pdf"]


def test_the_cache_keeps_only_the_pdfs_the_build_makes(tmp_path: Path, publish: Publish) -> None:
    site_with_stylesheet(tmp_path / "site")
    publish(job(name="worksheets/one.pdf"), job(name="worksheets/two.pdf"))

    publish(job(name="worksheets/two.pdf"))

    assert sorted(path.name for path in (tmp_path / "cache").iterdir()) == [
        "worksheets--two.json",
        "worksheets--two.pdf",
    ]


def test_a_cache_that_cannot_be_written_does_not_fail_the_build(tmp_path: Path) -> None:
    site_with_stylesheet(tmp_path / "site")
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", "utf-8")

    report = publish_pdfs(
        [job()],
        site_dir=tmp_path / "site",
        base_url=BASE_URL,
        cache=PdfCache(blocker / "cache"),
        progress=lambda message: None,
    )

    assert report.rendered == ["worksheets/t.pdf"]
    assert (tmp_path / "site" / "worksheets" / "t.pdf").is_file()
    assert report.cache_problems[0].startswith("worksheets/t.pdf not cached: ")


Record = dict[str, object]


def _damage_record(path: Path, change: Callable[[Record], object]) -> None:
    path.write_text(json.dumps(change(json.loads(path.read_text("utf-8")))), "utf-8")


def _without(record: Record, key: str) -> Record:
    return {name: value for name, value in record.items() if name != key}


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda r: {**r, "warnings": "a warning"}, id="warnings-not-a-list"),
        pytest.param(lambda r: {**r, "warnings": 7}, id="warnings-a-number"),
        pytest.param(lambda r: {**r, "warnings": [{"x": 1}]}, id="warnings-not-text"),
        pytest.param(lambda r: _without(r, "warnings"), id="warnings-missing"),
        pytest.param(lambda r: {**r, "fetched": ["assets/sheet.css"]}, id="fetched-a-list"),
        pytest.param(lambda r: {**r, "fetched": {"assets/sheet.css": 1}}, id="fetched-number"),
        pytest.param(lambda r: {**r, "fetched": {"/etc/hostname": "0"}}, id="fetched-absolute"),
        pytest.param(lambda r: {**r, "fetched": {"../x.css": "0"}}, id="fetched-outside"),
        pytest.param(lambda r: {**r, "sha256": None}, id="sha256-not-text"),
        pytest.param(lambda r: {**r, "key": ["k"]}, id="key-not-text"),
        pytest.param(lambda r: {**r, "format": "1"}, id="format-not-a-number"),
        pytest.param(lambda r: {**r, "pages": "2"}, id="pages-not-a-number"),
        pytest.param(lambda r: {**r, "pages": -1}, id="pages-negative"),
        pytest.param(lambda r: _without(r, "pages"), id="pages-missing"),
        pytest.param(lambda r: [r], id="record-a-list"),
        pytest.param(lambda r: "text", id="record-a-string"),
        pytest.param(lambda r: None, id="record-null"),
    ],
)
def test_a_malformed_cache_record_is_a_miss_and_is_replaced(
    tmp_path: Path, publish: Publish, change: Callable[[Record], object]
) -> None:
    site_with_stylesheet(tmp_path / "site")
    publish()
    _damage_record(tmp_path / "cache" / "worksheets--t.json", change)

    assert publish() == ["worksheets/t.pdf"]
    assert publish() == []


def test_a_record_that_is_not_json_is_a_miss(tmp_path: Path, publish: Publish) -> None:
    site_with_stylesheet(tmp_path / "site")
    publish()
    (tmp_path / "cache" / "worksheets--t.json").write_bytes(b"\xff{not json")

    assert publish() == ["worksheets/t.pdf"]


def test_a_corrupt_cache_entry_does_not_fail_later_strict_builds(
    make_site: SiteMaker, renders: Renders
) -> None:
    root = make_site()
    build(root)
    record = root / ".cache" / "rebound" / "pdf" / "worksheets--ask-for-feedback.json"
    _damage_record(record, lambda r: {**r, "warnings": "not a list"})
    renders.clear()

    build(root)
    build(root)

    assert renders == ["worksheets/ask-for-feedback.pdf"]
