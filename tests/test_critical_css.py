"""The first screen's CSS (generator/critical_css.py) and how pages load their stylesheets.

The rules: what a first screen needs is kept, what comes later or needs the reader
is not; the pages carry it inline, allowed by its hash, and link the full
stylesheets (one joined file) where they block nothing on a phone.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest

from generator import critical_css
from generator.critical_css import (
    FirstScreen,
    join_stylesheets,
    palette_of,
    site_styles,
    site_stylesheets,
)

from .conftest import SiteMaker, build, public_address

PALETTE = palette_of(
    [
        {"scheme": "default", "primary": "custom", "accent": "deep orange"},
        {"scheme": "slate", "primary": "custom", "accent": "deep orange"},
    ]
)


def first_screen(css: str, *kinds: str) -> str:
    return FirstScreen([css], PALETTE).css(kinds)


def test_the_page_frame_is_kept_and_what_comes_later_is_not() -> None:
    css = """
    .md-header { position: sticky; top: 0 }
    .md-typeset h1 { font-size: 2em }
    .md-typeset table:not([class]) { display: table }
    .md-typeset .admonition { border: 1px solid }
    .md-footer { color: red }
    """

    kept = first_screen(css)

    assert ".md-header{position:sticky;top:0}" in kept
    assert ".md-typeset h1{font-size:2em}" in kept
    assert "table" not in kept
    assert "admonition" not in kept
    assert "md-footer" not in kept


def test_a_block_lists_only_the_elements_a_first_screen_shows() -> None:
    css = """
    .rebound-search__input { width: 8rem }
    .rebound-search__results { margin: 0 }
    """

    kept = first_screen(css)

    assert ".rebound-search__input{width:8rem}" in kept
    assert "results" not in kept


def test_a_kind_of_page_adds_its_own_blocks() -> None:
    css = ".md-typeset .rebound-start { padding: 1rem } .md-post { margin: 0 }"

    assert "rebound-start" not in first_screen(css)
    assert ".md-typeset .rebound-start{padding:1rem}" in first_screen(css, "home")
    assert "md-post" not in first_screen(css, "home")
    assert ".md-post{margin:0}" in first_screen(css, "listing")


def test_only_the_selectors_of_a_list_that_can_match_stay() -> None:
    kept = first_screen(".md-header, .md-header:hover, .admonition { color: red }")

    assert kept == ".md-header{color:red}"


def test_rules_that_need_the_reader_or_the_themes_script_wait() -> None:
    css = """
    .md-header__button:focus-visible { outline: 2px solid }
    .md-header:hover { opacity: .7 }
    .md-header--shadow { box-shadow: 0 0 1px }
    [data-md-toggle=drawer]:checked ~ .md-overlay { width: 100% }
    .md-header { transition: opacity .25s; cursor: pointer; color: red }
    """

    assert first_screen(css) == ".md-header{color:red}"


def test_right_to_left_rules_and_palettes_the_site_does_not_use_are_left_out() -> None:
    css = """
    [dir=rtl] .md-header { left: 0 }
    [dir=ltr] .md-header { right: 0 }
    [data-md-color-primary=indigo] { --md-primary-fg-color: #4051b5 }
    [data-md-color-primary=custom] { --md-primary-fg-color: #00695c }
    [data-md-color-scheme=slate] { --md-default-bg-color: #222 }
    .md-header { color: var(--md-primary-fg-color); background: var(--md-default-bg-color) }
    """

    kept = first_screen(css)

    assert "rtl" not in kept
    assert "[dir=ltr] .md-header{right:0}" in kept
    assert "indigo" not in kept
    assert "[data-md-color-primary=custom]{--md-primary-fg-color:#00695c}" in kept
    assert "[data-md-color-scheme=slate]{--md-default-bg-color:#222}" in kept


def test_only_the_custom_properties_the_kept_rules_use_remain() -> None:
    css = """
    :root {
      --md-hue: 225deg;
      --md-default-fg-color: hsla(var(--md-hue), 15%, 90%, .82);
      --md-admonition-icon--note: url('data:image/svg+xml;charset=utf-8,<svg/>');
      --md-code-bg-color: #f5f5f5;
    }
    .md-header { color: var(--md-default-fg-color) }
    .md-typeset code { background: var(--md-code-bg-color) }
    """

    kept = first_screen(css)

    assert "--md-default-fg-color:" in kept
    assert "--md-hue:225deg" in kept  # used through --md-default-fg-color
    assert "admonition" not in kept
    assert "--md-code-bg-color" not in kept


def test_media_queries_for_wide_screens_and_print_are_left_to_the_full_css() -> None:
    css = """
    @media screen and (max-width: 76.234375em) { .md-tabs { display: none } }
    @media screen and (min-width: 60em) { .md-sidebar--secondary { display: block } }
    @media screen and (min-width: 44.984375em) { .md-header { height: 3rem } }
    @media print { .md-header { display: none } }
    @media screen and (min-width: 76.25em) { .md-tabs { display: block } }
    """

    kept = first_screen(css)

    assert kept == (
        "@media screen and (max-width: 76.234375em){.md-tabs{display:none}}"
        "@media screen and (min-width: 44.984375em){.md-header{height:3rem}}"
    )


def test_the_css_never_closes_its_style_element_and_keeps_the_spaces_calc_needs() -> None:
    css = """
    .md-header::after { content: "</style><script>alert(1)</script>" }
    .md-header { width: calc(100% - 2rem) }
    """

    kept = first_screen(css)

    assert "</" not in kept
    assert "calc(100% - 2rem)" in kept


def test_palette_defaults_follow_the_theme() -> None:
    palette = palette_of(None)

    assert palette.allows("scheme", "default")
    assert palette.allows("primary", "indigo")
    assert not palette.allows("primary", "custom")
    assert palette_of({"primary": "deep orange"}).allows("primary", "deep-orange")


def test_stylesheets_are_joined_in_order_beside_the_originals() -> None:
    paths = [
        "assets/stylesheets/main.1234abcd.min.css",
        "assets/stylesheets/rebound.css",
        "extra/elsewhere.css",
        "assets/stylesheets/print.css",
    ]
    texts = {
        "assets/stylesheets/main.1234abcd.min.css": ".a{color:red}\n/*# sourceMappingURL=x.map*/",
        "assets/stylesheets/rebound.css": "/* a comment */\n.b {\n  color: blue;\n}\n",
        "extra/elsewhere.css": ".c{}",
        "assets/stylesheets/print.css": "@media print { .d { display: none } }",
    }

    joined = join_stylesheets(paths, texts)

    assert re.fullmatch(r"assets/stylesheets/site\.[0-9a-f]{8}\.min\.css", joined.path)
    assert joined.links == [joined.path, "extra/elsewhere.css"]
    assert joined.text.index(".a{color:red}") < joined.text.index(".b") < joined.text.index(".d")
    assert "comment" not in joined.text
    assert "sourceMappingURL" not in joined.text
    assert ".c{}" not in joined.text
    assert join_stylesheets(paths, texts).path == joined.path  # named by its content
    changed = {**texts, "assets/stylesheets/print.css": ".d{}"}
    assert join_stylesheets(paths, changed).path != joined.path


def test_the_themes_stylesheets_are_found_by_their_hashed_names(tmp_path: Path) -> None:
    theme = tmp_path / "theme"
    (theme / "assets/stylesheets").mkdir(parents=True)
    (theme / "assets/stylesheets/main.0123abcd.min.css").write_text("", "utf-8")
    (theme / "assets/stylesheets/palette.4567cdef.min.css").write_text("", "utf-8")

    found = site_stylesheets([str(tmp_path / "overrides"), str(theme)], ["x.css"], palette=True)

    assert found == [
        "assets/stylesheets/main.0123abcd.min.css",
        "assets/stylesheets/palette.4567cdef.min.css",
        "x.css",
    ]
    assert "palette" not in " ".join(site_stylesheets([str(theme)], [], palette=False))


def test_a_build_reads_the_stylesheets_again_only_when_they_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = ["assets/stylesheets/rebound.css"]
    texts = {"assets/stylesheets/rebound.css": ".md-header { color: red }"}
    cache = tmp_path / "first-screen"
    made = site_styles(paths, texts, None, cache)

    class Unread:
        def __init__(self, *args: object) -> None:
            raise AssertionError("read again")

    monkeypatch.setattr(critical_css, "FirstScreen", Unread)
    again = site_styles(paths, texts, None, cache)

    assert again == made
    assert made.first_screen() == ".md-header{color:red}"
    assert made.first_screen("home") == made.first_screen()
    assert len(list(cache.iterdir())) == 1
    changed = {"assets/stylesheets/rebound.css": ".md-header { color: blue }"}
    with pytest.raises(AssertionError, match="read again"):
        site_styles(paths, changed, None, cache)


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", "utf-8")
    texts = {"assets/stylesheets/rebound.css": ".md-header { color: red }"}

    styles = site_styles(list(texts), texts, None, blocked / "first-screen")

    assert styles.first_screen() == ".md-header{color:red}"


def _csp_hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def _policy(site: Path) -> str:
    headers = (site / "_headers").read_text("utf-8")
    return re.search(r"Content-Security-Policy: (.*)", headers).group(1)


def test_pages_carry_the_first_screen_inline_and_block_nothing_on_a_phone(
    make_site: SiteMaker,
) -> None:
    with public_address():
        site = build(make_site())
    pages = ["index.html", "articles/ask-for-feedback-you-can-use/index.html"]
    pages += ["checklists/ask-for-feedback/index.html", "404.html"]
    policy = _policy(site)
    style_src = re.search(r"style-src ([^;]*)", policy).group(1)
    script_src = re.search(r"script-src ([^;]*)", policy).group(1)

    for name in pages:
        html = (site / name).read_text("utf-8")
        head, body = html.split("</head>", 1)
        styles = re.findall(r"<style>(.*?)</style>", head, re.DOTALL)
        assert len(styles) == 1, name
        assert ".md-header{" in styles[0], name
        assert f"'{_csp_hash(styles[0])}'" in style_src, name
        # In <head>: the full stylesheets only for wide screens (no blocking on a phone).
        head_links = re.findall(r"<link rel=\"stylesheet\"[^>]*>", head)
        assert head_links, name
        assert all('media="(min-width: 60em)"' in link for link in head_links), name
        # At the end of <body>: the same files for every other screen, before the scripts.
        body_links = re.findall(r"<link rel=\"stylesheet\"[^>]*>", body)
        assert [
            link.replace('media="not all and (min-width: 60em)"', "") for link in body_links
        ] == [link.replace('media="(min-width: 60em)"', "") for link in head_links], name
        assert body.index('<link rel="stylesheet"') < body.index("bundle."), name
        # The joined file, which holds our stylesheets too (extra_css is not linked apart).
        href = re.search(r'href="([^"]*site\.[0-9a-f]{8}\.min\.css)"', head_links[0]).group(1)
        # (The 404 page links from the site's root: it is served at any depth.)
        target = site / href.lstrip("/") if href.startswith("/") else (site / name).parent / href
        assert target.resolve().is_file(), name
        assert "rebound.css" not in html, name
        # The storage helpers run inline, before the theme's scripts, allowed by hash.
        storage = re.search(r"<script data-scope=\"[^\"]*\">(.*?)</script>", head, re.DOTALL)
        assert storage and "__md_get" in storage.group(1), name
        assert f"'{_csp_hash(storage.group(1))}'" in script_src, name

    joined = next((site / "assets/stylesheets").glob("site.*.min.css")).read_text("utf-8")
    assert ".rebound-checklist" in joined  # ours
    assert ".md-header{" in joined  # the theme's


def test_each_kind_of_page_gets_the_first_screen_of_its_kind(make_site: SiteMaker) -> None:
    site = build(make_site())

    def style(name: str) -> str:
        html = (site / name).read_text("utf-8")
        return re.search(r"<style>(.*?)</style>", html, re.DOTALL).group(1)

    article = style("articles/ask-for-feedback-you-can-use/index.html")
    checklist = style("checklists/ask-for-feedback/index.html")
    listing = style("articles/index.html")

    assert "rebound-checklist" not in article
    assert "rebound-checklist" in checklist
    assert ".md-post" in listing
    assert ".md-post" not in article
    # Four kinds at most here, so the policy lists a few hashes, not one per page.
    assert len({article, checklist, listing, style("index.html")}) == 4
