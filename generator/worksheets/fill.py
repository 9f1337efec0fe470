"""Worksheet PDFs with full pages: answer boxes grow into the space a page would leave blank.

Every worksheet starts on a new page and no item is split across pages (a form
field cannot be, and a tick box should stay with its words), so a page ends where
the next item no longer fits and a worksheet's last page ends where its items
do. Left alone, that left pages up to 90% blank. Here the blank becomes room to
write: written answers of two lines or more get extra lines (whole lines, never fewer
than the checklist asks for; a one-line answer, a number or a date, stays one
line) until each page is full, and the worksheet keeps its number of pages.

It works on WeasyPrint's layout, in three moves, for every worksheet of a document
at once (they are independent: each starts on a page of its own):

1. Tighten: a worksheet longer than a page is set a little closer (TIGHTER) when
   that saves it a page, and only then.
2. Fill: a page's free space goes to the written answers on that page. The items
   grow by no more than the space left below them, so every page break stays
   where it was: one layout tells the result exactly.
3. Push, for a worksheet with a page that has free space and no written answer
   to give it to (its last page holds a tick box or a scale, say), or much free
   space (one box would take it all): its answers grow by a few lines first,
   which pushes items onto the next page, then fill.
   A handful of sizes are laid out and the least blank one (then the one whose
   most stretched box grew least, against its own lines) is kept.

A worksheet's fit is remembered: the workbook then sets each worksheet as its own
PDF, without working it out again.

Only WeasyPrint's rendering imports this module (through pdf.py).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from weasyprint.formatting_structure.boxes import LineBox, MarginBox

# How many sizes of push are tried for a worksheet that needs one (each is a layout).
PUSH_TRIES = 4
# Pushing is tried for a page with this many lines free, answers or not.
PUSH_ROOM = 4
# The names the template gives worksheets and items; anything else is left alone.
_NAME = re.compile(r"^[a-z0-9-]{1,80}$")
# Below this, free space is rounding (CSS px).
_EPSILON = 0.5

# How a worksheet longer than a page is set closer when that saves a page (and only
# then): items nearer each other, a smaller introduction and title; tick boxes,
# choices and answer lines keep their size. Selectors are inside the worksheet; the
# rules override worksheet-pdf.css (a user stylesheet, so !important).
TIGHTER: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "ol.rebound-worksheet__items > li.rebound-sheet-item",
        ("padding-top: 3pt", "padding-bottom: 3pt"),
    ),
    (".rebound-worksheet__header", ("margin-bottom: 0.6em",)),
    (".rebound-worksheet__description", ("margin-bottom: 0.5em",)),
    (".rebound-worksheet__about", ("margin-top: 0.3em",)),
    (".rebound-sheet-scale", ("margin-top: 0.2em",)),
    (".rebound-sheet-lines", ("margin-top: 2pt",)),
    (".rebound-sheet-item__hint", ("margin-top: 0",)),
    (".rebound-worksheet__title", ("font-size: 1.7em",)),
    (".rebound-worksheet__intro", ("font-size: 9pt", "line-height: 1.3")),
    (".rebound-worksheet__intro p", ("margin-bottom: 0.4em",)),
    ("li.rebound-sheet-item--check input.rebound-sheet-box", ("top: 3pt",)),
    (
        "li.rebound-sheet-item--check .rebound-sheet-item__text",
        ("min-height: 16.5pt", "padding-top: 1pt"),
    ),
)

# An answer: (worksheet slug, item id).
Answer = tuple[str, str]


@dataclass(frozen=True)
class PageSpace:
    """One laid-out page as far as filling it goes.

    Attributes:
        sheet: the slug of the worksheet on the page; None for a page with none (the cover).
        free: CSS px between the last thing on the page and the foot of its content area.
        answers: the written answers on the page, in order.
    """

    sheet: str | None
    free: float
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Layout:
    """What filling needs of a laid-out document.

    Attributes:
        line: the height of one ruled line of an answer, CSS px (0 with no answers).
        lines: each answer's own lines, as the checklist asks.
    """

    pages: tuple[PageSpace, ...]
    line: float
    lines: Mapping[Answer, int]

    def page_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for page in self.pages:
            if page.sheet is not None:
                counts[page.sheet] = counts.get(page.sheet, 0) + 1
        return counts


@dataclass(frozen=True)
class Fit:
    """How one worksheet is set: closer or not, its answers' extra lines, its pages."""

    tight: bool
    growth: Mapping[str, int]
    """Item id -> extra lines."""
    pages: int


# Fits worked out before, by worksheet (its HTML and its first layout, see `_fit_key`):
# the workbook lays out each worksheet exactly as its own PDF does, and `rebound
# serve` renders the workbook again whenever one worksheet changes.
_KNOWN_FITS: dict[str, Fit] = {}
_KNOWN_FITS_KEPT = 64


def filled_document(render: Callable[[str], Any], html: str) -> Any:
    """The WeasyPrint document of `render`, each worksheet set closer where that saves a
    page, and its answer boxes grown to fill its pages.

    Arguments:
        render: extra CSS (a user stylesheet) -> a rendered WeasyPrint document using it.
        html: the document `render` renders, to know a worksheet seen before.
    """
    document = render("")
    normal = read_layout(document)
    keys = {sheet: _fit_key(html, normal, sheet) for sheet in normal.page_counts()}
    known = {sheet: _KNOWN_FITS[key] for sheet, key in keys.items() if key in _KNOWN_FITS}
    result = _filled(render, document, normal, known)
    if result is None and known:
        # A fit from before did not hold (it always should): work every one out afresh.
        result = _filled(render, document, normal, {})
    if result is None:
        # Filling never moves a page break; should it ever (a WeasyPrint quirk), the
        # worksheets keep their pages and the reader loses nothing but some blank.
        return document
    filled, fits = result
    if len(_KNOWN_FITS) > _KNOWN_FITS_KEPT:
        _KNOWN_FITS.clear()
    _KNOWN_FITS.update({keys[sheet]: fit for sheet, fit in fits.items()})
    return filled


def _filled(
    render: Callable[[str], Any], document: Any, normal: Layout, known: Mapping[str, Fit]
) -> tuple[Any, dict[str, Fit]] | None:
    """The filled document and each worksheet's fit (`known` taken as they are), or None
    when the result would not have the pages expected."""
    first, tight = _tighten(render, normal, known)
    counts = {**first.page_counts(), **{sheet: fit.pages for sheet, fit in known.items()}}
    base = tight_css(tight)
    pushing = [
        sheet
        for sheet in counts
        if sheet not in known and first.line > 0 and _may_push(first, sheet)
    ]
    candidates: dict[str, list[tuple[dict[Answer, int], Layout]]] = {
        sheet: [({}, first)] for sheet in counts if sheet not in known
    }
    tried: list[dict[Answer, int]] = [{}]
    for attempt in range(1, PUSH_TRIES + 1) if pushing else ():
        pushes: dict[Answer, int] = {}
        for sheet in pushing:
            pushes.update(_push(first, sheet, attempt))
        if pushes in tried:  # a short last page has fewer sizes to try
            continue
        tried.append(pushes)
        layout = read_layout(render(base + growth_css(pushes, first.line)))
        for sheet in pushing:
            if layout.page_counts().get(sheet) == counts[sheet]:
                mine = {answer: n for answer, n in pushes.items() if answer[0] == sheet}
                candidates[sheet].append((mine, layout))
    growth = {(sheet, item): n for sheet, fit in known.items() for item, n in fit.growth.items()}
    for sheet, outcomes in candidates.items():
        best = min((_outcome(push, layout, sheet) for push, layout in outcomes), key=_rank)
        growth.update(best[2])
    fits = {
        sheet: Fit(
            sheet in tight,
            {item: n for (owner, item), n in growth.items() if owner == sheet and n},
            count,
        )
        for sheet, count in counts.items()
    }
    if not any(n for n in growth.values()) and not tight:
        return document, fits
    filled = render(base + growth_css(growth, first.line))
    if read_layout(filled).page_counts() != counts:
        return None
    return filled, fits


def _fit_key(html: str, normal: Layout, sheet: str) -> str:
    """What makes a worksheet's fit: its own HTML, and its pages as first laid out (which
    the page size and the stylesheets shape)."""
    start = html.find(f'data-worksheet="{sheet}"')
    article = html[start : html.find("</article>", start)] if start >= 0 else ""
    pages = [(round(page.free, 2), page.answers) for page in normal.pages if page.sheet == sheet]
    lines = sorted((answer, n) for answer, n in normal.lines.items() if answer[0] == sheet)
    described = repr((article, pages, round(normal.line, 3), lines))
    return hashlib.sha256(described.encode("utf-8")).hexdigest()


def tight_css(sheets: Sequence[str]) -> str:
    """CSS setting the worksheets `sheets` closer (TIGHTER), as a user stylesheet."""
    rules = []
    for sheet in sorted(sheets):
        if not _NAME.match(sheet):
            continue
        scope = f'.rebound-worksheet[data-worksheet="{sheet}"]'
        for selector, declarations in TIGHTER:
            important = " ".join(f"{declaration} !important;" for declaration in declarations)
            rules.append(f"{scope} {selector} {{ {important} }}")
    return "\n".join(rules) + ("\n" if rules else "")


def _tighten(
    render: Callable[[str], Any], normal: Layout, known: Mapping[str, Fit]
) -> tuple[Layout, list[str]]:
    """The layout to fill (for the worksheets not known), and the worksheets set closer
    (TIGHTER): those known to be, and those longer than a page that it saves a page."""
    counts = normal.page_counts()
    tight = [sheet for sheet, fit in known.items() if fit.tight]
    longer = [sheet for sheet, count in counts.items() if count > 1 and sheet not in known]
    if not longer:
        return normal, tight  # the pages of known worksheets are not looked at
    closer = read_layout(render(tight_css(tight + longer)))
    tight += [sheet for sheet in longer if closer.page_counts().get(sheet, 0) < counts[sheet]]
    # The worksheets are independent (each starts on a page of its own), so each
    # keeps the pages of the layout it will be rendered in.
    pages = tuple(page for page in normal.pages if page.sheet not in tight) + tuple(
        page for page in closer.pages if page.sheet in tight
    )
    return Layout(pages, normal.line, normal.lines), tight


def read_layout(document: Any) -> Layout:
    """The pages' free space and written answers, from WeasyPrint's page boxes."""
    pages = []
    line = 0.0
    lines: dict[Answer, int] = {}
    for page in document.pages:
        page_box = page._page_box  # WeasyPrint's layout (pinned <71): no public API
        foot = page_box.content_box_y() + page_box.height
        sheet = None
        end = page_box.content_box_y()
        answers: list[Answer] = []
        for box, item in _boxes(page_box):
            element = getattr(box, "element", None)
            classes = (element.get("class") or "").split() if element is not None else []
            tag = getattr(box, "element_tag", None)
            if tag == "article" and "rebound-worksheet" in classes:
                name = element.get("data-worksheet") or ""
                sheet = name if _NAME.match(name) else None
            if tag == "li" or isinstance(box, LineBox):
                end = max(end, box.position_y + box.margin_height())
            if tag == "li" and "rebound-sheet-item--question" in classes:
                name = element.get("data-item") or ""
                if sheet is not None and _NAME.match(name):
                    answers.append((sheet, name))
            if "rebound-sheet-line" in classes and item is not None and sheet is not None:
                line = line or box.margin_height()
                answer = (sheet, item)
                lines[answer] = lines.get(answer, 0) + 1
        pages.append(PageSpace(sheet, max(0.0, foot - end), tuple(answers)))
    return Layout(tuple(pages), line, lines)


def growth_css(growth: Mapping[Answer, int], line: float) -> str:
    """CSS giving each answer box its extra lines (as padding: the form field covers it too).

    A user stylesheet, as WeasyPrint takes extra ones: `!important`, or the site's
    own stylesheets would win.
    """
    rules = [
        f'.rebound-worksheet[data-worksheet="{sheet}"] li[data-item="{item}"]'
        f" > .rebound-sheet-lines {{ padding-bottom: {extra * line:.3f}px !important; }}"
        for (sheet, item), extra in sorted(growth.items())
        if extra > 0 and _NAME.match(sheet) and _NAME.match(item)
    ]
    return "\n".join(rules)


def share(total: int, weights: Sequence[int]) -> list[int]:
    """`total` whole lines shared in proportion to `weights` (largest remainders first)."""
    if total <= 0 or not weights:
        return [0] * len(weights)
    weights = [max(1, weight) for weight in weights]
    exact = [total * weight / sum(weights) for weight in weights]
    shares = [math.floor(part) for part in exact]
    by_remainder = sorted(range(len(exact)), key=lambda i: (shares[i] - exact[i], i))
    for i in by_remainder[: total - sum(shares)]:
        shares[i] += 1
    return shares


def _boxes(box: Any, item: str | None = None) -> Iterator[tuple[Any, str | None]]:
    """Every box under `box` but the page's margin boxes, with the answer item it is in."""
    element = getattr(box, "element", None)
    if getattr(box, "element_tag", None) == "li" and element is not None:
        item = element.get("data-item")
    yield box, item
    for child in getattr(box, "children", None) or ():
        if not isinstance(child, MarginBox):
            yield from _boxes(child, item)


def _pages_of(layout: Layout, sheet: str) -> list[PageSpace]:
    return [page for page in layout.pages if page.sheet == sheet]


def _growable(layout: Layout, page: PageSpace) -> list[Answer]:
    """The answers on a page that may grow: a one-line answer (a number, a date) stays one line."""
    return [answer for answer in page.answers if layout.lines.get(answer, 0) >= 2]


def _may_push(layout: Layout, sheet: str) -> bool:
    """Whether pushing items onto a later page of the worksheet could leave less blank
    or spread its room over more boxes: a page with PUSH_ROOM lines free (or a line,
    and no answer of its own to give it to), after a page with answers to grow."""
    seen_answers = False
    for page in _pages_of(layout, sheet):
        growable = bool(_growable(layout, page))
        room = page.free / layout.line
        if seen_answers and (room >= PUSH_ROOM or (room >= 1 and not growable)):
            return True
        seen_answers = seen_answers or growable
    return False


def _push(layout: Layout, sheet: str, attempt: int) -> dict[Answer, int]:
    """The `attempt`th of PUSH_TRIES sizes of push, up to the worksheet's last page's blank."""
    pages = _pages_of(layout, sheet)
    most = math.floor(pages[-1].free / layout.line) if pages else 0
    total = math.ceil(most * attempt / PUSH_TRIES)
    answers = [answer for page in pages for answer in _growable(layout, page)]
    shares = share(total, [layout.lines.get(answer, 1) for answer in answers])
    return {answer: n for answer, n in zip(answers, shares, strict=True) if n}


def _outcome(
    push: Mapping[Answer, int], layout: Layout, sheet: str
) -> tuple[int, float, dict[Answer, int]]:
    """(blank left in lines, the most a box is stretched, the growth) of a push, then filling."""
    growth = dict(push)
    if layout.line <= 0:  # no written answer anywhere: nothing grows
        return 0, 1.0, growth
    blank = 0.0
    for page in _pages_of(layout, sheet):
        answers = _growable(layout, page)
        room = max(0, math.floor((page.free - _EPSILON) / layout.line)) if answers else 0
        shares = share(room, [layout.lines[answer] for answer in answers])
        for answer, extra in zip(answers, shares, strict=True):
            growth[answer] = growth.get(answer, 0) + extra
        blank += page.free - room * layout.line
    # How many times its own size the most grown box became.
    stretch = (
        max(
            ((layout.lines.get(answer, 1) + extra) / layout.lines.get(answer, 1))
            for answer, extra in growth.items()
        )
        if growth
        else 1.0
    )
    return round(blank / layout.line), stretch, growth


def _rank(outcome: tuple[int, float, dict[Answer, int]]) -> tuple[int, float]:
    """Least blank first, then the least stretched box."""
    return outcome[0], outcome[1]
