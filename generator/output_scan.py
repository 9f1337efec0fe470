"""What the built pages load, checked after every build: nothing from another site.

The site promises that no page makes a request to any other site. Content checks
catch what authors write; this scan reads every HTML page the build wrote (theme,
templates and plugins included) and the stylesheets they link, and fails the build
naming the page and line of anything that would load from another origin: scripts,
stylesheets, images (`src`, `srcset`), frames, media, `<link>` icons, preloads and
manifests, objects, CSS `url()` in `style` attributes and `<style>`, a meta refresh,
a `<base>` elsewhere, a form that sends to another site, `ping`. Links (`<a href>`)
to other sites are fine: following one is the reader's choice.

It also finds what the Content-Security-Policy has to know (`security_headers`): the
hashes of the inline scripts the pages run, and whether any form submits somewhere;
and reports what that policy would block, so nothing breaks silently under it:
inline event handlers, `javascript:` URLs and inline `style` attributes.

Pages are read with regular expressions rather than an HTML parser: the stdlib
parser managed 4 MB/s, this 50 MB/s, which matters at a thousand articles. Its
tokens follow HTML's (comments skipped, raw text in `<script>` and `<style>`,
quoted attributes, character references decoded); where the two could disagree it
errs on reporting too much.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

# One reader of URLs with the body check (see `content.urls`), under this module's names.
from .content.urls import browser_url as _normalized_url
from .content.urls import is_foreign as _is_foreign
from .content.urls import origin_of as _origin
from .content.urls import url_scheme as _scheme

# Attributes as HTML's tokenizer reads them: a name runs to whitespace, `/`, `>` or `=`
# (quotes included); only after `=` does a quote start a value. Possessive, so a
# malformed tag costs no backtracking.
_ONE_ATTRIBUTE = r"""[^\s/>][^\s/>=]*+(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'|[^\s>]*+))?"""
_ATTRIBUTES = r"(?:[\s/]++|" + _ONE_ATTRIBUTE + r")*+"
_ATTRIBUTE = re.compile(
    r"""([^\s/>][^\s/>=]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]*)))?""", re.DOTALL
)
# Comments end as HTML ends them: `<!-->` and `<!--->` are whole comments.
_COMMENT = r"<!--(?:-?>|.*?--!?>|.*\Z)"
# Elements worth reading whatever their attributes: their `href` (or `content`, `data`,
# `action`) loads something. SVG's elements among them reference another document
# with `href`.
_WATCHED_TAGS = frozenset(
    {
        "link",
        "base",
        "meta",
        "object",
        "embed",
        "form",
        "iframe",
        "image",
        "use",
        "feimage",
        "pattern",
        "lineargradient",
        "radialgradient",
        "textpath",
        "mpath",
        "filter",
        "tref",
        "cursor",
    }
)
# Attributes that load, submit or run something, on any element.
_WATCHED_ATTRIBUTE_NAMES = (
    r"on[a-z]++|style|src|srcset|imagesrcset|lowsrc|dynsrc|poster|background|codebase|"
    r"ping|action|formaction|xlink:href|srcdoc"
)
# The start of a token worth a look: a comment, `<script>` or `<style>`, a watched
# element, or any element with a watched attribute.
# A link is worth reading only when an attribute value could hold a script URL
# (`javascript:`, perhaps behind character references).
_SUSPICIOUS_LINK = (
    r"(?i:a|area)(?=[\s/>])(?=(?>[\s/]++|"
    + _ONE_ATTRIBUTE
    + r")*?[^\s/>][^\s/>=]*+\s*+=\s*+"
    + r"""(?:"[^"]*?(?i:script|&)|'[^']*?(?i:script|&)|[^\s>]*?(?i:script|&)))"""
)
_INTERESTING = (
    r"!--|(?i:script|style)(?=[\s/>])|"
    + _SUSPICIOUS_LINK
    + r"|(?i:"
    + "|".join(sorted(_WATCHED_TAGS, key=len, reverse=True))
    + r")(?=[\s/>])|[a-zA-Z][^\s/>]*+(?=(?>[\s/]++|"
    + _ONE_ATTRIBUTE
    + r")*?(?<=[\s/])(?i:"
    + _WATCHED_ATTRIBUTE_NAMES
    + r")(?=[\s/>=]))"
)
# Text and uninteresting tags, end tags and declarations, in runs the regular expression
# engine consumes by itself: the page's Python-level work is its interesting tokens.
_PLAIN_RUN = (
    r"(?:[^<]++|<(?!"
    + _INTERESTING
    + r")(?:[a-zA-Z][^\s/>]*+"
    + _ATTRIBUTES
    + r">|/[^>]*+>|[!?][^>]*+>|))++"
)
_TOKEN = re.compile(
    _PLAIN_RUN
    + r"|(?P<comment>"
    + _COMMENT
    + r")|<(?P<raw>(?i:script|style))(?=[\s/>])(?P<raw_attrs>"
    + _ATTRIBUTES
    + r")>(?P<text>.*?)</(?i:(?P=raw))(?=[\s/>])[^>]*+>"
    + r"|<(?P<tag>[a-zA-Z][^\s/>]*+)(?P<attrs>"
    + _ATTRIBUTES
    + r")>",
    re.DOTALL,
)
# Attributes that load what they name, on any element.
_LOADING_ATTRIBUTES = frozenset(
    {"src", "lowsrc", "dynsrc", "poster", "background", "codebase", "xlink:href"}
)
_SRCSET_ATTRIBUTES = frozenset({"srcset", "imagesrcset"})
# `href` is a link a reader follows on these; on every other element it loads.
_LINK_ELEMENTS = frozenset({"a", "area"})
# `<link rel=...>` kinds that name something without loading it.
_NON_LOADING_RELS = frozenset(
    {
        "alternate",
        "author",
        "bookmark",
        "canonical",
        "external",
        "help",
        "license",
        "me",
        "next",
        "nofollow",
        "noopener",
        "noreferrer",
        "prev",
        "privacy-policy",
        "search",
        "tag",
        "terms-of-service",
    }
)
_JAVASCRIPT_TYPES = frozenset(
    {
        "",
        "module",
        "text/javascript",
        "application/javascript",
        "application/ecmascript",
        "application/x-ecmascript",
        "application/x-javascript",
        "text/ecmascript",
        "text/jscript",
        "text/livescript",
        "text/x-ecmascript",
        "text/x-javascript",
    }
)
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})[ \t\n\r\f]?|\\(.)", re.DOTALL)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_URL = re.compile(
    r"""(?:url|src)\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)"""
    r"""|@import\s+(?:"([^"]*)"|'([^']*)')"""
    r"""|image-set\(([^)]*)\)""",
    re.IGNORECASE,
)
_CSS_STRING = re.compile(r""""([^"]*)"|'([^']*)'""")
_REFRESH_URL = re.compile(r"""url\s*=\s*['"]?([^'"]*)""", re.IGNORECASE)


class ForeignResourceError(Exception):
    """Pages load from other sites or use what the CSP blocks; one line per finding."""


@dataclass(frozen=True)
class Finding:
    """One thing a built page must not do.

    Attributes:
        page: the built file, relative to the site folder (`articles/x/index.html`).
        line: its line in that file.
        field: the element and attribute (`img src`).
        problem: what it does, and what to do instead.
        source: the content file the page is built from, when there is one.
    """

    page: str
    line: int
    field: str
    problem: str
    source: str | None = None

    def message(self) -> str:
        built_from = f" (the page built from {self.source})" if self.source else ""
        return f"{self.page}:{self.line}: {self.field}: {self.problem}{built_from}"


@dataclass
class SiteScan:
    """What the built site's pages need from its Content-Security-Policy.

    Attributes:
        script_hashes: `sha256-...` sources of every inline script a page runs.
        style_hashes: the same for `<style>` elements.
        forms_submit: whether any form submits somewhere (a `method=post`, or an
            `action` other than the page itself).
        pages: how many HTML files were read.
    """

    script_hashes: set[str] = field(default_factory=set)
    style_hashes: set[str] = field(default_factory=set)
    forms_submit: bool = False
    pages: int = 0


def scan_site(site_dir: Path, site_url: str | None, sources: Mapping[str, str]) -> SiteScan:
    """Read every HTML page under `site_dir` and the stylesheets they link.

    Arguments:
        site_url: the address the pages are built for; absolute URLs on its origin
            are the site's own. None: every absolute URL is another site's.
        sources: built page (relative to `site_dir`) -> content file, for messages.

    Raises:
        ForeignResourceError: listing every finding, one line each.
    """
    scan = SiteScan()
    origin = _origin(site_url) if site_url else None
    findings: list[Finding] = []
    stylesheets: dict[str, tuple[str, int, str]] = {}
    for path in _html_files(site_dir):
        page = path.relative_to(site_dir).as_posix()
        text = path.read_text("utf-8", errors="replace")
        scan.pages += 1
        page_scan = _PageScan(page, text, origin, sources.get(page), scan)
        findings.extend(page_scan.findings())
        for href, line in page_scan.stylesheets:
            local = _local_file(site_dir, page, href)
            if local is not None:
                stylesheets.setdefault(local, (page, line, href))
    for stylesheet in sorted(stylesheets):
        findings.extend(_stylesheet_findings(site_dir, stylesheet, origin))
    if findings:
        raise ForeignResourceError(
            "\n".join(finding.message() for finding in findings)
            + "\nThe site loads nothing from other sites, and its Content-Security-Policy "
            "blocks inline script and style: fix the lines above."
        )
    return scan


class _PageScan:
    """One page's tokens, read once."""

    def __init__(
        self,
        page: str,
        text: str,
        origin: tuple[str, str, int] | None,
        source: str | None,
        scan: SiteScan,
    ) -> None:
        self.page = page
        self.text = text.replace("\r\n", "\n").replace("\r", "\n")
        self.origin = origin
        self.source = source
        self.scan = scan
        self.stylesheets: list[tuple[str, int]] = []

    def findings(self) -> Iterator[Finding]:
        for token in _TOKEN.finditer(self.text):
            if token.group("raw"):
                yield from self._raw_text_element(token)
            elif token.group("tag"):
                attrs = _attributes(token.group("attrs"))
                yield from self._element(token.group("tag").lower(), attrs, token.start())

    def _raw_text_element(self, token: re.Match[str]) -> Iterator[Finding]:
        tag = token.group("raw").lower()
        attributes = _attributes(token.group("raw_attrs"))
        yield from self._element(tag, attributes, token.start())
        content = token.group("text")
        if tag == "style":
            self.scan.style_hashes.add(_csp_hash(content))
            for url in _css_urls(content):
                yield from self._url(url, "style", "url()", token.start("text"))
        elif "src" not in attributes and _runs_as_script(attributes):
            self.scan.script_hashes.add(_csp_hash(content))

    def _element(
        self, tag: str, attributes: dict[str, list[str]], position: int
    ) -> Iterator[Finding]:
        for name, values in attributes.items():
            for value in values:
                yield from self._attribute(tag, attributes, name, value, position)

    def _attribute(
        self,
        tag: str,
        attributes: dict[str, list[str]],
        name: str,
        value: str,
        position: int,
    ) -> Iterator[Finding]:
        if name.startswith("on") and name[2:].isalpha():
            yield self._finding(
                position,
                f"{tag} {name}",
                "an inline event handler, which the site's Content-Security-Policy blocks; "
                "attach it from a script file instead",
            )
        elif name == "style":
            yield self._finding(
                position,
                f"{tag} style",
                "an inline style, which the site's Content-Security-Policy blocks; "
                "give the element a class and style it in a stylesheet",
            )
        elif name in _LOADING_ATTRIBUTES or (name == "data" and tag == "object"):
            yield from self._url(value, tag, name, position)
        elif name in _SRCSET_ATTRIBUTES:
            for candidate in value.split(","):
                yield from self._url(candidate.strip().split(" ")[0], tag, name, position)
        elif name == "ping":
            for url in value.split():
                yield from self._url(url, tag, name, position)
        elif name == "href":
            yield from self._href(tag, attributes, value, position)
        elif name in ("action", "formaction"):
            yield from self._form_target(tag, attributes, name, value, position)
        elif name == "srcdoc":
            inner = _PageScan(self.page, value, self.origin, self.source, self.scan)
            for finding in inner.findings():
                yield self._finding(position, f"{tag} srcdoc: {finding.field}", finding.problem)
        elif name == "content" and tag == "meta" and _refreshes(attributes):
            refresh = _REFRESH_URL.search(value)
            if refresh:
                yield from self._url(refresh.group(1), tag, "refresh", position)
        if name == "method" and tag == "form" and value.strip().lower() == "post":
            self.scan.forms_submit = True

    def _href(
        self, tag: str, attributes: dict[str, list[str]], value: str, position: int
    ) -> Iterator[Finding]:
        if tag in _LINK_ELEMENTS:
            if _scheme(value) == "javascript":
                yield self._finding(
                    position, f"{tag} href", "a javascript: link, which the CSP blocks"
                )
            return
        if tag == "link":
            rels = {rel for v in attributes.get("rel", []) for rel in v.lower().split()}
            if rels and rels <= _NON_LOADING_RELS:
                return
            if "stylesheet" in rels:
                self.stylesheets.append((value, self._line(position)))
        yield from self._url(value, tag, "href", position)

    def _form_target(
        self,
        tag: str,
        attributes: dict[str, list[str]],
        name: str,
        value: str,
        position: int,
    ) -> Iterator[Finding]:
        if value.strip() not in ("", "#"):
            self.scan.forms_submit = True
        if _scheme(value) == "javascript" or _is_foreign(value, self.origin):
            yield self._finding(
                position,
                f"{tag} {name}",
                f"sends what readers type to {_shown(value)}, another site; "
                "the site's forms stay on the reader's device",
            )

    def _url(self, value: str, tag: str, name: str, position: int) -> Iterator[Finding]:
        if _scheme(value) == "javascript":
            yield self._finding(
                position, f"{tag} {name}", "a javascript: URL, which the CSP blocks"
            )
        elif _is_foreign(value, self.origin):
            yield self._finding(
                position,
                f"{tag} {name}",
                f"loads {_shown(value)} from another site; readers' browsers would ask it "
                "for the file. Put the file in the site (beside the page) and point to it "
                "relatively, or make it a link",
            )

    def _finding(self, position: int, field: str, problem: str) -> Finding:
        return Finding(self.page, self._line(position), field, problem, self.source)

    def _line(self, position: int) -> int:
        return self.text.count("\n", 0, position) + 1


def _attributes(text: str) -> dict[str, list[str]]:
    """Attribute name -> its values (each kept: browsers use the first, a check sees all)."""
    attributes: dict[str, list[str]] = {}
    for match in _ATTRIBUTE.finditer(text):
        name = match.group(1).lower()
        raw = next((g for g in match.groups()[1:] if g is not None), "")
        attributes.setdefault(name, []).append(html.unescape(raw))
    return attributes


def _refreshes(attributes: dict[str, list[str]]) -> bool:
    return any(value.strip().lower() == "refresh" for value in attributes.get("http-equiv", []))


def _runs_as_script(attributes: dict[str, list[str]]) -> bool:
    """Whether a `<script>` runs: a data block (JSON, JSON-LD) never does, and the CSP
    does not govern it."""
    kind = (attributes.get("type") or [""])[0].strip().lower()
    return kind in _JAVASCRIPT_TYPES


def _csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


def _shown(value: str) -> str:
    shown = _normalized_url(value)
    return (shown[:97] + "...") if len(shown) > 100 else shown


def _css_urls(css: str) -> Iterator[str]:
    """Every URL a piece of CSS would load: `url()`, `src()`, `@import`, `image-set()`."""
    css = _CSS_COMMENT.sub("", _CSS_ESCAPE.sub(_unescape_css, css))
    for match in _CSS_URL.finditer(css):
        image_set = match.group(6)
        if image_set is not None:
            for string in _CSS_STRING.finditer(image_set):
                yield string.group(1) if string.group(1) is not None else string.group(2)
            continue
        yield next((g for g in match.groups()[:5] if g is not None), "")


def _unescape_css(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
    return match.group(2)


def _html_files(site_dir: Path) -> list[Path]:
    found = [
        Path(folder, name)
        for folder, _, names in os.walk(site_dir)
        for name in names
        if name.endswith(".html")
    ]
    return sorted(found)


def _local_file(site_dir: Path, page: str, href: str) -> str | None:
    """The site file (relative to `site_dir`) a same-site `href` on `page` names, if any."""
    url = _normalized_url(href)
    if _scheme(url) is not None or url.startswith("//"):
        return None
    path = posixpath.normpath(urlsplit(urljoin("/" + page, url)).path).lstrip("/")
    if path.startswith("..") or not path:
        return None
    return path if (site_dir / path).is_file() else None


def _stylesheet_findings(
    site_dir: Path, stylesheet: str, origin: tuple[str, str, int] | None
) -> Iterator[Finding]:
    path = site_dir / stylesheet
    if not path.resolve().is_relative_to(site_dir.resolve()):
        return  # a symbolic link out of the site: not the site's file to read
    css = path.read_text("utf-8", errors="replace")
    shown = stylesheet
    for url in _css_urls(css):
        if _is_foreign(url, origin):
            line = css.count("\n", 0, max(css.find(url), 0)) + 1
            yield Finding(
                shown,
                line,
                "url()",
                f"loads {_shown(url)} from another site; every page that links this "
                "stylesheet would ask it. Put the file in the site and point to it relatively",
            )
