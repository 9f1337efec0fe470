"""Publishing: the site's address (SITE_URL), what a build without one prints, robots.txt,
the RSS feed's image, and a published build that holds no loopback address anywhere."""

from __future__ import annotations

import logging
import re
import zlib
from pathlib import Path

import feedparser
import pytest
from mkdocs.exceptions import Abort

from generator.cli import main
from generator.site_address import (
    SiteAddress,
    SiteAddressError,
    is_public,
    normalized,
    resolve,
    robots_txt,
)

from .conftest import PUBLIC_URL, SiteMaker, build

ARTICLE = "articles/ask-for-feedback-you-can-use/index.html"
WORKSHEET = "worksheets/ask-for-feedback/index.html"
# An address for a machine's own loopback interface, in any of the forms a URL can take.
LOOPBACK = re.compile(
    rb"(?i)(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\]|0\.0\.0\.0|\[::ffff:127\.)"
)
LOOPBACK_URL = re.compile(
    rb"(?i)(?:https?:)?//(?:127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\]|0\.0\.0\.0)"
)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/",
        "http://127.1.2.3/",
        "http://localhost:8000/",
        "http://LOCALHOST/",
        "http://rebound.localhost/",
        "http://[::1]:8000/",
        "http://[::ffff:127.0.0.1]/",
        "http://0.0.0.0:8000/",
        None,
        "",
    ],
)
def test_loopback_and_missing_addresses_are_not_public(url: str | None) -> None:
    assert not is_public(url)


@pytest.mark.parametrize(
    "url", ["https://rebound.example/", "https://user.github.io/rebound/", "http://10.0.0.5/"]
)
def test_other_addresses_are_public(url: str) -> None:
    assert is_public(url)


def test_site_url_from_the_environment_wins_and_ends_in_a_slash() -> None:
    address = resolve("http://127.0.0.1:8000/", {"SITE_URL": "https://user.github.io/rebound"})

    assert address == SiteAddress(
        "https://user.github.io/rebound/", "https://user.github.io/rebound/", "SITE_URL"
    )
    assert address.path == "/rebound/"
    assert resolve("http://127.0.0.1:8000/", {}).public is None
    assert resolve(None, {"SITE_URL": "  "}) == SiteAddress(None, None, "site_url in mkdocs.yml")


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("rebound.example", "is not a web address"),
        ("ftp://rebound.example/", "is not a web address"),
        ("https://", "is not a web address"),
        ("https://rebound.example:port/", "is not a web address"),
        (
            'https://rebound.example/"><script>',
            "has characters an address cannot have (spaces, quotes, < or >)",
        ),
        (
            "https://rebound.example/\nX-Evil: 1",
            "has characters an address cannot have (spaces, quotes, < or >)",
        ),
        ("https://user:secret@rebound.example/", "holds a user name or password"),
        ("https://rebound.example/?q=1", "has a ?query or #fragment"),
        ("https://rebound.example/#top", "has a ?query or #fragment"),
    ],
)
def test_a_site_url_that_is_not_an_address_is_refused(url: str, problem: str) -> None:
    with pytest.raises(SiteAddressError) as raised:
        normalized(url)

    assert str(raised.value) == (
        f"SITE_URL: {url!r} {problem}; give the site's address, like https://rebound.example/"
    )


def test_robots_txt_names_the_sitemap_only_for_a_public_address() -> None:
    public = resolve(None, {"SITE_URL": "https://rebound.example/"})

    assert robots_txt(public) == (
        "User-agent: *\nDisallow:\n\nSitemap: https://rebound.example/sitemap.xml\n"
    )
    assert robots_txt(resolve("http://127.0.0.1:8000/", {})) is None


def test_a_default_build_prints_no_address_to_readers(
    make_site: SiteMaker, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        site = build(make_site())

    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".pdf", ".txt", ""):
            assert not LOOPBACK.search(_readable(path)), path
    for pdf in site.rglob("*.pdf"):
        assert b"unpublished.invalid" not in _readable(pdf), pdf
    article = (site / ARTICLE).read_text("utf-8")
    assert 'rel="canonical"' not in article
    assert "og:url" not in article
    assert "application/rss+xml" not in article
    # Instant navigation needs the sitemap; without it pages load the ordinary way.
    assert "navigation.instant" not in article
    assert "Fill it in online:" not in (site / WORKSHEET).read_text("utf-8")
    for absent in ("sitemap.xml", "sitemap.xml.gz", "robots.txt", "feed_rss_created.xml"):
        assert not (site / absent).exists(), absent
    notes = [r.getMessage() for r in caplog.records if "no public address" in r.getMessage()]
    assert notes == [
        "rebound: The site has no public address yet "
        "(http://127.0.0.1:8000/ is a loopback address), so pages, worksheets and PDFs "
        "print none, and there is no feed, sitemap or "
        "robots.txt. Give it one for a build with SITE_URL=https://rebound.example/ rebound "
        "build, or set site_url in mkdocs.yml."
    ]


def test_a_site_url_in_the_environment_is_the_address_of_every_page(
    make_site: SiteMaker, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv("SITE_URL", "https://user.github.io/rebound")

    with caplog.at_level(logging.INFO):
        site = build(make_site())

    base = "https://user.github.io/rebound/"
    article = (site / ARTICLE).read_text("utf-8")
    assert f'<link rel="canonical" href="{base}articles/ask-for-feedback-you-can-use/">' in article
    assert f'content="{base}articles/ask-for-feedback-you-can-use/"' in article
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert locs and all(loc.startswith(base) for loc in locs)
    assert (site / "robots.txt").read_text("utf-8").endswith(f"Sitemap: {base}sitemap.xml\n")
    assert f'Fill it in online: <a href="{base}checklists/ask-for-feedback/">' in (
        site / WORKSHEET
    ).read_text("utf-8")
    # The 404 page is served at any depth: its links start from the site's own path.
    not_found = (site / "404.html").read_text("utf-8")
    assert 'href="/rebound/assets/stylesheets/' in not_found
    assert "no public address" not in caplog.text


def test_the_preview_keeps_its_own_address_for_instant_navigation(make_site: SiteMaker) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    root = make_site()
    config = load_config(config_file=str(root / "mkdocs.yml"), site_dir=str(root / "preview"))
    config.plugins.on_startup(command="serve", dirty=False)
    mkdocs_build(config, serve_url="http://127.0.0.1:8000/")

    assert "<loc>http://127.0.0.1:8000/" in (root / "preview/sitemap.xml").read_text("utf-8")
    assert "Fill it in online:" not in (root / "preview" / WORKSHEET).read_text("utf-8")


def test_a_bad_site_url_stops_the_build_and_the_command(
    make_site: SiteMaker,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = make_site()
    monkeypatch.setenv("SITE_URL", "rebound.example")

    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(root)
    code = main(["--config-file", str(root / "mkdocs.yml"), "build"])

    message = "SITE_URL: 'rebound.example' is not a web address; give the site's address"
    assert message in caplog.text
    assert code == 2
    assert capsys.readouterr().err.startswith(f"rebound: error: {message}")
    assert not (root / "site").exists()


def test_the_feed_has_a_channel_image_at_the_site_address(real_site: Path) -> None:
    text = (real_site / "feed_rss_created.xml").read_text("utf-8")
    feed = feedparser.parse(text.encode("utf-8"))

    assert "None" not in text
    assert feed.feed.image.href == PUBLIC_URL + "assets/images/rebound-feed.png"
    assert (real_site / "assets/images/rebound-feed.png").read_bytes().startswith(b"\x89PNG")


def test_a_published_build_holds_no_loopback_address_anywhere(real_site: Path) -> None:
    checked = {"html": 0, "xml": 0, "pdf": 0, "_headers": 0, "robots.txt": 0}
    for path in sorted(real_site.rglob("*")):
        if not path.is_file():
            continue
        kind = path.suffix.lstrip(".") if path.suffix else path.name
        if kind in checked or path.name in checked:
            checked[path.name if path.name in checked else kind] += 1
            assert not LOOPBACK.search(_readable(path)), path
        else:
            # Everything else (scripts, stylesheets, source maps, search index): no
            # loopback URL. The theme's source map mentions `127.0.0.1` in a comment.
            assert not LOOPBACK_URL.search(_readable(path)), path
    assert checked["html"] > 30 and checked["pdf"] == 6 and checked["xml"] >= 3, checked
    assert checked["_headers"] == checked["robots.txt"] == 1


def _readable(path: Path) -> bytes:
    """A file's bytes, decompressed: gzip files whole, and every stream of a PDF (pages,
    annotations, metadata, fonts), so an address inside one is found too."""
    data = path.read_bytes()
    if data.startswith(b"\x1f\x8b"):  # gzip: sitemap.xml.gz, Pagefind's index files
        return zlib.decompress(data, 16 + zlib.MAX_WBITS)
    if path.suffix != ".pdf":
        return data
    from pypdf import PdfReader

    reader = PdfReader(path)
    parts = [data]
    for number in range(1, reader.trailer["/Size"]):
        try:
            obj = reader.get_object(number)
        except Exception:
            continue
        if hasattr(obj, "get_data"):
            parts.append(obj.get_data())
        parts.append(repr(obj).encode("utf-8", "replace"))
    return b"\n".join(parts)
