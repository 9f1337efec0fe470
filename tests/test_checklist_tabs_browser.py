"""One checklist open in two tabs of one browser, in real headless Chromium.

Both tabs share one profile (one Playwright context), so they share localStorage and
hear each other's saves through the `storage` event, as two tabs of a reader's browser
do. The context's clock is paused, so a debounced save (400 ms after the last
keystroke) is still pending exactly when the test says, however loaded the machine is;
`tick` moves time on in both tabs and fires whatever is due.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator
from typing import Any

import pytest

from .browser import serve_folder
from .conftest import BASE_FILES, build, write_files

pytest.importorskip("playwright")
from playwright.sync_api import expect

CHECKLIST = "/checklists/ask-for-feedback/"
KEY = "rebound:ask-for-feedback"
START = datetime.datetime(2026, 3, 2, 9, 0, 0, tzinfo=datetime.UTC)

SIX_ITEMS = """\
---
title: Ask for feedback
description: Ask for feedback you can use.
step: 1
items:
  - id: thank-them
    text: Thank them for their time.
  - id: ask-one-thing
    text: Ask for one thing to do differently.
  - id: write-it-down
    text: Write down what they said.
  - id: what-went-well
    kind: question
    text: What went well?
  - id: what-next
    kind: question
    text: What will you try next time?
  - id: rate-call
    kind: scale
    text: How did the call go?
    labels: [Poorly, Very well]
---

Use this after you hear the news.
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("tabs") / "project"
    write_files(root, BASE_FILES)
    write_files(root, {"content/checklists/ask-for-feedback.md": SIX_ITEMS})
    with serve_folder(build(root)) as url:
        yield url


@pytest.fixture
def context(browser: Any, site_url: str) -> Iterator[Any]:
    """One profile for both tabs, with time paused; fails on errors or off-site requests."""
    context = browser.new_context()
    context.clock.install(time=START)
    outside: list[str] = []
    errors: list[str] = []
    context.on(
        "request",
        lambda request: (
            None if request.url.startswith((site_url, "data:")) else outside.append(request.url)
        ),
    )
    context.on("page", lambda page: page.on("pageerror", lambda error: errors.append(str(error))))
    yield context
    context.close()
    assert outside == [], f"requests left the site: {outside}"
    assert errors == [], f"JavaScript errors: {errors}"


def open_tab(context: Any, url: str) -> Any:
    page = context.new_page()
    page.goto(url)
    form = page.locator('form[data-checklist="ask-for-feedback"]')
    form.locator(".rebound-checklist__toolbar").wait_for()
    return form


def pause(context: Any) -> None:
    """Stop time (both tabs) a little after now; from here only `tick` moves it."""
    context.clock.pause_at(START + datetime.timedelta(hours=1))


def tick(context: Any, milliseconds: int = 20) -> None:
    """Move time on in both tabs, so each action gets its own `updated` time."""
    context.clock.run_for(milliseconds)


def stored(form: Any) -> dict[str, Any]:
    return json.loads(form.page.evaluate(f"localStorage.getItem({KEY!r})"))


def expect_state(form: Any, state: dict[str, Any]) -> None:
    """The form shows exactly these answers (waiting for a storage event to arrive)."""
    for label in ("Thank them", "Ask for one thing", "Write down"):
        box = form.get_by_label(label)
        if label in state:
            expect(box).to_be_checked()
        else:
            expect(box).not_to_be_checked()
    for label in ("What went well?", "What will you try next time?"):
        expect(form.get_by_label(label)).to_have_value(state.get(label, ""))
    scale = form.locator("fieldset.rebound-scale")
    if "rating" in state:
        expect(scale.get_by_label(str(state["rating"]))).to_be_checked()
    else:
        expect(scale.locator("input:checked")).to_have_count(0)
    expect(form.locator(".rebound-checklist__progress")).to_have_text(f"{len(state)} of 6 done")


def reload(form: Any) -> Any:
    form.page.reload()
    form.locator(".rebound-checklist__toolbar").wait_for()
    return form


def test_pending_saves_in_two_tabs_lose_nothing_typed_in_either(
    context: Any, site_url: str
) -> None:
    tab_a = open_tab(context, site_url + CHECKLIST)
    tab_b = open_tab(context, site_url + CHECKLIST)
    pause(context)

    tab_a.get_by_label("Thank them").check()  # saved at once
    tick(context)
    tab_b.get_by_label("What went well?").fill("Typed in B")  # B's save is pending
    tick(context)
    tab_a.get_by_label("What will you try next time?").fill("Typed in A")  # A's too
    tick(context)
    tab_b.get_by_label("Write down").check()  # B saves, with A's save still pending
    assert "what-next" not in stored(tab_b)["items"]  # the race: A's answer is only in A
    tick(context)
    tab_a.locator("fieldset.rebound-scale").get_by_label("4").check()  # A saves
    tick(context)
    tab_b.get_by_label("Ask for one thing").check()
    tick(context)
    tab_b.get_by_label("Thank them").uncheck()  # undoing A's tick, later, from B
    tick(context)
    tab_b.get_by_label("What went well?").fill("Typed in B, then more")  # pending again

    # A's answer went with A's rating; B's latest answer is not stored yet.
    before = stored(tab_a)["items"]
    assert before["what-next"]["answer"] == "Typed in A"
    assert before["what-went-well"]["answer"] == "Typed in B"
    assert set(before["thank-them"]) == {"updated"}  # B's untick is stored as a time

    tick(context, 1000)  # every pending save runs

    merged = {
        "What went well?": "Typed in B, then more",
        "What will you try next time?": "Typed in A",
        "Write down": True,
        "Ask for one thing": True,
        "rating": 4,
    }
    # Both tabs show the merged answers without a reload...
    expect_state(tab_a, merged)
    expect_state(tab_b, merged)
    # ...and so does each after one.
    expect_state(reload(tab_a), merged)
    expect_state(reload(tab_b), merged)
    items = stored(tab_a)["items"]
    assert items["what-went-well"]["answer"] == "Typed in B, then more"
    assert items["what-next"]["answer"] == "Typed in A"
    assert items["write-it-down"]["done"] is True
    assert items["rate-call"]["rating"] == 4
    assert "done" not in items["thank-them"]


def test_a_pending_save_does_not_undo_a_tick_from_the_other_tab(
    context: Any, site_url: str
) -> None:
    """The case found in the attack, on its own: A types, B ticks, A's save lands."""
    tab_a = open_tab(context, site_url + CHECKLIST)
    tab_b = open_tab(context, site_url + CHECKLIST)
    pause(context)

    tab_a.get_by_label("What went well?").fill("Typed in A")
    tick(context)
    tab_b.get_by_label("Thank them").check()
    expect(tab_a.get_by_label("Thank them")).to_be_checked()  # shown while A still types
    expect(tab_a.get_by_label("What went well?")).to_have_value("Typed in A")
    tick(context, 1000)

    both = {"Thank them": True, "What went well?": "Typed in A"}
    expect_state(tab_b, both)
    expect_state(reload(tab_a), both)


def test_clear_wins_over_older_answers_and_loses_to_newer_ones(context: Any, site_url: str) -> None:
    tab_a = open_tab(context, site_url + CHECKLIST)
    tab_b = open_tab(context, site_url + CHECKLIST)
    pause(context)
    tab_a.get_by_label("Thank them").check()
    tab_a.get_by_label("What went well?").fill("Before the clear")
    tick(context, 1000)
    expect_state(tab_b, {"Thank them": True, "What went well?": "Before the clear"})

    tab_a.get_by_role("button", name="Clear my answers").click()
    tick(context)
    expect_state(tab_b, {})  # B's copies are older than the clear: they do not come back
    tab_b.get_by_label("Write down").check()  # after the clear, so it stays
    tick(context, 1000)
    expect_state(tab_a, {"Write down": True})

    # Undo in A puts back what the clear emptied, and keeps B's newer tick.
    tab_a.get_by_role("button", name="Undo").click()
    tick(context, 1000)
    after_undo = {"Thank them": True, "What went well?": "Before the clear", "Write down": True}
    expect_state(tab_a, after_undo)
    expect_state(tab_b, after_undo)
    expect_state(reload(tab_b), after_undo)


def test_the_merge_rule(context: Any, site_url: str) -> None:
    tab = open_tab(context, site_url + CHECKLIST)
    merge = "([stored, local]) => ReboundChecklist.mergeItems(stored, local)"
    early, late = "2026-03-02T09:00:00.000Z", "2026-03-02T09:00:01.000Z"

    def merged(stored_items: dict[str, Any], local_items: dict[str, Any]) -> Any:
        return tab.page.evaluate(merge, [stored_items, local_items])

    # An emptied item (a time and nothing else) beats an older answer, either side.
    assert merged({"a": {"updated": late}}, {"a": {"done": True, "updated": early}}) == {
        "a": {"updated": late}
    }
    assert merged({"a": {"answer": "x", "updated": early}}, {"a": {"updated": late}}) == {
        "a": {"updated": late}
    }
    # A newer answer beats an older emptying; an item only one side has is kept.
    assert merged({"a": {"updated": early}}, {"a": {"answer": "new", "updated": late}}) == {
        "a": {"answer": "new", "updated": late}
    }
    assert merged({"a": {"done": True}}, {"b": {"rating": 2, "updated": early}}) == {
        "a": {"done": True},
        "b": {"rating": 2, "updated": early},
    }
    # A tie is settled the same way whichever tab merges, so all tabs agree.
    one, other = (
        {"a": {"answer": "one", "updated": early}},
        {"a": {"answer": "two", "updated": early}},
    )
    assert merged(one, other) == merged(other, one)


def test_a_tab_writes_back_what_another_tab_wrote_over(context: Any, site_url: str) -> None:
    """Two tabs can read, merge and write at the same moment; the loser puts its item back."""
    tab_a = open_tab(context, site_url + CHECKLIST)
    tab_b = open_tab(context, site_url + CHECKLIST)
    pause(context)
    tab_a.get_by_label("Thank them").check()
    tick(context, 1000)
    expect(tab_b.get_by_label("Thank them")).to_be_checked()

    # Another tab's write that missed A's tick (as if it read just before A wrote).
    tick(context)
    tab_b.page.evaluate(
        """key => localStorage.setItem(key, JSON.stringify({version: 1, items: {
            "write-it-down": {done: true, updated: new Date().toISOString()}}}))""",
        KEY,
    )

    both = {"Thank them": True, "Write down": True}
    expect_state(tab_a, both)  # A hears of it, merges, and writes its tick back
    items = stored(tab_a)["items"]
    assert items["thank-them"]["done"] is True
    assert items["write-it-down"]["done"] is True
    expect_state(reload(tab_b), both)
