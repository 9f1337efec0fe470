"""One reader of URLs for both safety checks: a browser's, and a wider one for authors.

The output scan reads URLs as the WHATWG URL parser does; the body check reads
them wider (every control character and space dropped anywhere), and must find
every scheme and every load from elsewhere that the browser's reading finds.
"""

from __future__ import annotations

import random

import pytest

from generator.content.urls import (
    browser_url,
    is_foreign,
    loads_from_elsewhere,
    origin_of,
    url_scheme,
)

SITE = ("https", "rebound.example", 443)


@pytest.mark.parametrize(
    ("url", "read"),
    [
        ("  https://x.example/a ", "https://x.example/a"),
        ("\x00\x1f//x.example", "//x.example"),
        ("java\tscr\nipt:alert(1)", "javascript:alert(1)"),
        ("\\\\x.example\\a.png", "//x.example/a.png"),
        ("java script:x", "java script:x"),  # a space inside stays: no scheme
    ],
)
def test_a_url_is_read_as_a_browser_reads_it(url: str, read: str) -> None:
    assert browser_url(url) == read


@pytest.mark.parametrize(
    ("url", "browser", "wide"),
    [
        ("https://x.example", "https", "https"),
        ("JavaScript:alert(1)", "javascript", "javascript"),
        (" \tjava\nscript:alert(1)", "javascript", "javascript"),
        ("java script:alert(1)", None, "javascript"),
        ("java\x01script:alert(1)", None, "javascript"),
        ("java\u017fcript:alert(1)", None, "java\u017fcript"),  # long s: re.IGNORECASE
        ("../a.md", None, None),
        ("a/b:c", None, None),
        ("1http:x", None, None),
    ],
)
def test_the_scheme_each_reading_finds(url: str, browser: str | None, wide: str | None) -> None:
    assert url_scheme(url) == browser
    assert url_scheme(url, wide=True) == wide


ALPHABET = [*"ajvscript:htp/\\.-+1 \t\n\r\x00\x01\x0b\x1f\x7f", "\u017f", "data", "//"]


@pytest.mark.parametrize("seed", range(3))
def test_the_wide_reading_finds_whatever_the_browser_reading_finds(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(5000):
        url = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 16)))
        scheme = url_scheme(url)
        if scheme is not None:
            assert url_scheme(url, wide=True) == scheme, repr(url)
        if is_foreign(url, SITE) or is_foreign(url, None):
            assert loads_from_elsewhere(url), repr(url)


@pytest.mark.parametrize(
    ("url", "foreign"),
    [
        ("https://cdn.example/a.png", True),
        ("//cdn.example/a.png", True),
        ("https://rebound.example/a.png", False),
        ("//rebound.example/a.png", False),
        ("HTTPS://REBOUND.EXAMPLE:443/a.png", False),
        ("https://rebound.example:8443/a.png", True),
        ("data:image/png;base64,AAAA", False),  # in the page: nothing is requested
        ("javascript:alert(1)", True),
        ("https:cdn.example/a.png", True),  # no '//': not read as the site's own
        ("../assets/a.png", False),
        (" \t//cdn.example/a.png", True),
    ],
)
def test_what_a_built_page_loads_from_another_site(url: str, foreign: bool) -> None:
    assert is_foreign(url, SITE) == foreign


@pytest.mark.parametrize(
    ("url", "elsewhere"),
    [
        ("https://rebound.example/a.png", True),  # a body refers to files by relative path
        ("data:image/png;base64,AAAA", True),
        ("/\x01/cdn.example/a.png", True),  # wide: the control is dropped
        ("\\\\cdn.example/a.png", True),
        ("../../assets/a.png", False),
        ("assets/a:b.png", False),
    ],
)
def test_what_a_body_may_not_load(url: str, elsewhere: bool) -> None:
    assert loads_from_elsewhere(url) == elsewhere


def test_an_origin_is_scheme_host_and_port() -> None:
    assert origin_of("https://Rebound.Example./x") == SITE
    assert origin_of("http://rebound.example:8000/") == ("http", "rebound.example", 8000)
    assert origin_of("/relative") is None
    assert origin_of("https://[::1") is None
