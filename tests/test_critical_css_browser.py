"""The inline first-screen CSS lays out each page's first screen as the full CSS does.

On a phone a page paints from its inline CSS before the full stylesheets arrive (they
are linked at the end of <body>); when they do, nothing on the first screen may move,
change size or colour, or flash into view (Lighthouse counts the moves as layout
shift, and readers see them all). Each page type of the real site is loaded twice
in Chromium, with the theme's and our script files held back both times (they run
only once the full CSS is in): once with its stylesheets, once without them. Every
element on the first screen must have the same box, colours, font size and opacity.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser import serve_folder

pytest.importorskip("playwright")

PAGES = {
    "home": "",
    "article": "articles/ask-for-feedback-you-can-use/",
    "checklist": "checklists/ask-for-feedback/",
    "worksheet": "worksheets/ask-for-feedback/",
    "listing": "articles/",
    "topics": "tags/",
    "not found": "404.html",
}
# A phone (Lighthouse's), a small phone and a tablet held upright: every width below
# the one where the full stylesheets load in <head>.
SCREENS = [(412, 823), (360, 640), (768, 1024)]
# The reader's saved choice of the dark palette, as the theme's palette toggle keeps it.
DARK = {
    "index": 1,
    "color": {"media": "", "scheme": "slate", "primary": "custom", "accent": "deep orange"},
}
# Every element on the first screen: its box (the height only if it ends on that
# screen), colours, font size and opacity. Elements clipped away inside a box off
# screen (the menu drawer's) are not on it.
FIRST_SCREEN = """
() => {
  const seen = [];
  document.body.querySelectorAll("*").forEach((element, index) => {
    const box = element.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) return;
    if (box.top >= innerHeight || box.bottom <= 0 || box.left >= innerWidth || box.right <= 0) {
      return;
    }
    const style = getComputedStyle(element);
    if (style.visibility === "hidden") return;
    for (let up = element.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflow === "visible") continue;
      const clip = up.getBoundingClientRect();
      const away = clip.right <= 0 || clip.left >= innerWidth;
      if (away || clip.bottom <= 0 || clip.top >= innerHeight) return;
    }
    const name = element.tagName.toLowerCase()
      + (typeof element.className === "string" && element.className
        ? "." + element.className.trim().split(/\\s+/).join(".") : "");
    seen.push([index, name, Math.round(box.left), Math.round(box.top), Math.round(box.width),
      box.bottom <= innerHeight ? Math.round(box.height) : "on below", style.color,
      style.backgroundColor, style.fontSize, style.opacity]);
  });
  return seen;
}
"""


@pytest.fixture(scope="module")
def site_url(real_site: Path) -> Iterator[str]:
    with serve_folder(real_site) as url:
        yield url


def first_screens(
    browser: Any, site_url: str, screen: tuple[int, int], dark: bool, css: bool
) -> dict[str, dict[int, list[Any]]]:
    width, height = screen
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route("**/*.js", lambda route: route.abort())
    if not css:
        context.route("**/*.css", lambda route: route.abort())
    if dark:
        saved = json.dumps(json.dumps(DARK))
        context.add_init_script(f"localStorage.setItem('/.__palette', {saved})")
    page = context.new_page()
    found = {}
    for name, path in PAGES.items():
        page.goto(f"{site_url}/{path}")
        page.wait_for_load_state("load")
        found[name] = {entry[0]: entry[1:] for entry in page.evaluate(FIRST_SCREEN)}
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert scheme == ("slate" if dark else "default"), name
    context.close()
    return found


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("screen", SCREENS, ids=[f"{w}x{h}" for w, h in SCREENS])
def test_the_first_screen_is_the_same_before_and_after_the_full_css(
    browser: Any, site_url: str, screen: tuple[int, int], dark: bool
) -> None:
    full = first_screens(browser, site_url, screen, dark, css=True)
    inline = first_screens(browser, site_url, screen, dark, css=False)

    differences = []
    for name in PAGES:
        for index in sorted(set(full[name]) | set(inline[name])):
            if full[name].get(index) != inline[name].get(index):
                differences.append(
                    f"{name}: with the full CSS {full[name].get(index)}, "
                    f"inline only {inline[name].get(index)}"
                )
    assert differences == []
