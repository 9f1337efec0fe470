"""After every build: nothing a page loads comes from another site, and nothing on a page
is something the Content-Security-Policy would block."""

from __future__ import annotations

import base64
import hashlib
import logging
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from generator.output_scan import ForeignResourceError, SiteScan, scan_site

from .conftest import MKDOCS_YML, OVERRIDES, SiteMaker, build

SITE = "https://rebound.example/"


def scan(
    html: str, tmp_path: Path, site_url: str | None = SITE, files: dict[str, str] | None = None
) -> SiteScan:
    site = tmp_path / "site"
    (site / "articles/x").mkdir(parents=True, exist_ok=True)
    (site / "articles/x/index.html").write_text(html, "utf-8")
    for name, text in (files or {}).items():
        path = site / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    return scan_site(site, site_url, {"articles/x/index.html": "content/articles/posts/x.md"})


def findings(
    html: str, tmp_path: Path, site_url: str | None = SITE, files: dict[str, str] | None = None
) -> str:
    with pytest.raises(ForeignResourceError) as raised:
        scan(html, tmp_path, site_url, files)
    return str(raised.value)


FOREIGN = [
    ('<script src="https://cdn.example/x.js"></script>', "script src"),
    ('<link rel="stylesheet" href="https://cdn.example/x.css">', "link href"),
    ('<link rel="icon" href="//cdn.example/favicon.ico">', "link href"),
    ('<link rel="preload" as="font" href="https://fonts.example/f.woff2">', "link href"),
    ('<link rel="manifest" href="https://cdn.example/m.json">', "link href"),
    ('<link rel="alternate stylesheet" href="https://cdn.example/x.css">', "link href"),
    ('<link rel="preconnect" href="https://cdn.example">', "link href"),
    ('<link href="https://cdn.example/x">', "link href"),
    ('<img src="https://tracker.example/p.gif" alt="">', "img src"),
    ("<img src=https://tracker.example/p.gif alt=''>", "img src"),
    ('<IMG SRC="HTTPS://tracker.example/p.gif">', "img src"),
    ('<img src="&#104;ttps://tracker.example/p.gif">', "img src"),
    ('<img src=" \thttps://tracker.example/p.gif">', "img src"),
    ('<img src="https:\\\\tracker.example/p.gif">', "img src"),
    ('<img src="a.png" srcset="a.png 1x, https://cdn.example/b.png 2x">', "img srcset"),
    ('<picture><source srcset="https://cdn.example/a.webp"></picture>', "source srcset"),
    ('<iframe src="https://video.example/embed/1"></iframe>', "iframe src"),
    ('<video src="https://cdn.example/v.mp4" poster="p.png"></video>', "video src"),
    ('<video src="v.mp4" poster="https://cdn.example/p.png"></video>', "video poster"),
    ('<audio src="https://cdn.example/a.mp3"></audio>', "audio src"),
    ('<video><track src="https://cdn.example/t.vtt"></video>', "track src"),
    ('<object data="https://cdn.example/x.swf"></object>', "object data"),
    ('<embed src="https://cdn.example/x.swf">', "embed src"),
    ('<input type="image" src="https://cdn.example/b.png" alt="Go">', "input src"),
    ('<svg><image href="https://cdn.example/i.png"/></svg>', "image href"),
    ('<svg><use xlink:href="https://cdn.example/s.svg#i"/></svg>', "use xlink:href"),
    ('<p style="background: url(https://cdn.example/bg.png)">x</p>', "p style"),
    ("<style>body { background: url('https://cdn.example/bg.png') }</style>", "style url()"),
    ('<style>@import "https://fonts.example/css";</style>', "style url()"),
    ("<style>p { background: \\75 rl(https://cdn.example/x.png) }</style>", "style url()"),
    ('<style>p { background: image-set("https://cdn.example/x.png" 1x) }</style>', "style url()"),
    ('<meta http-equiv="refresh" content="0; url=https://elsewhere.example/">', "meta refresh"),
    ('<base href="https://cdn.example/">', "base href"),
    ('<form action="https://collect.example/answers" method="post"></form>', "form action"),
    ('<button formaction="https://collect.example/">Send</button>', "button formaction"),
    ('<a href="https://example.org/" ping="https://tracker.example/">x</a>', "a ping"),
    ('<body background="https://cdn.example/bg.png"></body>', "body background"),
    ("<iframe srcdoc=\"<img src='https://cdn.example/x.png'>\"></iframe>", "iframe srcdoc"),
    ('<img src="file:///etc/passwd">', "img src"),
    ('<img src="http://127.0.0.1:8000/x.png">', "img src"),
    ('<script src="https:cdn.example/x.js"></script>', "script src"),
    ('<noscript><img src="https://tracker.example/p.gif"></noscript>', "img src"),
    # Tokenized as browsers do: a quote only opens a value after `=`, `<!-->` is a
    # whole comment, and a value's quote does not hide what follows the tag.
    ('<p "> <img src="https://cdn.example/x.png"> ">', "img src"),
    ('<img x=a"b src=https://cdn.example/x.png>', "img src"),
    ('<!--> <img src="https://cdn.example/x.png"> -->', "img src"),
    ('<!---> <img src="https://cdn.example/x.png"> -->', "img src"),
    ('<p title="a>b" style="background:url(//cdn.example/x.png)">x</p>', "p style"),
    ('<SCRIPT SRC="https://cdn.example/x.js"></SCRIPT>', "script src"),
    ('<img/src="https://cdn.example/x.png">', "img src"),
    ('<img src = "https://cdn.example/x.png">', "img src"),
]


@pytest.mark.parametrize(("html", "field"), FOREIGN)
def test_anything_loaded_from_another_site_fails_naming_page_line_and_field(
    tmp_path: Path, html: str, field: str
) -> None:
    message = findings(f"<!doctype html>\n<html>\n<body>\n{html}\n</body></html>", tmp_path)

    first = message.splitlines()[0]
    assert first.startswith(f"articles/x/index.html:4: {field}"), first
    assert first.endswith("(the page built from content/articles/posts/x.md)")


@pytest.mark.parametrize(
    ("html", "field", "says"),
    [
        ('<button onclick="go()">Go</button>', "button onclick", "inline event handler"),
        ('<img src="a.png" onerror="alert(1)">', "img onerror", "inline event handler"),
        ('<a href="javascript:alert(1)">x</a>', "a href", "javascript: link"),
        ('<a href=" JaVaScRiPt:alert(1)">x</a>', "a href", "javascript: link"),
        ('<iframe src="javascript:alert(1)"></iframe>', "iframe src", "javascript: URL"),
        ('<span style="color: red">x</span>', "span style", "an inline style"),
        ('<form action="javascript:alert(1)"></form>', "form action", "sends what readers type"),
    ],
)
def test_what_the_policy_would_block_fails_the_build_too(
    tmp_path: Path, html: str, field: str, says: str
) -> None:
    message = findings(html, tmp_path)

    assert message.startswith(f"articles/x/index.html:1: {field}: ")
    assert says in message.splitlines()[0]


@pytest.mark.parametrize(
    "html",
    [
        '<a href="https://example.org/guide">A guide elsewhere</a>',
        '<a href="mailto:team@rebound.invalid">Write</a>',
        '<img src="../../assets/a.png" srcset="../../assets/a.png 1x, a@2x.png 2x" alt="">',
        '<img src="data:image/png;base64,iVBORw0KGgo=" alt="">',
        '<link rel="canonical" href="https://rebound.example/articles/x/">',
        '<link rel="alternate" type="application/rss+xml" href="https://feeds.example/x.xml">',
        '<link rel="stylesheet" href="https://rebound.example/assets/x.css">',
        '<script src="/assets/javascripts/x.js"></script>',
        '<script type="application/ld+json">{"url": "https://schema.org/"}</script>',
        '<!-- <img src="https://cdn.example/old.png"> -->',
        '<!-- a --!> <!-- <img src="https://cdn.example/old.png"> -->',
        '<p data-src="https://cdn.example/lazy.png">Not loaded by the browser</p>',
        "<SCRIPT>var a = '<img src=https://cdn.example/x.png>';</SCRIPT>",
        '<form class="search" action="#"></form>',
        '<svg><use href="#icon"/></svg>',
        "<p>Plain text about https://cdn.example/x.png and url(https://x)</p>",
        '<style>p { background: url("data:image/svg+xml;utf8,'
        "<svg xmlns='http://www.w3.org/2000/svg'/>\") }</style>",
    ],
)
def test_links_own_files_and_inline_data_are_fine(tmp_path: Path, html: str) -> None:
    scan(html, tmp_path)


def test_without_a_public_address_every_absolute_url_is_another_site(tmp_path: Path) -> None:
    html = '<link rel="stylesheet" href="https://rebound.example/assets/x.css">'

    scan(html, tmp_path)
    assert "link href: loads https://rebound.example/assets/x.css from another site" in findings(
        html, tmp_path / "again", None
    )


def test_linked_stylesheets_are_read_too(tmp_path: Path) -> None:
    html = '<link rel="stylesheet" href="../../assets/site.css">'
    css = "p { color: red }\n@font-face { src: url(https://fonts.example/f.woff2) }\n"

    message = findings(html, tmp_path, files={"assets/site.css": css})

    assert message.startswith(
        "assets/site.css:2: url(): loads https://fonts.example/f.woff2 from another site"
    )


def test_every_finding_is_reported_at_once(tmp_path: Path) -> None:
    html = '<img src="https://a.example/1.png">\n<script src="https://b.example/2.js"></script>'

    lines = findings(html, tmp_path).splitlines()

    assert [line.split(":")[1] for line in lines[:2]] == ["1", "2"]
    assert lines[-1].startswith("The site loads nothing from other sites")


def test_inline_scripts_are_hashed_for_the_policy_and_data_blocks_are_not(
    tmp_path: Path,
) -> None:
    html = (
        "<script>var a = 1;</script>\n"
        '<script type="module">import "./x.js";</script>\n'
        '<script id="__config" type="application/json">{"base": ".."}</script>\n'
        '<script type="application/ld+json">{"@type": "Article"}</script>\n'
        '<script src="x.js"></script>\n'
        "<style>p { color: red }</style>"
    )

    found = scan(html, tmp_path)

    def sha(text: str) -> str:
        return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()

    assert found.script_hashes == {sha("var a = 1;"), sha('import "./x.js";')}
    assert found.style_hashes == {sha("p { color: red }")}
    assert found.pages == 1
    assert found.forms_submit is False


@pytest.mark.parametrize(
    ("html", "submits"),
    [
        ('<form action="#"></form>', False),
        ("<form></form>", False),
        ('<form method="post"></form>', True),
        ('<form action="/subscribe/"></form>', True),
    ],
)
def test_forms_that_submit_are_noticed(tmp_path: Path, html: str, submits: bool) -> None:
    assert scan(html, tmp_path).forms_submit is submits


def test_a_theme_that_loads_from_a_cdn_fails_the_build_naming_the_page(
    make_site: SiteMaker, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    overrides = tmp_path / "overrides"
    shutil.copytree(OVERRIDES, overrides)
    main = overrides / "main.html"
    main.write_text(
        main.read_text("utf-8").replace(
            "{% block extrahead %}",
            '{% block extrahead %}\n<script src="https://cdn.example/analytics.js"></script>',
        ),
        "utf-8",
    )
    root = make_site({"mkdocs.yml": MKDOCS_YML.replace(str(OVERRIDES), str(overrides))})

    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(root)

    assert (
        "articles/ask-for-feedback-you-can-use/index.html:" in caplog.text
        and ": script src: loads https://cdn.example/analytics.js from another site" in caplog.text
        and "(the page built from content/articles/posts/ask-for-feedback-you-can-use.md)"
        in caplog.text
    )
    assert "404.html:" in caplog.text
    assert "Traceback" not in caplog.text
