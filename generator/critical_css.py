"""The first screen's CSS: the rules a page needs before its full stylesheets arrive.

Every page carries this CSS inline in its `<head>` and loads the full stylesheets
(the theme's 138 KB and ours) at the end of `<body>`, where they block nothing
above them: the page paints as soon as its HTML arrives, and the full rules apply
a moment later without moving anything on the first screen.

Which rules count is decided by what they style, not by where a browser put things
on one day: a rule is kept when every class it names belongs to a component that
can be on the first screen of a page of ours (the header, the tabs, the layout
grid, the sidebars, the start of the content: see `FIRST_SCREEN_BLOCKS`), every
element it names is one such a screen can show (`FIRST_SCREEN_ELEMENTS`: no
tables, code or details), and it needs no reader's action (`:hover`, `:focus`).
Right-to-left rules and colour palettes the site does not use are dropped, and of
the theme's hundreds of custom properties only those the kept rules use remain.
So a new rule for a listed component is picked up by itself, and a rule for a
component further down the page costs the `<head>` nothing.
`tests/test_critical_css_browser.py` checks the outcome in Chromium: each page type
lays out its first screen, phone and desktop, the same with this CSS alone as with
the full stylesheets.

The result is the same on every page, so the Content-Security-Policy allows the one
`<style>` element by its hash (`output_scan` finds it like any other).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import tinycss2
import tinycss2.ast

from generator.cache_files import write_atomically

# Screens this wide and wider wait for the full stylesheets, as before: there the
# tabs, the menu and the table of contents show beside the content, whose rules
# would double the inline CSS; a phone or small tablet paints from it at once.
WIDE_SCREEN_EM = 60
# BEM blocks (`md-header` of `md-header__title`, `md-header--shadow`) whose elements
# can be on the first screen of a page on a narrow screen: the header, the start of
# the content, the sidebars that wait off screen or hidden. A block maps to None
# (all its elements) or to the only elements the first screen can show ("" is the
# block itself); the rest comes further down the page, or in the menu drawer.
FIRST_SCREEN_BLOCKS: dict[str, frozenset[str] | None] = {
    # The theme's page frame.
    "md-header": None,
    "md-logo": None,
    "md-ellipsis": None,
    "md-icon": None,
    "md-option": None,
    "md-toggle": None,
    "md-overlay": None,
    "md-skip": None,
    "md-tabs": frozenset({""}),  # hidden on narrow screens
    "md-container": None,
    "md-main": None,
    "md-grid": None,
    "md-sidebar": None,
    "md-content": frozenset({"", "inner"}),  # not the edit button, which we never show
    "md-typeset": frozenset({""}),
    "md-dialog": None,  # fixed, unseen until the theme shows a message in it
    "headerlink": None,  # the permalink beside each heading
    "md-tags": None,  # a page's topics, above its title
    "md-tag": None,
    # Ours: the step a page belongs to, under its title.
    "rebound-step-marker": None,
    # Ours: an article's author, dates and reading time under its title (narrow screens).
    "rebound-byline": None,
    # Ours: the Topics page's index of topics, above its lists.
    "rebound-topics": None,
    # Ours: set on <html> by the <head> script when scripts run.
    "rebound-js": frozenset({""}),
    # Ours: the search box in the header (its results panel opens on typing).
    "rebound-search": frozenset({"", "form", "label", "icon", "input", "keys"}),
}
# What starts a page of each kind, on top of the frame above: only those pages
# carry its rules (an article's first screen is its title and text).
PAGE_BLOCKS: dict[str, dict[str, frozenset[str] | None]] = {
    "home": {"rebound-start": None, "rebound-path": None, "md-button": None},
    "checklist": {
        "rebound-checklist": frozenset({"", "fieldset", "title", "description", "items"}),
        "rebound-item": None,
    },
    "worksheet": {
        "rebound-worksheet": None,
        "rebound-worksheet-page": None,
        "rebound-sheet-item": None,
        "rebound-sheet-box": None,
        "rebound-sheet-actions": None,
        "rebound-file-facts": None,
        "rebound-print-button": None,
        "md-button": None,
    },
    "listing": {"md-post": None, "md-meta": None},
    # The 404 page is short: on a tablet its footer is on the first screen.
    "not-found": {
        "rebound-lost": None,
        "rebound-path": None,
        "md-button": None,
        "md-footer": None,
        "md-footer-meta": None,
        "md-copyright": None,
    },
}
_MIN_WIDTH = re.compile(r"min-width:\s*([\d.]+)em")
# Elements (type selectors) the first screen can show. Tables, code, details,
# figures and the like come further down, and their rules wait for the full CSS.
FIRST_SCREEN_ELEMENTS = frozenset(
    {
        "html",
        "body",
        "header",
        "nav",
        "main",
        "article",
        "section",
        "aside",
        "div",
        "span",
        "h1",
        "h2",
        "p",
        "a",
        "ul",
        "ol",
        "li",
        "strong",
        "em",
        "b",
        "i",
        "small",
        "time",
        "img",
        "svg",
        "path",
        "form",
        "fieldset",
        "legend",
        "label",
        "input",
        "button",
        "hr",
        "noscript",
    }
)
# Pseudo-classes that match only after a reader does something.
_INTERACTION = re.compile(r":(?:hover|focus|focus-visible|focus-within|active|target|visited)\b")
_RIGHT_TO_LEFT = re.compile(r"""\[dir=["']?rtl["']?\]""")
_COLOR_CHOICE = re.compile(r"""\[data-md-color-(primary|accent|scheme)=["']?([\w-]+)["']?\]""")
_ATTRIBUTE = re.compile(r"\[[^\]]*\]")
_STRING = re.compile(r""""[^"]*"|'[^']*'""")
_NOT = re.compile(r":not\((?:[^()]|\([^()]*\))*\)")
_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_PSEUDO = re.compile(r"::?[\w-]+")
_TYPE = re.compile(r"(?:^|[\s>+~(,])([a-zA-Z][\w-]*)")
_VAR = re.compile(r"var\(\s*(--[\w-]+)")
# States only the theme's script or the reader sets: a shadow once scrolled, the
# page title swapped in, a message shown, an open drawer or search, a palette being
# switched.
_LATER_STATES = re.compile(
    r"--shadow\b|__title--active|md-dialog--active|\[data-md-color-switching\]|\[data-md-scrolllock\]"
    r"|\[data-md-toggle=\w+\]:checked|\.md-header\[hidden\]"
)
# Declarations that change nothing on a first screen: motion, pointers, focus rings.
_LATER_PROPERTIES = (
    "transition",
    "animation",
    "will-change",
    "cursor",
    "outline",
    "-webkit-tap-highlight-color",
)


@dataclass(frozen=True)
class Palette:
    """The colour choices the site's palette configures (mkdocs.yml `theme.palette`)."""

    schemes: frozenset[str]
    primaries: frozenset[str]
    accents: frozenset[str]

    def allows(self, kind: str, value: str) -> bool:
        chosen = {"scheme": self.schemes, "primary": self.primaries, "accent": self.accents}
        return value in chosen[kind]


def palette_of(theme_palette: object) -> Palette:
    """The colours of mkdocs.yml's `theme.palette` (one mapping or a list of them),
    with the theme's defaults for what it leaves out."""
    entries = theme_palette if isinstance(theme_palette, list) else [theme_palette or {}]
    found: dict[str, set[str]] = {"scheme": set(), "primary": set(), "accent": set()}
    defaults = {"scheme": "default", "primary": "indigo", "accent": "indigo"}
    for entry in entries:
        if not isinstance(entry, dict):
            continue
        for kind, default in defaults.items():
            found[kind].add(str(entry.get(kind) or default).replace(" ", "-"))
    return Palette(
        frozenset(found["scheme"] or {"default"}),
        frozenset(found["primary"] or {"indigo"}),
        frozenset(found["accent"] or {"indigo"}),
    )


class FirstScreen:
    """The site's stylesheets, read once, and the first-screen CSS of each kind of page."""

    def __init__(self, stylesheets: Sequence[str], palette: Palette) -> None:
        """Arguments:
        stylesheets: their text, in the order pages link them.
        """
        self.rules: list[_Rule] = []
        self.made: dict[tuple[str, ...], str] = {}
        for text in stylesheets:
            parsed = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
            self.rules.extend(_screen_rules(parsed, palette))

    def css(self, extra_blocks: Iterable[str] = ()) -> str:
        """The rules the first screen of every page needs, and those of `extra_blocks`
        (names in `PAGE_BLOCKS`), minified as one stylesheet.

        Its text never holds `</`, so it can stand in a `<style>` element as it is.
        """
        key = tuple(extra_blocks)
        if key not in self.made:
            self.made[key] = self._css(key)
        return self.made[key]

    def _css(self, extra_blocks: Iterable[str]) -> str:
        blocks = dict(FIRST_SCREEN_BLOCKS)
        for name in extra_blocks:
            blocks.update(PAGE_BLOCKS[name])
        kept = [rule for rule in (rule.keep(blocks) for rule in self.rules) if rule is not None]
        used = _used_properties(kept)
        css = "".join(rule.text(used) for rule in kept)
        # `<\/` reads as `</` in CSS (strings, identifiers) but never closes the element.
        return css.replace("</", "<\\/")


@dataclass
class _Rule:
    """A style rule (`selectors`, `declarations`), or an at-rule (`prelude`) round others."""

    selectors: list[str]
    declarations: list[tuple[str, str]]
    prelude: str = ""
    children: list[_Rule] | None = None

    def keep(self, blocks: Mapping[str, frozenset[str] | None]) -> _Rule | None:
        """This rule with only what can style a first screen; None if nothing can."""
        if self.children is not None:
            children = [kept for kept in (c.keep(blocks) for c in self.children) if kept]
            return _Rule([], [], self.prelude, children) if children else None
        selectors = [s for s in self.selectors if _names_only(s, blocks)]
        return _Rule(selectors, self.declarations) if selectors else None

    def text(self, used: set[str]) -> str:
        if self.children is not None:
            inner = "".join(child.text(used) for child in self.children)
            return f"{self.prelude}{{{inner}}}" if inner else ""
        kept = [
            f"{name}:{value}"
            for name, value in self.declarations
            if not name.startswith("--") or name in used
        ]
        return f"{','.join(self.selectors)}{{{';'.join(kept)}}}" if kept else ""

    def walk(self) -> Iterable[_Rule]:
        if self.children is None:
            yield self
        else:
            for child in self.children:
                yield from child.walk()


def _screen_rules(nodes: Iterable[object], palette: Palette) -> list[_Rule]:
    """The rules that can apply to a narrow screen before anyone touches it, with the
    selectors that can; which blocks they may name is decided later."""
    kept: list[_Rule] = []
    for node in nodes:
        if isinstance(node, tinycss2.ast.QualifiedRule):
            selectors = [
                selector
                for selector in _split_selectors(_compact(node.prelude, around=",>+~"))
                if _before_any_action(selector, palette)
            ]
            declarations = [
                (name, value)
                for name, value in _declarations(node.content)
                if not name.startswith(_LATER_PROPERTIES)
            ]
            if selectors and declarations:
                kept.append(_Rule(selectors, declarations))
        elif isinstance(node, tinycss2.ast.AtRule):
            keyword = node.lower_at_keyword
            if keyword not in ("media", "supports") or node.content is None:
                continue  # @font-face, @keyframes, @page: nothing a first screen needs
            condition = _compact(node.prelude, around="")
            if keyword == "media" and (_print_only(condition) or _wide_only(condition)):
                continue
            inner = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            children = _screen_rules(inner, palette)
            if children:
                kept.append(_Rule([], [], f"@{keyword} {condition}", children))
    return kept


def _before_any_action(selector: str, palette: Palette) -> bool:
    """Whether `selector` can match before the reader or the theme's script does anything,
    in a colour the site uses, left to right."""
    if _INTERACTION.search(selector) or _RIGHT_TO_LEFT.search(selector):
        return False
    if _LATER_STATES.search(selector):
        return False
    return all(palette.allows(kind, value) for kind, value in _COLOR_CHOICE.findall(selector))


def _names_only(selector: str, blocks: Mapping[str, frozenset[str] | None]) -> bool:
    """Whether every class and element `selector` requires is one of `blocks` and
    `FIRST_SCREEN_ELEMENTS`."""
    # What a selector requires: not what `:not()` rules out, nor attribute values.
    bare = _NOT.sub("", _ATTRIBUTE.sub("[]", _STRING.sub('""', selector)))
    for name in _CLASS.findall(bare):
        block, _, element = name.split("--", 1)[0].partition("__")
        if block not in blocks:
            return False
        elements = blocks[block]
        if elements is not None and element not in elements:
            return False
    elements = _TYPE.findall(_PSEUDO.sub("", _CLASS.sub("", bare)))
    return all(element.lower() in FIRST_SCREEN_ELEMENTS for element in elements)


def _wide_only(condition: str) -> bool:
    """Whether a media condition holds only on screens that wait for the full CSS."""
    return any(float(width) >= WIDE_SCREEN_EM for width in _MIN_WIDTH.findall(condition))


def _print_only(condition: str) -> bool:
    return condition.strip().lower() == "print"


def _declarations(content: list[object]) -> list[tuple[str, str]]:
    found = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if isinstance(item, tinycss2.ast.Declaration):
            value = _compact(item.value)
            if item.important:
                value += "!important"
            name = item.name if item.name.startswith("--") else item.lower_name
            found.append((name, value))
    return found


def _used_properties(rules: list[_Rule]) -> set[str]:
    """The custom properties the kept rules use, directly or through other properties."""
    defined: dict[str, list[str]] = {}
    wanted: list[str] = []
    for rule in rules:
        for leaf in rule.walk():
            for name, value in leaf.declarations:
                if name.startswith("--"):
                    defined.setdefault(name, []).append(value)
                else:
                    wanted.extend(_VAR.findall(value))
    used: set[str] = set()
    while wanted:
        name = wanted.pop()
        if name not in used:
            used.add(name)
            for value in defined.get(name, []):
                wanted.extend(_VAR.findall(value))
    return used


def _compact(tokens: list[object], around: str = ",") -> str:
    """Tokens as CSS with no more whitespace than the meaning needs: runs of it made
    one space, and none beside the characters of `around` (never `+` or `-` in a
    value: `calc()` needs the spaces round them)."""
    text = re.sub(r"\s+", " ", tinycss2.serialize(tokens)).strip()
    if not around or '"' in text or "'" in text:
        return text
    return re.sub(rf"\s*([{re.escape(around)}])\s*", r"\1", text)


def _split_selectors(prelude: str) -> list[str]:
    """A selector list's complex selectors (commas inside `:is()` and strings stay)."""
    parts: list[str] = []
    depth = 0
    start = 0
    quote = ""
    for index, character in enumerate(prelude):
        if quote:
            if character == quote:
                quote = ""
        elif character in "\"'":
            quote = character
        elif character in "([":
            depth += 1
        elif character in ")]":
            depth -= 1
        elif character == "," and depth == 0:
            parts.append(prelude[start:index].strip())
            start = index + 1
    parts.append(prelude[start:].strip())
    return [part for part in parts if part]


# The theme's own stylesheets, which its base template links before `extra_css`; their
# names carry a hash of their content.
THEME_STYLESHEETS = ("assets/stylesheets/main.*.min.css",)
THEME_PALETTE_STYLESHEET = "assets/stylesheets/palette.*.min.css"


def site_stylesheets(
    theme_dirs: Sequence[str], extra_css: Sequence[str], palette: bool
) -> list[str]:
    """Every stylesheet a page links, site-relative, in the theme's order: its bundle,
    its palette (when the site configures one), then the site's `extra_css`."""
    patterns = [*THEME_STYLESHEETS, *([THEME_PALETTE_STYLESHEET] if palette else [])]
    found: list[str] = []
    for pattern in patterns:
        for folder in theme_dirs:
            matches = sorted(Path(folder).glob(pattern))
            if matches:
                found.append(matches[0].relative_to(folder).as_posix())
                break
    return found + [str(path) for path in extra_css]


def read_stylesheets(folders: Sequence[str], paths: Sequence[str]) -> dict[str, str]:
    """The text of each of `paths` from the first of `folders` that has it, as MkDocs
    copies them (the docs folder, then the theme's); a path none has (an address
    elsewhere) is left out."""
    texts = {}
    for path in paths:
        for folder in folders:
            file = Path(folder) / path
            if file.is_file():
                texts[path] = file.read_text("utf-8")
                break
    return texts


# Where the one stylesheet that joins the others goes: beside them, so the relative
# addresses in each (`url()`) still lead where they did.
JOINED_FOLDER = "assets/stylesheets"
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/")


@dataclass(frozen=True)
class JoinedStylesheet:
    """The site's stylesheets as pages link them: one file instead of several, so a page
    makes one request for its full CSS, and a browser restyles it once."""

    path: str
    """Site-relative, named by its content (`assets/stylesheets/site.1a2b3c4d.min.css`)."""
    text: str
    links: list[str]
    """What pages link, in order: the joined file, then any stylesheet kept apart."""


def join_stylesheets(paths: Sequence[str], texts: Mapping[str, str]) -> JoinedStylesheet:
    """Join the stylesheets of `paths` in `JOINED_FOLDER`, in order, comments left out
    (the theme's files are minified already); those elsewhere stay separate files."""
    joined = [path for path in paths if path in texts and _in_joined_folder(path)]
    parts = []
    for path in joined:
        text = _SOURCE_MAP.sub("", texts[path])
        if not path.endswith(".min.css"):
            nodes = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
            text = "\n".join(tinycss2.serialize([node]) for node in nodes)
        parts.append(text.strip())
    text = "\n".join(parts) + "\n"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
    path = f"{JOINED_FOLDER}/site.{digest}.min.css"
    first = min((paths.index(p) for p in joined), default=len(paths))
    links = [p for p in paths[:first] if p not in joined]
    links += [path] if joined else []
    links += [p for p in paths[first:] if p not in joined]
    return JoinedStylesheet(path, text, links)


def _in_joined_folder(path: str) -> bool:
    return path.rsplit("/", 1)[0] == JOINED_FOLDER if "/" in path else False


@dataclass(frozen=True)
class SiteStyles:
    """What pages need of the site's stylesheets: the joined file, and the first-screen
    CSS of every kind of page ("" for a page of no kind in `PAGE_BLOCKS`)."""

    joined: JoinedStylesheet
    first_screens: dict[str, str]

    def first_screen(self, kind: str | None = None) -> str:
        return self.first_screens[kind or ""]


# What the cache's entries were made by: a change to this module makes them stale.
_MADE_BY = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def site_styles(
    paths: Sequence[str], texts: Mapping[str, str], palette: object, cache: Path | None
) -> SiteStyles:
    """The joined stylesheet and every first screen's CSS, from `cache` when the same
    stylesheets (and palette, and this module) made them before.

    Reading the theme's 138 KB of CSS takes a build 0.15 s of CPU; a cached entry
    takes a millisecond. A cache that cannot be written is only slower.
    """
    key = hashlib.sha256(
        json.dumps([_MADE_BY, list(paths), sorted(texts.items()), repr(palette)]).encode()
    ).hexdigest()
    entry = cache / f"{key}.json" if cache is not None else None
    if entry is not None and entry.is_file():
        try:
            saved = json.loads(entry.read_text("utf-8"))
            joined = JoinedStylesheet(saved["path"], saved["text"], saved["links"])
            return SiteStyles(joined, saved["first_screens"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # unreadable: made again below
    reader = FirstScreen(list(texts.values()), palette_of(palette))
    first_screens = {"": reader.css()}
    first_screens.update({kind: reader.css([kind]) for kind in PAGE_BLOCKS})
    styles = SiteStyles(join_stylesheets(paths, texts), first_screens)
    if entry is not None:
        _save(entry, styles)
    return styles


def _save(entry: Path, styles: SiteStyles) -> None:
    saved = {
        "path": styles.joined.path,
        "text": styles.joined.text,
        "links": styles.joined.links,
        "first_screens": styles.first_screens,
    }
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        for old in entry.parent.glob("*.json"):
            old.unlink(missing_ok=True)  # one site, one entry: keep the folder small
        write_atomically(entry, json.dumps(saved).encode("utf-8"))
    except OSError:
        pass
