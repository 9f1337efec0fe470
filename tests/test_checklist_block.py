"""The `checklist` Markdown block, Markdown in and HTML out."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, ClassVar

import markdown
import pytest
from markdown.test_tools import TestCase

from generator.content import Checklist, Item, ItemKind
from generator.fragments import WELLBEING_STEP, FormPlace, FragmentRenderer
from generator.markdown import ChecklistExtension, checklist_blocks
from generator.markdown.checklist_block import UnknownChecklistError

TINY = Checklist(
    slug="tiny",
    src_path="checklists/tiny.md",
    title="Tiny & kind",
    description="Two items.",
    items=(
        Item(id="thank-them", text="Thank them", hint="Be brief."),
        Item(
            id="went-well",
            text="What went well?",
            kind=ItemKind.QUESTION,
            lines=2,
            hint="A line or two.",
        ),
        Item(
            id="rate",
            text="How did it go?",
            kind=ItemKind.SCALE,
            labels=("Poorly", "Well"),
        ),
    ),
    retired=("old-item",),
)


class TestChecklistBlock(TestCase):
    default_kwargs: ClassVar[dict[str, Any]] = {
        "extensions": [ChecklistExtension(checklists={"tiny": TINY})]
    }

    def test_renders_an_accessible_form_in_place(self) -> None:
        self.assertMarkdownRenders(
            "Before.\n\n/// checklist | tiny\n///\n\nAfter.",
            self.dedent(
                """
                <p>Before.</p>
                <div class="rebound-checklist-embed"><noscript>
                <p class="rebound-checklist__noscript">JavaScript is turned off in your browser, so this checklist cannot keep your answers: they are gone when you leave the page.</p>
                </noscript>
                <form class="rebound-checklist" id="checklist-tiny" data-checklist="tiny" data-retired="old-item">
                <fieldset class="rebound-checklist__fieldset">
                <legend class="rebound-checklist__title">Tiny &amp; kind</legend>
                <p class="rebound-checklist__description">Two items.</p>
                <ol class="rebound-checklist__items">
                <li class="rebound-item rebound-item--check" data-item="thank-them" data-kind="check">
                <input class="rebound-item__check" type="checkbox" id="tiny__thank-them" name="tiny__thank-them" value="done" aria-describedby="tiny__thank-them__hint">
                <label class="rebound-item__text" for="tiny__thank-them">Thank them</label>
                <p class="rebound-item__hint" id="tiny__thank-them__hint">Be brief.</p>
                </li>
                <li class="rebound-item rebound-item--question" data-item="went-well" data-kind="question">
                <label class="rebound-item__text" for="tiny__went-well">What went well?</label>
                <p class="rebound-item__hint" id="tiny__went-well__hint">A line or two.</p>
                <textarea class="rebound-item__answer" id="tiny__went-well" name="tiny__went-well" rows="2" aria-describedby="tiny__went-well__hint"></textarea>
                </li>
                <li class="rebound-item rebound-item--scale" data-item="rate" data-kind="scale">
                <fieldset class="rebound-scale">
                <legend class="rebound-item__text">How did it go?</legend>
                <div class="rebound-scale__points">
                <span class="rebound-scale__point">
                <input type="radio" id="tiny__rate__1" name="tiny__rate" value="1">
                <label for="tiny__rate__1">1</label>
                </span>
                <span class="rebound-scale__point">
                <input type="radio" id="tiny__rate__2" name="tiny__rate" value="2">
                <label for="tiny__rate__2">2</label>
                </span>
                <span class="rebound-scale__point">
                <input type="radio" id="tiny__rate__3" name="tiny__rate" value="3">
                <label for="tiny__rate__3">3</label>
                </span>
                <span class="rebound-scale__point">
                <input type="radio" id="tiny__rate__4" name="tiny__rate" value="4">
                <label for="tiny__rate__4">4</label>
                </span>
                <span class="rebound-scale__point">
                <input type="radio" id="tiny__rate__5" name="tiny__rate" value="5">
                <label for="tiny__rate__5">5</label>
                </span>
                </div>
                <div class="rebound-scale__ends">
                <label class="rebound-scale__end" for="tiny__rate__1">Poorly</label>
                <label class="rebound-scale__end" for="tiny__rate__5">Well</label>
                </div>
                </fieldset>
                </li>
                </ol>
                </fieldset>
                </form></div>
                <p>After.</p>
                """
            ),
        )

    def test_text_inside_the_block_is_ignored(self) -> None:
        html = markdown.markdown(
            "/// checklist | tiny\n*not rendered*\n///\n", **self.default_kwargs
        )
        assert "not rendered" not in html
        assert html.count("<form") == 1

    def test_a_block_in_a_code_example_stays_code(self) -> None:
        self.assertMarkdownRenders(
            "    /// checklist | tiny\n    ///",
            "<pre><code>/// checklist | tiny\n///\n</code></pre>",
        )


def test_reader_facing_text_is_escaped() -> None:
    risky = Checklist(
        slug="risky",
        src_path="checklists/risky.md",
        title='Say "yes" & mean it',
        description="a < b",
        items=(Item(id="x", text="1 < 2 & 3 > 2", hint='"quoted"'),),
    )
    html = markdown.markdown(
        "/// checklist | risky\n///", extensions=[ChecklistExtension(checklists={"risky": risky})]
    )
    assert "Say &#34;yes&#34; &amp; mean it" in html
    assert "1 &lt; 2 &amp; 3 &gt; 2" in html
    assert '<p class="rebound-checklist__description">a &lt; b</p>' in html


def test_an_unknown_slug_is_an_error_not_silence() -> None:
    with pytest.raises(UnknownChecklistError, match="no checklist 'nope' exists"):
        markdown.markdown(
            "/// checklist | nope\n///", extensions=[ChecklistExtension(checklists={})]
        )


def test_checklist_blocks_places_each_slug_once() -> None:
    text = checklist_blocks(["a", "b"])
    assert text == "\n\n/// checklist | a\n///\n\n\n/// checklist | b\n///\n"


SUPPORT = "../../support/"
WORKSHEET = "../../worksheets/tiny/"
PLACED = FormPlace(worksheet_url=WORKSHEET, support_url=SUPPORT)


def form(checklist: Checklist, place: FormPlace | None = None) -> str:
    return FragmentRenderer().checklist_form(checklist, place)


def test_hints_sit_between_the_question_and_its_answer() -> None:
    scale = Item(id="rate", text="How did it go?", kind=ItemKind.SCALE, hint="Be honest.")
    html = form(replace(TINY, items=(*TINY.items, scale)))

    question = html[html.index('data-item="went-well"') :]
    assert question.index("What went well?") < question.index("A line or two.")
    assert question.index("A line or two.") < question.index("<textarea")
    rated = html[html.rindex('data-item="rate"') :]
    assert rated.index("How did it go?") < rated.index("Be honest.")
    assert rated.index("Be honest.") < rated.index('type="radio"')
    assert '<fieldset class="rebound-scale" aria-describedby="tiny__rate__hint">' in rated


def test_without_javascript_the_form_says_it_keeps_nothing_and_offers_the_worksheet() -> None:
    html = form(TINY, PLACED)

    note = html[: html.index("<form")]
    assert note.startswith("<noscript>")
    assert "cannot keep your answers" in note
    assert f'<a href="{WORKSHEET}">printable worksheet</a>' in note


def test_on_its_own_page_the_legend_is_there_for_screen_readers_only() -> None:
    own = form(TINY, FormPlace(own_page=True))
    embedded = form(TINY, PLACED)

    hidden = '<legend class="rebound-checklist__title rebound-checklist__title--hidden">'
    assert hidden + "Tiny &amp; kind</legend>" in own
    assert '<legend class="rebound-checklist__title">Tiny &amp; kind</legend>' in embedded
    assert "--hidden" not in embedded


WELLBEING = Checklist(
    slug="be-resilient",
    src_path="checklists/be-resilient.md",
    title="Be resilient",
    description="Look after yourself.",
    step=WELLBEING_STEP,
    items=(
        Item(
            id="feeling", text="How are you feeling?", kind=ItemKind.SCALE, labels=("Low", "Good")
        ),
        Item(id="routine", text="Keep a routine."),
    ),
)


def test_a_wellbeing_scale_offers_the_support_page_at_its_lowest() -> None:
    html = form(WELLBEING, PLACED)

    item = html[html.index('data-item="feeling"') : html.index('data-item="routine"')]
    assert " data-wellbeing>" in item
    assert '<div class="rebound-item__support-slot" aria-live="polite">' in item
    assert f'<a href="{SUPPORT}">see who you can talk to</a>' in item
    assert html.count('rebound-item__support"') == 1


def test_no_support_line_without_a_support_page_or_outside_the_wellbeing_step() -> None:
    other_step = replace(WELLBEING, step=2)

    for html in (form(WELLBEING, FormPlace(worksheet_url=WORKSHEET)), form(other_step, PLACED)):
        assert "data-wellbeing" not in html
        assert "rebound-item__support" not in html


def test_a_form_is_rendered_once_per_place() -> None:
    renderer = FragmentRenderer()

    first = renderer.checklist_form(TINY, PLACED)

    assert renderer.checklist_form(TINY, replace(PLACED)) is first
    assert renderer.checklist_form(TINY, FormPlace(own_page=True)) != first
