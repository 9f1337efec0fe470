"""The `checklist` Markdown block, Markdown in and HTML out."""

from __future__ import annotations

from typing import Any, ClassVar

import markdown
import pytest
from markdown.test_tools import TestCase

from generator.content import Checklist, Item, ItemKind
from generator.markdown import ChecklistExtension, checklist_blocks
from generator.markdown.checklist_block import UnknownChecklistError

TINY = Checklist(
    slug="tiny",
    src_path="checklists/tiny.md",
    title="Tiny & kind",
    description="Two items.",
    items=(
        Item(id="thank-them", text="Thank them", hint="Be brief."),
        Item(id="went-well", text="What went well?", kind=ItemKind.QUESTION, lines=2),
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
                <div class="rebound-checklist-embed"><form class="rebound-checklist" id="checklist-tiny" data-checklist="tiny" data-retired="old-item">
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
                <textarea class="rebound-item__answer" id="tiny__went-well" name="tiny__went-well" rows="2"></textarea>
                </li>
                <li class="rebound-item rebound-item--scale" data-item="rate" data-kind="scale">
                <fieldset class="rebound-scale">
                <legend class="rebound-item__text">How did it go?</legend>
                <div class="rebound-scale__points">
                <span class="rebound-scale__point">
                <input type="radio" id="tiny__rate__1" name="tiny__rate" value="1">
                <label for="tiny__rate__1">1<span class="rebound-scale__end"> Poorly</span></label>
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
                <label for="tiny__rate__5">5<span class="rebound-scale__end"> Well</span></label>
                </span>
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
