"""The search index a whole build streams to Pagefind is the one Pagefind's command line
makes from the finished site; Pagefind failing stops the build with one line."""

from __future__ import annotations

import gzip
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from mkdocs.exceptions import Abort

from generator import search_index

from .conftest import SiteMaker, build


def fragments(index: Path) -> dict[str, Any]:
    """Every page Pagefind indexed (its URL, words, title, filters), by URL.

    Pagefind names its files by hashes that differ from run to run even for the same
    input (its command line's do too), so the indexes are compared by what they hold.
    """
    found = {}
    for path in (index / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        page = json.loads(data[data.index(b"{") :])
        found[page["url"]] = page
    return found


def test_the_streamed_index_holds_what_the_command_line_indexes(
    make_site: SiteMaker, tmp_path: Path
) -> None:
    extra = "# Extra page\n\nA page in the nav of nobody, about interview nerves.\n"
    site = build(make_site({"content/extra.md": extra}))
    # The same finished site, indexed afterwards by Pagefind's command line.
    again = tmp_path / "again"
    shutil.copytree(site, again, ignore=shutil.ignore_patterns("pagefind"))

    assert search_index.index_site(again) == len(fragments(site / "pagefind"))

    streamed, command_line = fragments(site / "pagefind"), fragments(again / "pagefind")
    assert streamed == command_line
    assert "/articles/ask-for-feedback-you-can-use/" in streamed
    assert "/checklists/ask-for-feedback/" in streamed
    assert "/extra/" not in streamed  # not marked for search: left out as before
    assert bundle(site / "pagefind") == bundle(again / "pagefind")
    # Every file whole: the script and WebAssembly files as the command line writes
    # them, and each index file a complete gzip stream (a file cut short by a
    # Pagefind stopped too early would not be).
    for path in (again / "pagefind").iterdir():
        if path.is_file() and not re.search(r"_[0-9a-f]{7,}|entry", path.name):
            assert (site / "pagefind" / path.name).read_bytes() == path.read_bytes(), path.name
    for path in (site / "pagefind").rglob("*"):
        if path.is_file() and (path.suffix.startswith(".pf_") or path.suffix == ".pagefind"):
            gzip.decompress(path.read_bytes())


def bundle(index: Path) -> set[str]:
    """The files of a Pagefind bundle, hashes in their names left out."""
    return {re.sub(r"_[0-9a-f]{7,}", "_#", path.name) for path in index.rglob("*")}


def test_pages_given_only_on_disk_are_indexed_too(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    body = (
        '<html lang="en"><body><main data-pagefind-body><h1>{}</h1><p>{}</p></main></body></html>'
    )
    (site / "a/index.html").write_text(body.format("Streamed", "given as written"), "utf-8")
    (site / "b.html").write_text(body.format("On disk", "found by the walk"), "utf-8")
    (site / "c.html").write_text("<html><body><p>Not for search</p></body></html>", "utf-8")

    stream = search_index.PageStream(site)
    stream.add_page("a/index.html", (site / "a/index.html").read_text("utf-8"))
    stream.finish()

    assert stream.wait() == 2
    assert set(fragments(site / "pagefind")) == {"/a/", "/b.html"}


def test_a_site_with_no_marked_page_is_indexed_whole(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<html lang="en"><body><p>Home</p></body></html>', "utf-8")
    (site / "b.html").write_text('<html lang="en"><body><p>Bee</p></body></html>', "utf-8")

    stream = search_index.PageStream(site)
    stream.add_page("index.html", (site / "index.html").read_text("utf-8"))
    stream.finish()

    assert stream.wait() == 2
    assert set(fragments(site / "pagefind")) == {"/", "/b.html"}


def test_pagefind_that_fails_fails_the_build_saying_why(
    make_site: SiteMaker,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    import pagefind_bin

    stand_in = tmp_path / "pagefind"
    stand_in.write_text("#!/bin/sh\necho 'no index today' >&2\nexit 3\n", "utf-8")
    stand_in.chmod(0o755)
    monkeypatch.setattr(pagefind_bin, "get_executable", lambda: stand_in)

    with pytest.raises(Abort):
        build(make_site())

    assert re.search(r"Pagefind could not index .*exit status 3\)\nno index today", caplog.text)
