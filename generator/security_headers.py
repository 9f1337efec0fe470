"""The HTTP headers a static host should send with the site, written as `site/_headers`.

Netlify and Cloudflare Pages read `_headers` from the published folder; the README
shows the same headers for nginx and Caddy. The Content-Security-Policy is made
from the pages this build wrote (`output_scan`): scripts only from the site itself
plus the theme's few inline scripts, allowed by their SHA-256 hashes, so a script
that slips into content cannot run. Data blocks (`__config` JSON, articles'
JSON-LD) are never run by a browser, so the policy has nothing to allow there.

Rules never overlap on a header: `/*` carries the security headers; HTML pages get
`no-cache` and the theme's hashed files a year, each by their own paths, because
hosts join the values of a header that two matching rules both set.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from .output_scan import SiteScan

HEADERS_FILE = "_headers"
# Cloudflare Pages reads at most 100 rules, and lines of at most 2,000 characters.
MAX_RULES = 100
MAX_LINE = 2000

NO_CACHE = "no-cache"
IMMUTABLE = "public, max-age=31536000, immutable"
# mkdocs-material names its bundles by content (`bundle.a5f9d56c.min.js`); Pagefind
# names its index chunks and fragments by content too. A changed file gets a new name.
_HASHED_ASSET = re.compile(r"\.[0-9a-f]{8,}\.min\.(?:js|css)$")
_HASHED_FOLDERS = ("pagefind/fragment", "pagefind/index")

# Browser features the site never uses, turned off for every page (and anything
# that might ever be injected into one). Only names Chromium knows: an unknown name
# is a console error on every page.
UNUSED_FEATURES = (
    "accelerometer",
    "autoplay",
    "browsing-topics",
    "camera",
    "display-capture",
    "encrypted-media",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
)


class HeadersError(Exception):
    """The headers cannot be written as hosts read them; the message says why."""


@dataclass(frozen=True)
class Rule:
    """Headers for the paths matching `path` (`/*`, `/assets/x.js`)."""

    path: str
    headers: tuple[tuple[str, str], ...]


def content_security_policy(scan: SiteScan) -> str:
    """The policy for every page: nothing from elsewhere, no inline script but the theme's.

    `'wasm-unsafe-eval'` lets search compile Pagefind's WebAssembly; it allows no
    JavaScript `eval`. `style-src` has no `'unsafe-inline'`: the build refuses
    inline `style` attributes (the theme writes none and sets its styles through
    the CSSOM, which a policy does not govern), and `<style>` elements are allowed
    by hash. `data:` images are the theme's icons, drawn from CSS.
    """
    scripts = " ".join(f"'{source}'" for source in sorted(scan.script_hashes))
    styles = " ".join(f"'{source}'" for source in sorted(scan.style_hashes))
    directives = [
        "default-src 'self'",
        f"script-src 'self' {scripts} 'wasm-unsafe-eval'".replace("  ", " "),
        f"style-src 'self' {styles}".rstrip(),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "media-src 'self'",
        "object-src 'none'",
        "frame-src 'none'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "base-uri 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'" if scan.forms_submit else "form-action 'none'",
    ]
    return "; ".join(directives)


def permissions_policy() -> str:
    return ", ".join(f"{feature}=()" for feature in UNUSED_FEATURES)


def security_headers(scan: SiteScan) -> tuple[tuple[str, str], ...]:
    """The headers every response gets."""
    return (
        ("Content-Security-Policy", content_security_policy(scan)),
        ("X-Content-Type-Options", "nosniff"),
        # The privacy promise: following a link tells the other site nothing.
        ("Referrer-Policy", "no-referrer"),
        ("Permissions-Policy", permissions_policy()),
        ("Cross-Origin-Opener-Policy", "same-origin"),
        # frame-ancestors, for browsers that predate it.
        ("X-Frame-Options", "DENY"),
    )


def rules(scan: SiteScan, site_dir: Path, base_path: str = "/") -> list[Rule]:
    """Every rule of the headers file, for a site served under `base_path`.

    Arguments:
        site_dir: the built site, whose hashed files get long-lived caching.
    """
    base = base_path if base_path.endswith("/") else base_path + "/"
    no_cache = (("Cache-Control", NO_CACHE),)
    immutable = (("Cache-Control", IMMUTABLE),)
    found = [
        Rule(base + "*", security_headers(scan)),
        # HTML: the folder URLs (`/`, `/articles/x/`) and the files themselves (`/404.html`).
        Rule(base, no_cache),
        Rule(base + "*/", no_cache),
        Rule(base + "*.html", no_cache),
    ]
    found += [Rule(base + path, immutable) for path in hashed_files(site_dir)]
    return found


def hashed_files(site_dir: Path) -> Iterator[str]:
    """Paths (relative to the site, or folder patterns) whose names change with their content."""
    assets = site_dir / "assets"
    if assets.is_dir():
        for path in sorted(assets.rglob("*")):
            if path.is_file() and _HASHED_ASSET.search(path.name):
                yield path.relative_to(site_dir).as_posix()
    for folder in _HASHED_FOLDERS:
        if (site_dir / folder).is_dir():
            yield folder + "/*"


def headers_file(found: Sequence[Rule]) -> str:
    """The `_headers` text: each path, then its headers indented below it.

    Raises:
        HeadersError: when hosts would cut it short (too many rules, too long a line).
    """
    if len(found) > MAX_RULES:
        raise HeadersError(
            f"{HEADERS_FILE}: {len(found)} rules, more than the {MAX_RULES} hosts read"
        )
    lines = [
        "# Written by every Rebound build: the headers to send with this site.",
        "# Read by Netlify and Cloudflare Pages; see the README for nginx and Caddy.",
    ]
    for rule in found:
        lines.append(rule.path)
        lines.extend(f"  {name}: {value}" for name, value in rule.headers)
    for line in lines:
        if len(line) > MAX_LINE:
            raise HeadersError(
                f"{HEADERS_FILE}: a line of {len(line)} characters, more than the {MAX_LINE} "
                "hosts read; too many different inline scripts: move them into files"
            )
    return "\n".join(lines) + "\n"


def write_headers_file(site_dir: Path, scan: SiteScan, base_path: str = "/") -> Path:
    """Write `_headers` into the built site, replacing any copied from the content folder.

    Raises:
        HeadersError: see `headers_file`.
    """
    target = site_dir / HEADERS_FILE
    target.write_text(headers_file(rules(scan, site_dir, base_path)), "utf-8")
    return target
