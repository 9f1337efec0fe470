"""Links, images and anchors in every page body, and the nav, checked before any build.

MkDocs validates Markdown links only while it renders, with messages that have no
line and no advice, and it never looks at raw HTML. This module finds every link
an author wrote (inline and reference links, images, `<a href>` and `<img src>`),
resolves it exactly as MkDocs (Markdown) or a browser (raw HTML) would, and
reports each one that leads nowhere as `file:line: link: ...; what to do`.

It knows nothing of MkDocs: the adapter describes the site as a `SiteMap` (every
page with its URL, every other file, the generated pages) and hands over the
page bodies as `LinkedPage`s.
"""

from __future__ import annotations

import difflib
import posixpath
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from html import unescape
from urllib.parse import unquote, urlsplit

from .problems import Problem


@dataclass(frozen=True)
class LinkedPage:
    """A Markdown page whose links are checked.

    Attributes:
        src_uri: its path in the content folder (`articles/posts/ask.md`).
        shown: its path as messages show it (`content/articles/posts/ask.md`).
        body: the Markdown after the front matter.
        body_line: the file line where the body starts.
        draft: a draft, left out of the built site (its own links may reach other drafts).
        readable: False for a file that could not be split into front matter and body
            (it has its own problem): it exists, but its links and anchors are unknown.
    """

    src_uri: str
    shown: str
    body: str
    body_line: int = 1
    draft: bool = False
    readable: bool = True

    @cached_property
    def links(self) -> tuple[FoundLink, ...]:
        """Every link and image in the body, found once: a preview keeps the pages of
        files that did not change (see `file_checks`), and with them their links."""
        return tuple(find_links(self.body, self.body_line))


@dataclass(frozen=True)
class NavEntry:
    """One page named in the nav of mkdocs.yml, with the line it is on."""

    line: int
    title: str | None
    target: str


@dataclass
class SiteMap:
    """Everything a link can reach in the built site.

    Attributes:
        pages: each Markdown page's path in the content folder -> its URL from the
            site root (`articles/posts/ask.md` -> `articles/ask/`, `index.md` -> ``).
            Generated pages (worksheets, listings) are here under the path they
            pretend to have (`worksheets/plan.md`).
        files: every other file a link can reach (images, PDFs), by path from the
            site root, which is also its path in the content folder.
        sources: the Markdown of each page, for its anchors; a page missing here
            (a file that could not be read) accepts any anchor.
        left_out: pages that exist in the content folder but not in the built site
            (drafts): a link to one from a published page leads nowhere.
        anchors_of: computes the anchor ids of a Markdown text (see `HeadingAnchors`).
        content_dir: the content folder as messages show it (`content`).
    """

    pages: Mapping[str, str]
    files: Collection[str]
    sources: Mapping[str, str]
    anchors_of: Callable[[str], frozenset[str]]
    left_out: Collection[str] = frozenset()
    content_dir: str = "content"
    _by_url: dict[str, str] = field(init=False, repr=False)
    _anchors: dict[str, frozenset[str]] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._by_url = {_url_key(url): src for src, url in self.pages.items()}
        self.files = frozenset(self.files)

    def page_for_url(self, url_path: str) -> str | None:
        """The page (or file) served at a URL path from the site root, if any."""
        key = _url_key(url_path)
        if key in self._by_url:
            return self._by_url[key]
        return key if key in self.files else None

    def exists(self, src_uri: str) -> bool:
        return src_uri in self.pages or src_uri in self.files

    def anchors(self, src_uri: str) -> frozenset[str] | None:
        """The anchor ids on a page, or None when they cannot be known."""
        if src_uri not in self.sources:
            return None
        if src_uri not in self._anchors:
            self._anchors[src_uri] = self.anchors_of(self.sources[src_uri])
        return self._anchors[src_uri]


def _url_key(url_path: str) -> str:
    """`articles/ask/`, `articles/ask`, `articles/ask/index.html` -> `articles/ask`."""
    path = url_path.strip("/")
    if path == "index.html" or path.endswith("/index.html"):
        path = path[: -len("index.html")].rstrip("/")
    return path


# --- Finding links in Markdown ------------------------------------------------------

_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_COMMENT = re.compile(r"<!--.*?-->")
_REF_DEF = re.compile(r"^ {0,3}\[(?P<ref>[^\]]+)\]:[ \t]*(?P<dest><[^>]*>|\S+)")
_HTML_LINK = re.compile(
    r"<(?P<tag>a|img)\b[^>]*?\s(?P<attr>href|src)\s*=\s*"
    r"(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))",
    re.IGNORECASE,
)
_HTML_ID = re.compile(
    r"<(?P<tag>[a-zA-Z][\w-]*)\b[^>]*?\s(?P<attr>id|name)\s*=\s*[\"']?(?P<value>[^\"'\s>]+)",
)
_ATTR_LIST_ID = re.compile(r"\{:?[^}\n]*?#(?P<id>[\w-]+)[^}\n]*\}")
_REF_USE = re.compile(r"(!?)\[([^\[\]]+)\](?:\[([^\[\]]*)\])?")
_ATX = re.compile(r"^\s*#{1,6}(?:[ \t]+|$)")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_BLOCK_OPENER = re.compile(r"^\s*(?:[-*+][ \t]|\d+[.)][ \t]|!!!|\?\?\?|///|>|<|\|)")


@dataclass(frozen=True)
class FoundLink:
    """A link as written: where, what kind, and its target."""

    line: int
    kind: str  # "link" or "image"
    target: str
    html: bool = False  # written as raw HTML: not rewritten by MkDocs


def prose_lines(body: str) -> Iterator[tuple[int, str, str]]:
    """(index, text, line) for the body's lines that Markdown reads as text, not code.

    In `text`, HTML comments and code spans are blanked out, and fenced code and
    indented code after a paragraph break are skipped, so examples of links are
    never checked; `line` is the line as written.
    """
    fence: str | None = None
    in_comment = False
    previous_blank = True
    last_block_line = ""
    for index, line in enumerate(body.splitlines()):
        if fence is None and (match := _FENCE.match(line)):
            fence = match.group(1)[0] * len(match.group(1))
            continue
        if fence is not None:
            if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            continue
        if not line.strip():
            previous_blank = True
            continue
        indented = line.startswith(("    ", "\t"))
        if indented and previous_blank and not _BLOCK_OPENER.match(last_block_line):
            continue  # an indented code block
        previous_blank = False
        if not indented:
            last_block_line = line
        text = line
        if in_comment:
            end = text.find("-->")
            if end == -1:
                continue
            text = " " * (end + 3) + text[end + 3 :]
            in_comment = False
        # Most lines have no comment or code span: test before paying for a regex.
        if "<!--" in text:
            text = _COMMENT.sub(lambda m: " " * len(m.group(0)), text)
            if (start := text.find("<!--")) != -1:
                text = text[:start]
                in_comment = True
        if "`" in text:
            text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)
        yield index, text, line


def _destination(text: str, start: int) -> tuple[str, int] | None:
    """The link destination that starts at `start` (just after `](`), and where `)` is."""
    i = start
    while i < len(text) and text[i] in " \t":
        i += 1
    if i < len(text) and text[i] == "<":
        end = text.find(">", i)
        if end == -1:
            return None
        dest, i = text[i + 1 : end], end + 1
    else:
        depth, begin = 0, i
        while i < len(text):
            char = text[i]
            if char == "\\":
                i += 2
                continue
            if char in " \t":
                break
            if char == "(":
                depth += 1
            elif char == ")":
                if depth == 0:
                    break
                depth -= 1
            i += 1
        dest = text[begin:i]
    # An optional title, then the closing parenthesis.
    close = text.find(")", i)
    if close == -1:
        return None
    between = text[i:close].strip()
    if between and between[0] not in "\"'(":
        return None
    return dest, close


def _opening_bracket(text: str, close: int) -> int:
    """The index of the `[` that the `]` at `close` ends, or -1."""
    depth = 0
    for i in range(close, -1, -1):
        char = text[i]
        if char == "]" and (i == 0 or text[i - 1] != "\\"):
            depth += 1
        elif char == "[" and (i == 0 or text[i - 1] != "\\"):
            depth -= 1
            if depth == 0:
                return i
    return -1


def find_links(body: str, body_line: int = 1) -> list[FoundLink]:
    """Every link and image in a Markdown body, with its file line."""
    found: list[FoundLink] = []
    definitions: dict[str, tuple[int, str]] = {}
    used_refs: dict[str, str] = {}
    if "[" not in body and "<" not in body:
        return found  # no link, image, reference or HTML anywhere
    for index, text, _ in prose_lines(body):
        if "[" not in text and "<" not in text:
            continue
        line = body_line + index
        if match := _REF_DEF.match(text):
            ref = " ".join(match.group("ref").lower().split())
            dest = match.group("dest")
            dest = dest[1:-1] if dest.startswith("<") else dest
            definitions.setdefault(ref, (line, dest))
            continue
        position = 0
        while (close := text.find("](", position)) != -1:
            result = _destination(text, close + 2)
            opening = _opening_bracket(text, close)
            if result is None:
                position = close + 2
                continue
            dest, end = result
            kind = "image" if opening > 0 and text[opening - 1] == "!" else "link"
            found.append(FoundLink(line, kind, dest))
            position = end
        for ref_match in _REF_USE.finditer(text):
            ref = ref_match.group(3) or ref_match.group(2)
            kind = "image" if ref_match.group(1) else "link"
            used_refs.setdefault(" ".join(ref.lower().split()), kind)
        for html in _HTML_LINK.finditer(text) if "<" in text else ():
            # A browser decodes character references in attributes (`&amp;`, `&#x61;`).
            target = unescape(html.group("dq") or html.group("sq") or html.group("bare") or "")
            kind = "image" if html.group("tag").lower() == "img" else "link"
            found.append(FoundLink(line, kind, target, html=True))
    for ref, (line, dest) in definitions.items():
        if ref in used_refs:
            found.append(FoundLink(line, used_refs[ref], dest))
    return sorted(found, key=lambda link: link.line)


# --- Anchors --------------------------------------------------------------------------


class HeadingAnchors:
    """The anchor ids a page has, as MkDocs finds them after rendering.

    Headings get their ids from Python-Markdown's `toc` extension, so we render the
    page's headings alone with `toc` configured as the site configures it (its
    slugify, its separator) and `attr_list` for `{#id}`: same ids, same `_1` for a
    repeated heading. Explicit ids elsewhere (`{#id}` on a paragraph, `id=` and
    `<a name=>` in raw HTML) count too, as MkDocs counts them.
    """

    def __init__(self, toc_config: Mapping[str, object] | None = None, attr_list: bool = True):
        import markdown

        extensions: list[str] = ["toc", *(["attr_list"] if attr_list else [])]
        self._markdown = markdown.Markdown(
            extensions=extensions, extension_configs={"toc": dict(toc_config or {})}
        )
        self._attr_list = attr_list

    def __call__(self, body: str) -> frozenset[str]:
        headings: list[str] = []
        ids: set[str] = set()
        lines = list(prose_lines(body))
        for position, (index, text, written) in enumerate(lines):
            before = lines[position - 1] if position else None
            if _ATX.match(text):
                headings.append(written.strip())
            elif (
                _SETEXT.match(text)
                and before is not None
                and before[0] == index - 1
                and before[1].strip()
                and not _ATX.match(before[1])
            ):
                level = "#" if text.strip()[0] == "=" else "##"
                previous = before[2].strip()
                if headings and headings[-1] == previous:
                    headings.pop()
                headings.append(f"{level} {previous}")
            else:
                for match in _HTML_ID.finditer(text):
                    if match.group("attr") == "id" or match.group("tag").lower() == "a":
                        ids.add(match.group("value"))
                if self._attr_list:
                    ids.update(match.group("id") for match in _ATTR_LIST_ID.finditer(text))
        if headings:
            self._markdown.reset()
            html = self._markdown.convert("\n\n".join(headings))
            ids.update(re.findall(r'\bid="([^"]+)"', html))
        return frozenset(ids)


# --- Checking -------------------------------------------------------------------------


def check_links(pages: Sequence[LinkedPage], site: SiteMap, problems: list[Problem]) -> None:
    """Report every link, image or anchor in `pages` that leads nowhere in `site`."""
    for page in pages:
        if not page.readable:
            continue
        for link in page.links:
            message = _check(page, link, site)
            if message:
                problems.append(Problem(page.shown, link.line, link.kind, message))


def _check(page: LinkedPage, link: FoundLink, site: SiteMap) -> str | None:
    raw = link.target
    try:
        parts = urlsplit(raw)
    except ValueError:
        return f"'{raw}' is not a valid address; check the brackets and spaces"
    if parts.scheme or parts.netloc or raw.startswith("//"):
        return None  # another site, or mailto: and the like
    path, anchor = unquote(parts.path), unquote(parts.fragment)
    if not path:
        return _check_anchor(raw, page.src_uri, anchor, page, site) if anchor else None
    if link.html:
        return _check_html(page, link, path, anchor, site)
    return _check_markdown(page, link, path, anchor, site)


def _check_markdown(
    page: LinkedPage, link: FoundLink, path: str, anchor: str, site: SiteMap
) -> str | None:
    raw = link.target
    suffix = f"#{anchor}" if anchor else ""
    if path.startswith(("/", "\\")):
        target = site.page_for_url(path)
        if target is not None:
            return (
                f"'{raw}' is a web address, which breaks when the site moves; link to "
                f"the file instead: write it as ({_relative(target, page.src_uri)}{suffix})"
            )
        return (
            f"'{raw}' starts with '/'; write links relative to this file"
            f"{_nearest_hint(path.lstrip('/'), page, site, link.kind)}"
        )
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), path))
    if target == "." or target.startswith("../") or target == "..":
        return (
            f"'{raw}' points outside the {site.content_dir} folder, and only what is in it "
            "is published; move the file into it and link to it there, or remove the link"
        )
    if site.exists(target):
        return _check_reached(raw, target, anchor, page, site)
    # A site URL written as a relative path (`../keep-the-door-open/`).
    by_url = site.page_for_url(_join_url(site.pages.get(page.src_uri, ""), path))
    if by_url is not None:
        return (
            f"'{raw}' is a web address, not a file; link to the file instead: write it "
            f"as ({_relative(by_url, page.src_uri)}{suffix})"
        )
    return (
        f"'{raw}' leads nowhere: there is no {_noun(link.kind)} "
        f"{site.content_dir}/{target}{_nearest_hint(target, page, site, link.kind)}"
    )


def _check_html(
    page: LinkedPage, link: FoundLink, path: str, anchor: str, site: SiteMap
) -> str | None:
    raw = link.target
    attr = "src" if link.kind == "image" else "href"
    page_url = site.pages.get(page.src_uri, "")
    if path.startswith("/"):
        target = site.page_for_url(path)
        if target is not None:
            return (
                f"'{raw}' starts with '/', which breaks when the site moves; write "
                f'{attr}="{_relative_url(target, page_url, site)}{_hash(anchor)}"'
            )
    else:
        target = site.page_for_url(_join_url(page_url, path))
        if target is not None:
            return _check_reached(raw, target, anchor, page, site)
        source = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), path))
        if site.exists(source):
            return (
                f"'{raw}' is a file path, but HTML links are not rewritten into web "
                f'addresses: write {attr}="{_relative_url(source, page_url, site)}'
                f'{_hash(anchor)}", or use a Markdown link'
                f" ({_relative(source, page.src_uri)}{_hash(anchor)})"
            )
    wanted = posixpath.normpath(posixpath.join(posixpath.dirname(page.src_uri), path))
    return (
        f"'{raw}' leads nowhere: nothing in the site is at that address"
        f"{_nearest_hint(wanted.lstrip('./'), page, site, link.kind)}"
    )


def _check_reached(
    raw: str, target: str, anchor: str, page: LinkedPage, site: SiteMap
) -> str | None:
    if target in site.left_out and not page.draft:
        return (
            f"'{raw}' is a draft, left out of the built site, so the link would lead "
            "nowhere; publish it (remove draft: true) or remove the link"
        )
    if anchor and target in site.pages:
        return _check_anchor(raw, target, anchor, page, site)
    return None


def _check_anchor(
    raw: str, target: str, anchor: str, page: LinkedPage, site: SiteMap
) -> str | None:
    anchors = site.anchors(target)
    if anchors is None or anchor in anchors:
        return None
    where = "this page" if target == page.src_uri else f"{site.content_dir}/{target}"
    close = difflib.get_close_matches(anchor, sorted(anchors), n=1, cutoff=0.6)
    if close:
        base = raw.split("#", 1)[0]
        hint = f"; did you mean ({base}#{close[0]})?"
    elif anchors:
        hint = f"; its anchors are: {', '.join(sorted(anchors))}"
    else:
        hint = "; it has no headings to link to"
    return f"'{raw}': {where} has no heading with the anchor '#{anchor}'{hint}"


def _noun(kind: str) -> str:
    return "image" if kind == "image" else "page or file"


def _hash(anchor: str) -> str:
    return f"#{anchor}" if anchor else ""


def _relative(target: str, from_src: str) -> str:
    """The path to write in `from_src` to link to the content file `target`."""
    return posixpath.relpath(target, posixpath.dirname(from_src) or ".")


def _relative_url(target: str, page_url: str, site: SiteMap) -> str:
    """The web address of `target` (a page or file) relative to the page at `page_url`."""
    url = site.pages.get(target, target)
    base = "/" + (
        page_url if not page_url or page_url.endswith("/") else posixpath.dirname(page_url)
    )
    relative = posixpath.relpath("/" + url, base)
    if url.endswith("/") or not url:
        relative = "./" if relative == "." else relative + "/"
    return relative


def _join_url(page_url: str, path: str) -> str:
    """Resolve `path` against a page's URL (a directory URL for a page)."""
    base = page_url if not page_url or page_url.endswith("/") else posixpath.dirname(page_url)
    joined = posixpath.normpath(posixpath.join("/" + base, path))
    return joined.lstrip("/") + ("/" if path.endswith("/") else "")


def _nearest_hint(wanted: str, page: LinkedPage, site: SiteMap, kind: str) -> str:
    """`; did you mean (../x.md)?` naming the existing page or file closest to `wanted`."""
    choices = sorted(site.files if kind == "image" else [*site.pages, *site.files])
    nearest = _nearest(wanted, tuple(choices))
    if nearest is None and kind == "image":
        return f"; put the image in {site.content_dir}/assets/, or fix the path"
    if nearest is None:
        return "; check the spelling, or remove the link"
    return f"; did you mean ({_relative(nearest, page.src_uri)})?"


@cache
def _nearest(wanted: str, choices: tuple[str, ...]) -> str | None:
    # Compare file names first (the folder is the usual mistake), then whole paths.
    stem = posixpath.splitext(posixpath.basename(wanted.rstrip("/")))[0] or wanted
    if stem == "index":
        stem = posixpath.basename(posixpath.dirname(wanted)) or stem
    by_stem: dict[str, str] = {}
    for choice in choices:
        name = posixpath.splitext(posixpath.basename(choice))[0]
        if name == "index":
            name = posixpath.basename(posixpath.dirname(choice)) or "index"
        by_stem.setdefault(name, choice)
    close = difflib.get_close_matches(stem, list(by_stem), n=1, cutoff=0.6)
    if close:
        return by_stem[close[0]]
    close = difflib.get_close_matches(wanted, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


# --- The nav ------------------------------------------------------------------------


def check_nav(
    entries: Sequence[NavEntry], site: SiteMap, config_shown: str, problems: list[Problem]
) -> None:
    """Report every nav entry that names a page the site does not have."""
    for entry in entries:
        raw = entry.target
        parts = urlsplit(raw)
        if parts.scheme or parts.netloc or raw.startswith("/"):
            continue  # a link to another site, or an absolute URL MkDocs leaves alone
        target = posixpath.normpath(unquote(parts.path)) if parts.path else ""
        if target and site.exists(target):
            continue
        by_url = site.page_for_url(target) if target else None
        if by_url is not None and by_url != target:
            message = f"'{raw}' is a web address; name the file instead: '{by_url}'"
        else:
            nearest = _nearest(target, tuple(sorted(site.pages)))
            hint = f" (did you mean '{nearest}'?)" if nearest else ""
            message = (
                f"'{raw}' is not a page in {site.content_dir}/{hint}; "
                "fix the path (relative to the content folder) or remove the entry"
            )
        problems.append(Problem(config_shown, entry.line, "nav", message))


def nav_entries(config_text: str) -> list[NavEntry]:
    """The pages named in the `nav:` of a mkdocs.yml, each with its line.

    The YAML is composed, not loaded, so MkDocs' own tags (`!ENV`,
    `!!python/name:...`) are kept as they are and never run.

    Raises:
        yaml.YAMLError: the file is not valid YAML (MkDocs reports that itself).
    """
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    root = yaml.compose(config_text, Loader=loader)
    if not isinstance(root, yaml.MappingNode):
        return []
    nav = next((value for key, value in root.value if key.value == "nav"), None)
    entries: list[NavEntry] = []

    def walk(node: yaml.Node, title: str | None) -> None:
        if isinstance(node, yaml.ScalarNode):
            if node.tag.endswith(":str") and node.value:
                entries.append(NavEntry(node.start_mark.line + 1, title, node.value))
        elif isinstance(node, yaml.SequenceNode):
            for child in node.value:
                walk(child, None)
        elif isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                walk(value, str(key.value))

    if nav is not None:
        walk(nav, None)
    return entries
