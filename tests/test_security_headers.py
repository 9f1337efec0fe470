"""The headers file every build writes (`site/_headers`), as Netlify and Cloudflare read it."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.output_scan import SiteScan
from generator.security_headers import (
    IMMUTABLE,
    HeadersError,
    content_security_policy,
    headers_file,
    rules,
)

from .browser import read_headers_file
from .conftest import SiteMaker, build


def directives(policy: str) -> dict[str, list[str]]:
    parts = [part.split() for part in policy.split(";")]
    return {words[0]: words[1:] for words in parts}


def test_the_policy_allows_only_the_site_and_the_scripts_it_knows() -> None:
    scan = SiteScan(script_hashes={"sha256-b", "sha256-a"}, style_hashes={"sha256-s"})

    policy = directives(content_security_policy(scan))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", "'sha256-a'", "'sha256-b'", "'wasm-unsafe-eval'"]
    assert policy["style-src"] == ["'self'", "'sha256-s'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["form-action"] == ["'none'"]
    assert not any("unsafe-inline" in value for values in policy.values() for value in values)
    assert not any("'unsafe-eval'" in values for values in policy.values())


def test_a_form_that_submits_may_submit_to_the_site() -> None:
    policy = directives(content_security_policy(SiteScan(forms_submit=True)))

    assert policy["form-action"] == ["'self'"]


def test_hashed_theme_files_are_kept_a_year_and_pages_revalidate(tmp_path: Path) -> None:
    for name in (
        "assets/javascripts/bundle.a5f9d56c.min.js",
        "assets/stylesheets/main.57a0d79d.min.css",
        "assets/javascripts/checklist.js",
        "pagefind/fragment/en_1234.pf_fragment",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x", "utf-8")

    found = {rule.path: dict(rule.headers) for rule in rules(SiteScan(), tmp_path, "/rebound/")}

    assert "Content-Security-Policy" in found["/rebound/*"]
    assert "Cache-Control" not in found["/rebound/*"]
    for page in ("/rebound/", "/rebound/*/", "/rebound/*.html"):
        assert found[page] == {"Cache-Control": "no-cache"}
    for hashed in (
        "/rebound/assets/javascripts/bundle.a5f9d56c.min.js",
        "/rebound/assets/stylesheets/main.57a0d79d.min.css",
        "/rebound/pagefind/fragment/*",
    ):
        assert found[hashed] == {"Cache-Control": IMMUTABLE}
    assert not any("checklist.js" in path for path in found)


def test_too_many_inline_scripts_for_hosts_to_read_stops_the_build(tmp_path: Path) -> None:
    scan = SiteScan(script_hashes={f"sha256-{n:044d}" for n in range(40)})

    with pytest.raises(HeadersError, match="move them into files"):
        headers_file(rules(scan, tmp_path))


def test_every_build_writes_headers_whose_hashes_are_the_pages_inline_scripts(
    make_site: SiteMaker,
) -> None:
    site = build(make_site())

    headers = read_headers_file(site / "_headers")
    everything = dict(next(h for pattern, h in headers if pattern.pattern.startswith("/.*")))
    policy = directives(everything["Content-Security-Policy"])
    hashes = [source for source in policy["script-src"] if source.startswith("'sha256-")]
    # mkdocs-material's two inline scripts (palette, anchor target) and its storage
    # helpers (ours, partials/javascripts/base.html), the same on every page.
    assert len(hashes) == 3
    assert everything["Referrer-Policy"] == "no-referrer"
    assert everything["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in everything["Permissions-Policy"]
    assert (site / "_headers").read_text("utf-8").startswith("# Written by every Rebound build")
