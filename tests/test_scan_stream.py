"""The output scan a whole build runs beside it (a worker fed each page as it is written)
finds what `scan_site` finds, and fails loudly when the worker does."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.output_scan import ForeignResourceError, scan_site
from generator.scan_stream import ScanFailed, ScanStream

from .conftest import SiteMaker, build

SOURCES = {"articles/ask-for-feedback-you-can-use/index.html": "content/articles/posts/a.md"}


def streamed(site: Path, given: list[str], site_url: str | None) -> ScanStream:
    stream = ScanStream(site, site_url)
    for page in given:
        stream.add_page(page, (site / page).read_text("utf-8"), SOURCES.get(page))
    return stream


def pages(site: Path) -> list[str]:
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))


def test_the_worker_finds_what_the_scan_of_the_finished_site_finds(
    make_site: SiteMaker,
) -> None:
    site = build(make_site())
    expected = scan_site(site, "https://rebound.example/", SOURCES)

    # Half the pages given as written, the rest found on disk.
    stream = streamed(site, pages(site)[::2], "https://rebound.example/")
    found = stream.finish(SOURCES)

    assert found == expected
    assert found.pages == len(pages(site)) > 5
    assert found.script_hashes


def test_findings_come_back_as_scan_site_words_them(make_site: SiteMaker) -> None:
    site = build(make_site())
    page = site / "articles/ask-for-feedback-you-can-use/index.html"
    html = page.read_text("utf-8").replace(
        "</body>", '<script src="https://cdn.example/x.js"></script></body>'
    )
    page.write_text(html, "utf-8")
    (site / "extra.html").write_text('<img src="//cdn.example/a.png">', "utf-8")
    with pytest.raises(ForeignResourceError) as expected:
        scan_site(site, None, SOURCES)

    stream = streamed(site, [page.relative_to(site).as_posix()], None)
    with pytest.raises(ForeignResourceError) as found:
        stream.finish(SOURCES)

    assert str(found.value) == str(expected.value)
    assert "(the page built from content/articles/posts/a.md)" in str(found.value)
    assert "extra.html:1: img src: loads //cdn.example/a.png" in str(found.value)


def test_a_worker_that_dies_fails_the_scan(tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text("<p>Hi</p>", "utf-8")
    stream = ScanStream(tmp_path, None)
    stream._process.kill()

    with pytest.raises(ScanFailed, match="the output scan failed"):
        stream.finish({})


def test_a_failed_build_stops_the_worker(make_site: SiteMaker) -> None:
    site = build(make_site())
    stream = streamed(site, pages(site)[:2], None)

    stream.close()

    assert stream._process.poll() is not None
