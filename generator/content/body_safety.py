"""What a page body may put in a reader's browser.

A body is Markdown, and Markdown passes raw HTML through: a `<script>`, an
`onerror=` attribute, a `javascript:` link or an image from another site would
reach every reader. So a body is checked as the HTML it renders to (see
`rendering`): no scripts or other active elements, no event-handler
attributes, links only to http(s), mailto and tel addresses or within the site,
and nothing loaded from another site. Links *to* other sites stay allowed.

Rendering is the slow part, so only bodies that a quick scan flags are
rendered; the quick scan is written to flag every body that could render any of
these (a superset), never to decide on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

from .caseless import fold_case
from .problems import Problem
from .rendering import BodyRenderer, default_renderer
from .urls import loads_from_elsewhere, url_scheme

FIELD = "body"

# Elements that run code, load a document or change how the page itself works.
FORBIDDEN_ELEMENTS = frozenset(
    {
        "script",
        "iframe",
        "frame",
        "frameset",
        "object",
        "embed",
        "applet",
        "base",
        "meta",
        "link",
        "form",
        "style",
        "portal",
        "svg",
        "math",
    }
)
# Attributes whose URL the browser fetches on its own, without a click.
RESOURCE_ATTRIBUTES = frozenset(
    {"src", "srcset", "poster", "data", "background", "lowsrc", "dynsrc", "longdesc"}
)
# Attributes that send a request or submit somewhere when used.
REQUEST_ATTRIBUTES = frozenset({"ping", "action", "formaction", "manifest", "xmlns:xlink"})
# Attributes that hold a URL followed on a click.
LINK_ATTRIBUTES = frozenset({"href", "xlink:href", "cite"})
LINK_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# The quick scan: bodies where none of these is found render nothing unsafe. Each
# alternative is its own pattern, searched case-sensitively in the folded body (see
# `caseless`): `re` then skips straight to each one's first character, where one
# case-insensitive pattern of alternatives was tried at every position (20x slower).
_QUICK_SCAN_PARTS = (
    r"<\s*/?\s*[a-z]",  # any HTML tag at all
    r"script\s*:",  # javascript:, vbscript: URLs
    r"data\s*:",  # data: URLs
    r"&#",  # entities can spell any of the above
    r"&[a-z]+;",
    r"!\[",  # an image
    r"url\s*\(",
    r"@import",
    r"srcset",
    r"\{[^}\n]*=",  # attr_list: {: key=value }
    r"\]\s*:",  # a reference definition, which an image may use
)
_QUICK_SCANS = tuple(re.compile(part) for part in _QUICK_SCAN_PARTS)
# An event handler, also in an attribute list: `\bon[a-z]+\s*=`. A pattern that starts
# with a word boundary cannot be skipped to, so this one is searched in the reversed
# text, from its "=" (a word boundary reads the same both ways).
_EVENT_HANDLER = r"\bon[a-z]+\s*="
_EVENT_HANDLER_REVERSED = re.compile(r"=\s*[a-z]+no\b")
QUICK_SCAN = "|".join((*_QUICK_SCAN_PARTS, _EVENT_HANDLER))
"""The whole quick scan as one pattern (with `re.IGNORECASE`): what `might_be_unsafe`
finds, written the slow way, for tests to compare with."""
_CSS_URL = re.compile(r"url\s*\(\s*['\"]?\s*([^'\")\s]*)", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    """Something unsafe in the rendered body, and text to look for in the source."""

    message: str
    needle: str


def check_body_safety(
    body: str,
    body_line: int,
    display_path: str,
    problems: list[Problem],
    renderer: BodyRenderer | None = None,
) -> None:
    """Report everything in `body` that would run script or load from another site."""
    if not might_be_unsafe(body):
        return
    html = (renderer or default_renderer()).render(body).html
    lines = body.split("\n")
    reported: set[tuple[int, str]] = set()
    for finding in scan_html(html):
        line = body_line + _line_of(finding.needle, lines)
        if (line, finding.message) in reported:
            continue
        reported.add((line, finding.message))
        problems.append(Problem(display_path, line, FIELD, finding.message))


def might_be_unsafe(body: str) -> bool:
    """Whether `body` holds anything that could render unsafe HTML: the quick scan.

    A superset, never a decision: a body it flags is rendered and scanned.
    Exactly `re.search(QUICK_SCAN, body, re.IGNORECASE) is not None`, faster.
    """
    folded = fold_case(body)
    if any(pattern.search(folded) for pattern in _QUICK_SCANS):
        return True
    return "=" in folded and _EVENT_HANDLER_REVERSED.search(folded[::-1]) is not None


def scan_html(html: str) -> list[Finding]:
    """Every unsafe element, attribute and URL in a piece of HTML."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.findings


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_ELEMENTS:
            self.findings.append(
                Finding(
                    f"the HTML element <{tag}> is not allowed in a page: it could run code "
                    "or load something into every reader's browser; remove it",
                    f"<{tag}",
                )
            )
            return  # one message for the element, not one more per attribute
        for name, value in attrs:
            self.findings.extend(_check_attribute(tag, name, value or ""))

    handle_startendtag = handle_starttag


def _check_attribute(tag: str, name: str, value: str) -> Iterator[Finding]:
    if name.startswith("on"):
        yield Finding(
            f"the attribute '{name}' on <{tag}> runs script in the reader's browser; "
            "remove it (pages have no scripts of their own)",
            name,
        )
        return
    if name in REQUEST_ATTRIBUTES:
        yield Finding(
            f"the attribute '{name}' on <{tag}> sends a request when used; remove it",
            name,
        )
        return
    if name == "style":
        yield from _check_style(tag, value)
        return
    if name in RESOURCE_ATTRIBUTES:
        urls = _srcset_urls(value) if name == "srcset" else [value]
        for url in urls:
            if loads_from_elsewhere(url):
                yield Finding(
                    f"'{_short(url)}' ({name} on <{tag}>) would be loaded from another site "
                    "by every reader's browser; save the file in the content folder and "
                    "refer to it by a relative path",
                    url.strip() or name,
                )
        return
    if name in LINK_ATTRIBUTES:
        scheme = url_scheme(value, wide=True)
        if scheme is not None and scheme not in LINK_SCHEMES:
            yield Finding(
                f"'{scheme}:' links are not allowed ('{_short(value)}'); link to an "
                "http or https address, a mailto: or tel: address, or a page of the site",
                value.strip()[:20] or name,
            )


def _check_style(tag: str, value: str) -> Iterator[Finding]:
    lowered = value.lower()
    if "expression(" in lowered or "@import" in lowered or "javascript:" in lowered:
        yield Finding(f"the style on <{tag}> holds code or an import; remove it", "style")
    for url in _CSS_URL.findall(value):
        if loads_from_elsewhere(url):
            yield Finding(
                f"the style on <{tag}> loads '{_short(url)}' from another site; remove it",
                url or "style",
            )


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _line_of(needle: str, lines: list[str]) -> int:
    """The 0-based line where `needle` first appears (any case), or the first line."""
    wanted = needle.lower()
    for index, line in enumerate(lines):
        if wanted and wanted in line.lower():
            return index
    for index, line in enumerate(lines):
        if might_be_unsafe(line):
            return index
    return 0
