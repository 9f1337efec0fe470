"""How the safety checks read a URL: as a browser does, and wider where authors write.

Two checks decide what a URL does. The body-safety check (`body_safety`) reads
the URLs an author's Markdown renders to; the output scan (`output_scan`) reads
every URL in every page the build wrote, the theme's and plugins' included. Each
used to carry its own reader, with different rules. They share this one, and
keep one difference on purpose:

- `browser_url` and `url_scheme(url)` read a URL exactly as the WHATWG URL
  parser, which every current browser follows, begins: control characters and
  spaces at either end dropped, tabs and newlines dropped anywhere, `\\` read as
  `/`; then a scheme is ASCII letters, digits, `+`, `-` and `.`, and a colon.
  The output scan reads this way: it checks HTML no author wrote, and must not
  fail a build over a URL that loads nothing.
- `url_scheme(url, wide=True)` drops every control character and space
  *anywhere*, and reads the scheme with `re.IGNORECASE`, which also takes the
  four non-ASCII letters it folds to ASCII (see `caseless`). No current browser
  reads `java script:` or `java\\x01script:` as `javascript:`, but older ones
  have dropped such characters, and no author needs a URL on which the two
  readings differ, so the body check refuses on the wider one. It finds every
  scheme the browser reading finds, and the same one
  (`tests/test_urls.py`).

What counts as loading from elsewhere differs by design too: in a page body, any
URL with a scheme (a `data:` URL included) or starting `//` is refused
(`loads_from_elsewhere`): authors put files in the content folder. In the built
pages, a `data:` URL loads nothing and a URL on the site's own origin is the
site's (`is_foreign`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

Origin = tuple[str, str, int]
"""(scheme, host, port) of a site: `("https", "example.org", 443)`."""

_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_TABS_AND_NEWLINES = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]*):")
# The wide reading: every control character and space dropped, anywhere.
_WIDE_IGNORED = re.compile(r"[\x00-\x20\x7f]")
_WIDE_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def browser_url(url: str) -> str:
    """A URL as a browser reads it: outer spaces and controls, tabs and newlines gone,
    backslashes as slashes."""
    return url.strip(_C0_AND_SPACE).translate(_TABS_AND_NEWLINES).replace("\\", "/")


def url_scheme(url: str, *, wide: bool = False) -> str | None:
    """The URL's scheme in lower case (`javascript`), or None for a relative URL.

    Arguments:
        wide: read as the body check does (see the module's docstring).
    """
    if wide:
        match = _WIDE_SCHEME.match(_WIDE_IGNORED.sub("", url))
    else:
        match = _SCHEME.match(browser_url(url))
    return match.group(1).lower() if match else None


def loads_from_elsewhere(url: str) -> bool:
    """Whether fetching `url`, written in a page body, could leave the site (wide reading)."""
    cleaned = _WIDE_IGNORED.sub("", url).replace("\\", "/")
    return cleaned.startswith("//") or url_scheme(url, wide=True) is not None


def origin_of(url: str) -> Origin | None:
    """The origin of an absolute http(s) URL, or None when it has no host."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if not parts.hostname:
        return None
    scheme = parts.scheme.lower()
    default = {"http": 80, "https": 443}.get(scheme, 0)
    return (scheme, parts.hostname.rstrip(".").lower(), port or default)


def is_foreign(url: str, origin: Origin | None) -> bool:
    """Whether loading `url` from a built page of the site at `origin` asks another site."""
    url = browser_url(url)
    scheme = url_scheme(url)
    if scheme == "data":
        return False  # in the page itself: nothing is requested
    if url.startswith("//"):
        url = (origin[0] if origin else "https") + ":" + url
        scheme = url_scheme(url)
    if scheme is None:
        return False  # relative: the site's own
    if scheme not in ("http", "https") or not url[len(scheme) + 1 :].startswith("//"):
        return True
    return origin is None or origin_of(url) != origin
