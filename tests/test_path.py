"""The five-step path in the built HTML: step markers, the one "Next" card, the steps
lists with what progress.js needs, and the 404 page's links (tiny sites)."""

from __future__ import annotations

import re
from pathlib import Path

from .conftest import ARTICLE_MD, CHECKLIST_MD, MKDOCS_YML, SiteMaker, build


def checklist(slug: str, title: str, step: int | None) -> dict[str, str]:
    text = CHECKLIST_MD.replace("title: Ask for feedback", f"title: {title}")
    text = text.replace("step: 1\n", f"step: {step}\n" if step else "")
    return {f"content/checklists/{slug}.md": text}


def article(slug: str, step: int | None, checklists: str | None) -> dict[str, str]:
    text = ARTICLE_MD.replace("step: 1\n", f"step: {step}\n" if step else "")
    text = text.replace(
        "checklists: [ask-for-feedback]\n", f"checklists: [{checklists}]\n" if checklists else ""
    )
    return {f"content/articles/posts/{slug}.md": text}


def read(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def cards(html: str) -> list[str]:
    found = re.findall(r'<nav class="rebound-next".*?</nav>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", card).split()) for card in found]


def markers(html: str) -> list[str]:
    found = re.findall(r'<p class="rebound-step-marker".*?</p>', html, re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", marker).split()) for marker in found]


def test_every_article_and_checklist_has_one_way_on(make_site: SiteMaker) -> None:
    files = {
        **checklist("plan", "Make a plan", 3),
        **checklist("extra", "Extra reading", None),
        **article("on-the-path", 1, "ask-for-feedback"),
        **article("without-its-checklist", 1, None),
        **article("off-the-path", None, None),
        **article("at-the-end", 3, "plan"),
    }
    site = build(make_site(files, article=False))

    # (Every checklist here has the tiny site's description.)
    assert cards(read(site, "articles/on-the-path")) == [
        "Next: Step 3 \u2013 Make a plan Ask for feedback you can use."
    ]
    assert cards(read(site, "articles/without-its-checklist")) == [
        "Next: the Step 1 checklist \u2013 Ask for feedback Ask for feedback you can use."
    ]
    assert cards(read(site, "articles/off-the-path"))[0].startswith(
        "Next: find your step on the path"
    )
    assert cards(read(site, "articles/at-the-end"))[0].startswith(
        "Next: look back over your five steps"
    )
    assert cards(read(site, "checklists/ask-for-feedback")) == [
        "Next: Step 3 \u2013 Make a plan Ask for feedback you can use."
    ]
    assert cards(read(site, "checklists/extra"))[0].startswith("Next: find your step")
    # Where each link leads, from the page it is on.
    on_path = read(site, "articles/on-the-path")
    assert 'class="rebound-next__link" href="../../checklists/plan/"' in on_path
    assert 'class="rebound-next__link" href="../../#rebound-path-title"' in read(
        site, "articles/at-the-end"
    )


def test_pages_on_the_path_say_which_step_they_are(make_site: SiteMaker) -> None:
    files = {**checklist("plan", "Make a plan", 3), **article("off-the-path", None, None)}
    site = build(make_site(files))

    assert markers(read(site, "articles/ask-for-feedback-you-can-use")) == [
        "Step 1 of 5 \u00b7 Ask for feedback"
    ]
    # A step's own checklist is titled with the step's name: the marker does not repeat it.
    assert markers(read(site, "checklists/plan")) == ["Step 3 of 5"]
    assert markers(read(site, "articles/off-the-path")) == []
    # Right under the title (the theme prints the title before the page's content).
    html = read(site, "checklists/plan")
    title = html.index("<h1")
    # (The page's inline CSS in <head> names the class too: look for the element.)
    marker = html.index('class="rebound-step-marker')
    assert marker > title
    assert "<h1" not in html[html.index("</h1>") : marker]


def test_the_steps_lists_carry_what_progress_needs(make_site: SiteMaker) -> None:
    files = {
        "content/index.md": "---\ntemplate: home.html\n---\n\n# Home\n\nWelcome.\n",
        "content/checklists/index.md": "# Checklists\n\nAll of them.\n",
        **checklist("plan", "Make a plan", 3),
        **checklist("extra", "Extra reading", None),
    }
    site = build(make_site(files))

    home = (site / "index.html").read_text("utf-8")
    steps = re.findall(r"<li class=\"rebound-path__step\" ([^>]*)>", home)
    assert steps == [
        'data-rebound-checklist="ask-for-feedback" data-rebound-total="3" '
        'data-rebound-items="thank-them what-went-well rate-call"',
        'data-rebound-checklist="plan" data-rebound-total="3" '
        'data-rebound-items="thank-them what-went-well rate-call"',
    ]
    assert home.count('class="rebound-path__progress" hidden') == 2
    # The checklists page lists the steps, then the checklists on no step.
    listed = read(site, "checklists")
    assert re.findall(r'class="rebound-path__link" href="([^"]+)"', listed) == [
        "ask-for-feedback/",
        "plan/",
        "extra/",
    ]
    assert "Step 1:</span> Ask for feedback" in listed
    assert ">Extra reading</a>" in listed


def test_the_404_page_links_from_the_site_root_at_any_address(make_site: SiteMaker) -> None:
    yml = MKDOCS_YML.replace("site_url: http://127.0.0.1:8000/", "site_url: https://x.test/sub/")
    site = build(make_site({"mkdocs.yml": yml}))

    html = (site / "404.html").read_text("utf-8")
    assert re.findall(r'class="rebound-path__link" href="([^"]+)"', html) == [
        "/sub/checklists/ask-for-feedback/"
    ]
    assert 'href="/sub/">Go to the home page</a>' in html
    assert "not-found.js" in html
