"""WeasyPrint's URL fetcher for worksheets: the build's own files, and nothing else."""

from __future__ import annotations

import hashlib
import socket
from pathlib import Path

import pytest

from generator.worksheets.pdf import (
    BuildFileFetcher,
    PdfRenderError,
    RefusedURLError,
    render_pdf,
)
from generator.worksheets.publish import PDF_OPTIONS

BASE_URL = "http://127.0.0.1:8000/"
CSS = b"body { color: black; }"


@pytest.fixture
def build_dir(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "sheet.css").write_bytes(CSS)
    (site / "worksheets").mkdir()
    (tmp_path / "secret.txt").write_text("not for PDFs", "utf-8")
    return site


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test: refusals must come first."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the fetcher tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_a_file_of_the_build_is_served_and_remembered(build_dir: Path) -> None:
    fetcher = BuildFileFetcher(build_dir, BASE_URL)

    response = fetcher.fetch(BASE_URL + "assets/sheet.css?v=2#top")

    assert response.read() == CSS
    assert response.content_type == "text/css"
    assert response.url == BASE_URL + "assets/sheet.css"
    assert fetcher.fetched == {"assets/sheet.css": hashlib.sha256(CSS).hexdigest()}


def test_a_relative_url_resolved_against_a_page_is_served(build_dir: Path) -> None:
    fetcher = BuildFileFetcher(build_dir, BASE_URL)

    response = fetcher.fetch(BASE_URL + "worksheets/t/../../assets/sheet.css")

    assert response.read() == CSS


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/sheet.css",
        "http://example.org/assets/sheet.css",
        "https://127.0.0.1:8000/assets/sheet.css",
        "http://127.0.0.1:8001/assets/sheet.css",
        "ftp://127.0.0.1:8000/assets/sheet.css",
        "data:text/css,body{color:red}",
    ],
)
def test_a_remote_url_is_refused(build_dir: Path, url: str) -> None:
    fetcher = BuildFileFetcher(build_dir, BASE_URL)

    with pytest.raises(RefusedURLError, match="may only use the build's own files"):
        fetcher.fetch(url)
    assert fetcher.fetched == {}


@pytest.mark.parametrize(
    "url",
    [
        BASE_URL + "../secret.txt",
        BASE_URL + "%2e%2e/secret.txt",
        BASE_URL + "assets/..%2f..%2fsecret.txt",
    ],
)
def test_a_file_outside_the_build_is_refused(build_dir: Path, url: str) -> None:
    with pytest.raises(RefusedURLError, match="outside the build"):
        BuildFileFetcher(build_dir, BASE_URL).fetch(url)


def test_a_local_file_url_is_refused_when_the_build_has_an_address(build_dir: Path) -> None:
    with pytest.raises(RefusedURLError, match="may only use the build's own files"):
        BuildFileFetcher(build_dir, BASE_URL).fetch((build_dir.parent / "secret.txt").as_uri())


def test_a_link_out_of_the_build_is_refused(build_dir: Path) -> None:
    (build_dir / "assets" / "escape.txt").symlink_to(build_dir.parent / "secret.txt")

    with pytest.raises(RefusedURLError, match="outside the build"):
        BuildFileFetcher(build_dir, BASE_URL).fetch(BASE_URL + "assets/escape.txt")


def test_a_missing_file_is_an_error_not_a_guess(build_dir: Path) -> None:
    with pytest.raises(RefusedURLError, match="the build has no such file"):
        BuildFileFetcher(build_dir, BASE_URL).fetch(BASE_URL + "assets/missing.css")


def test_without_a_site_address_the_build_folder_is_the_only_source(build_dir: Path) -> None:
    fetcher = BuildFileFetcher(build_dir, build_dir.as_uri() + "/")

    assert fetcher.fetch((build_dir / "assets" / "sheet.css").as_uri()).read() == CSS
    with pytest.raises(RefusedURLError, match="may only use the build's own files"):
        fetcher.fetch((build_dir.parent / "secret.txt").as_uri())


def test_rendering_stops_with_the_refused_url(build_dir: Path) -> None:
    html = (
        '<!doctype html><html lang="en"><head><title>T</title>'
        '<link rel="stylesheet" href="https://example.org/tracker.css"></head>'
        "<body><p>Hello</p></body></html>"
    )

    with pytest.raises(PdfRenderError) as raised:
        render_pdf(
            html,
            url=BASE_URL + "worksheets/t/",
            paper="A4",
            field_labels={},
            fetcher=BuildFileFetcher(build_dir, BASE_URL),
            options=PDF_OPTIONS,
        )

    assert str(raised.value) == (
        "refused to fetch https://example.org/tracker.css: "
        "a worksheet may only use the build's own files"
    )


def test_rendering_reads_the_builds_stylesheet(build_dir: Path) -> None:
    html = (
        '<!doctype html><html lang="en"><head><title>T</title>'
        '<link rel="stylesheet" href="../../assets/sheet.css"></head>'
        "<body><p>Hello</p></body></html>"
    )

    rendered = render_pdf(
        html,
        url=BASE_URL + "worksheets/t/",
        paper="A4",
        field_labels={},
        fetcher=BuildFileFetcher(build_dir, BASE_URL),
        options=PDF_OPTIONS,
    )

    assert rendered.data.startswith(b"%PDF-")
    assert rendered.fetched == {"assets/sheet.css": hashlib.sha256(CSS).hexdigest()}
    assert rendered.warnings == ()
