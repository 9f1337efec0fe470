"""Interactive checklists in real headless Chromium, used the way a reader would."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .browser import axe_violations, serve_folder
from .conftest import ARTICLE_MD, BASE_FILES, CHECKLIST_MD, build, write_files

pytest.importorskip("playwright")
from playwright.sync_api import expect

CHECKLIST = "/checklists/ask-for-feedback/"
ARTICLE = "/articles/ask-for-feedback-you-can-use/"
KEY = "rebound:ask-for-feedback"

BLOCK_STORAGE = """
Object.defineProperty(window, "localStorage", {
  configurable: true,
  get() { throw new DOMException("The operation is insecure.", "SecurityError"); },
});
"""

FULL_STORAGE = """
const realSetItem = Storage.prototype.setItem;
Storage.prototype.setItem = function (key, value) {
  if (String(key).startsWith("rebound:") && key !== "rebound:__probe__") {
    throw new DOMException("Quota exceeded", "QuotaExceededError");
  }
  return realSetItem.call(this, key, value);
};
"""


NO_BACKUPS = """
const realSetItem = Storage.prototype.setItem;
Storage.prototype.setItem = function (key, value) {
  if (String(key).startsWith("rebound-backup:")) {
    throw new DOMException("Quota exceeded", "QuotaExceededError");
  }
  return realSetItem.call(this, key, value);
};
"""


def write_tiny_site(root: Path, checklist: str = CHECKLIST_MD) -> None:
    write_files(root, BASE_FILES)
    write_files(
        root,
        {
            "content/checklists/ask-for-feedback.md": checklist,
            "content/articles/posts/ask-for-feedback-you-can-use.md": ARTICLE_MD.replace(
                "Ask within a few days.",
                "Ask within a few days. See [the checklist](../../checklists/ask-for-feedback.md).",
            ),
        },
    )


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("browser") / "project"
    write_tiny_site(root)
    with serve_folder(build(root)) as url:
        yield url


@pytest.fixture
def context(browser: Any, site_url: str) -> Iterator[Any]:
    """A fresh browser profile (empty storage) that fails the test on any off-site request."""
    context = browser.new_context(accept_downloads=True)
    outside: list[str] = []
    context.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((site_url, "data:", "blob:"))
            else outside.append(request.url)
        ),
    )
    yield context
    context.close()
    assert outside == [], f"requests left the site: {outside}"


@pytest.fixture
def page(context: Any) -> Any:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], f"JavaScript errors: {errors}"


def open_checklist(page: Any, url: str) -> Any:
    page.goto(url)
    form = page.locator('form[data-checklist="ask-for-feedback"]')
    form.locator(".rebound-checklist__toolbar").wait_for()
    return form


def fill_in(form: Any) -> None:
    form.get_by_label("Thank them for their time.").check()
    form.get_by_label("What went well?").fill("I explained my project clearly.")
    form.locator("fieldset.rebound-scale").get_by_label("4").check()


def stored(page: Any) -> dict[str, Any]:
    return json.loads(page.evaluate(f"localStorage.getItem({KEY!r})"))


def answered(page: Any) -> set[str]:
    """Ids of stored items that hold an answer (an emptied item keeps only `updated`)."""
    return {item_id for item_id, item in stored(page)["items"].items() if set(item) - {"updated"}}


def backups(page: Any) -> dict[str, str]:
    return page.evaluate(
        "Object.fromEntries(Object.keys(localStorage)"
        ".filter(k => k.startsWith('rebound-backup:')).map(k => [k, localStorage.getItem(k)]))"
    )


def test_ticks_answers_and_ratings_come_back_after_a_reload(page: Any, site_url: str) -> None:
    form = open_checklist(page, site_url + CHECKLIST)
    assert form.locator(".rebound-checklist__progress").text_content() == "0 of 3 done"

    fill_in(form)
    page.wait_for_timeout(600)  # the debounced save
    page.reload()
    form = open_checklist(page, site_url + CHECKLIST)

    assert form.get_by_label("Thank them for their time.").is_checked()
    assert form.get_by_label("What went well?").input_value() == "I explained my project clearly."
    assert form.locator("fieldset.rebound-scale").get_by_label("4").is_checked()
    progress = form.locator(".rebound-checklist__progress")
    assert progress.text_content() == "3 of 3 done"
    assert progress.get_attribute("role") == "status"
    assert progress.get_attribute("aria-live") == "polite"
    saved = stored(page)
    assert saved["version"] == 1
    assert saved["items"]["thank-them"]["done"] is True
    assert saved["items"]["what-went-well"]["answer"] == "I explained my project clearly."
    assert saved["items"]["rate-call"]["rating"] == 4
    assert saved["items"]["rate-call"]["updated"].endswith("Z")


def test_the_same_checklist_in_an_article_shows_the_same_answers(page: Any, site_url: str) -> None:
    form = open_checklist(page, site_url + CHECKLIST)
    fill_in(form)
    form.get_by_label("What went well?").blur()

    article_form = open_checklist(page, site_url + ARTICLE)

    assert article_form.get_by_label("What went well?").input_value() == (
        "I explained my project clearly."
    )
    assert article_form.locator(".rebound-checklist__progress").text_content() == "3 of 3 done"


def test_instant_navigation_there_and_back_keeps_everything(page: Any, site_url: str) -> None:
    form = open_checklist(page, site_url + ARTICLE)
    form.get_by_label("What went well?").fill("Typed just before leaving")

    page.get_by_role("link", name="the checklist").click()
    page.wait_for_url("**" + CHECKLIST)
    checklist_form = page.locator('form[data-checklist="ask-for-feedback"]')
    checklist_form.locator(".rebound-checklist__toolbar").wait_for()
    assert checklist_form.get_by_label("What went well?").input_value() == (
        "Typed just before leaving"
    )
    page.go_back()
    page.wait_for_url("**" + ARTICLE)
    back = page.locator('form[data-checklist="ask-for-feedback"]')
    back.locator(".rebound-checklist__toolbar").wait_for()
    assert back.locator(".rebound-checklist__toolbar").count() == 1
    assert back.get_by_label("What went well?").input_value() == "Typed just before leaving"


def test_export_as_markdown_and_json(page: Any, site_url: str) -> None:
    form = open_checklist(page, site_url + CHECKLIST)
    fill_in(form)

    with page.expect_download() as markdown_download:
        form.get_by_role("button", name="Download a copy to read").click()
    with page.expect_download() as json_download:
        form.get_by_role("button", name="Download a copy to load later").click()

    assert markdown_download.value.suggested_filename == "rebound-ask-for-feedback.md"
    markdown = Path(markdown_download.value.path()).read_text("utf-8")
    assert markdown.startswith("# Ask for feedback\n")
    assert "- [x] Thank them for their time." in markdown
    assert "## What went well?\n\nI explained my project clearly." in markdown
    assert "Rating: 4 of 5 (1 = Poorly, 5 = Very well)" in markdown
    exported = json.loads(Path(json_download.value.path()).read_text("utf-8"))
    assert exported["checklist"] == "ask-for-feedback"
    assert exported["version"] == 1
    assert exported["items"]["what-went-well"]["answer"] == "I explained my project clearly."


def test_import_a_json_export_and_ignore_anything_odd(
    page: Any, site_url: str, tmp_path: Path
) -> None:
    export = tmp_path / "answers.json"
    export.write_text(
        json.dumps(
            {
                "checklist": "ask-for-feedback",
                "version": 1,
                "items": {
                    "what-went-well": {"answer": "Imported answer", "colour": "blue"},
                    "__proto__": {"done": True},
                    "rate-call": {"rating": 9},
                    "thank-them": {"done": True},
                },
                "extra": "ignored",
            }
        ),
        "utf-8",
    )
    form = open_checklist(page, site_url + CHECKLIST)

    form.locator(".rebound-checklist__file").set_input_files(str(export))

    message = form.locator(".rebound-checklist__message", has_text="Loaded 2 answers.")
    message.wait_for()
    # The bad id and the rating of 9 are left out, and the reader is told so.
    assert "2 values in the file could not be read and were left out" in message.text_content()
    assert form.get_by_label("What went well?").input_value() == "Imported answer"
    assert form.get_by_label("Thank them for their time.").is_checked()
    assert not form.locator("fieldset.rebound-scale input:checked").count()
    assert page.evaluate("({}).done") is None
    assert answered(page) == {"what-went-well", "thank-them"}
    assert set(stored(page)["items"]["rate-call"]) == {"updated"}
    assert "colour" not in stored(page)["items"]["what-went-well"]

    wrong = tmp_path / "other.json"
    wrong.write_text(
        json.dumps(
            {
                "checklist": "plan",
                "title": "Plan your next step",
                "version": 1,
                "items": {"what-went-well": {"answer": "From the other checklist"}},
            }
        ),
        "utf-8",
    )
    form.locator(".rebound-checklist__file").set_input_files(str(wrong))
    form.locator(
        ".rebound-checklist__message", has_text="another checklist, \u201cPlan your next step\u201d"
    ).wait_for()
    assert "nothing was changed" in form.locator(".rebound-checklist__message").text_content()
    assert form.get_by_label("What went well?").input_value() == "Imported answer"
    assert form.get_by_role("button", name="Undo").is_hidden()


NOT_EXPORTS = {
    "items as a list": {"items": [{"id": "thank-them", "done": True}]},
    "an empty list": [],
    "a version and no items": {"version": 1},
    "a string": "my answers",
    "a number": 42,
    "null": None,
    "no version": {"checklist": "ask-for-feedback", "items": {}},
    "a version as text": {"version": "1", "checklist": "ask-for-feedback", "items": {}},
    "a version below 1": {"version": 0, "checklist": "ask-for-feedback", "items": {}},
    "no checklist": {"version": 1, "items": {"thank-them": {"done": True}}},
    "items that are true": {
        "version": 1,
        "checklist": "ask-for-feedback",
        "items": {"thank-them": True},
    },
    "an item that is a list": {
        "version": 1,
        "checklist": "ask-for-feedback",
        "items": {"thank-them": {"done": True}, "what-went-well": ["Imported"]},
    },
    "an item that is null": {
        "version": 1,
        "checklist": "ask-for-feedback",
        "items": {"thank-them": None},
    },
    "items as a list in an export": {
        "version": 1,
        "checklist": "ask-for-feedback",
        "items": [{"done": True}],
    },
}


def test_a_file_that_is_not_a_rebound_export_changes_nothing(
    page: Any, site_url: str, tmp_path: Path
) -> None:
    form = open_checklist(page, site_url + CHECKLIST)
    fill_in(form)
    form.get_by_label("What went well?").blur()
    before = page.evaluate(f"localStorage.getItem({KEY!r})")
    message = form.locator(".rebound-checklist__message")
    files = {name: json.dumps(payload) for name, payload in NOT_EXPORTS.items()}
    files["not JSON at all"] = "what went well: I explained my project clearly"

    for number, (name, text) in enumerate(files.items()):
        upload = tmp_path / f"{number}.json"
        upload.write_text(text, "utf-8")
        message.evaluate("node => { node.textContent = ''; }")

        form.locator(".rebound-checklist__file").set_input_files(str(upload))

        expect(message).to_have_text(
            "That file is not a copy of your answers from Rebound, so nothing was changed. "
            "Choose a file made with \u201cDownload a copy to load later\u201d on this checklist."
        )
        assert page.evaluate(f"localStorage.getItem({KEY!r})") == before, name
        assert form.get_by_label("What went well?").input_value() == (
            "I explained my project clearly."
        ), name
        assert form.get_by_label("Thank them for their time.").is_checked(), name
        assert form.get_by_role("button", name="Undo").is_hidden(), name


def test_an_export_from_a_newer_version_changes_nothing(
    page: Any, site_url: str, tmp_path: Path
) -> None:
    newer = tmp_path / "newer.json"
    newer.write_text(
        json.dumps(
            {
                "version": 2,
                "checklist": "ask-for-feedback",
                "items": {"thank-them": {"done": True}},
            }
        ),
        "utf-8",
    )
    form = open_checklist(page, site_url + CHECKLIST)
    form.get_by_label("What went well?").fill("Mine")
    form.get_by_label("What went well?").blur()

    form.locator(".rebound-checklist__file").set_input_files(str(newer))

    expect(form.locator(".rebound-checklist__message")).to_have_text(
        "That file comes from a newer version of Rebound, so nothing was changed."
    )
    assert form.get_by_label("What went well?").input_value() == "Mine"
    assert not form.get_by_label("Thank them for their time.").is_checked()
    assert answered(page) == {"what-went-well"}


def test_an_export_round_trips(page: Any, site_url: str) -> None:
    form = open_checklist(page, site_url + CHECKLIST)
    fill_in(form)
    with page.expect_download() as json_download:
        form.get_by_role("button", name="Download a copy to load later").click()
    form.get_by_role("button", name="Clear my answers").click()
    assert form.locator(".rebound-checklist__progress").text_content() == "0 of 3 done"

    form.locator(".rebound-checklist__file").set_input_files(json_download.value.path())

    expect(form.locator(".rebound-checklist__message")).to_have_text("Loaded 3 answers.")
    assert form.get_by_label("What went well?").input_value() == "I explained my project clearly."
    assert form.get_by_label("Thank them for their time.").is_checked()
    assert form.locator("fieldset.rebound-scale").get_by_label("4").is_checked()
    assert answered(page) == {"thank-them", "what-went-well", "rate-call"}


def test_clear_then_undo(page: Any, site_url: str) -> None:
    form = open_checklist(page, site_url + CHECKLIST)
    fill_in(form)
    assert form.get_by_role("button", name="Undo").is_hidden()

    form.get_by_role("button", name="Clear my answers").click()
    assert not form.get_by_label("Thank them for their time.").is_checked()
    assert form.locator(".rebound-checklist__progress").text_content() == "0 of 3 done"
    # What is stored is the clear itself: every item emptied, as of the same moment.
    items = stored(page)["items"]
    assert set(items) == {"thank-them", "what-went-well", "rate-call"}
    assert all(set(item) == {"updated"} for item in items.values())
    assert len({item["updated"] for item in items.values()}) == 1

    form.get_by_role("button", name="Undo").click()
    assert form.get_by_label("What went well?").input_value() == "I explained my project clearly."
    assert stored(page)["items"]["thank-them"]["done"] is True


def test_blocked_storage_still_works_for_the_visit_and_says_so(context: Any, site_url: str) -> None:
    context.add_init_script(BLOCK_STORAGE)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    form = open_checklist(page, site_url + CHECKLIST)
    fill_in(form)

    notice = form.locator(".rebound-checklist__notice")
    assert notice.is_visible()
    assert "only last until you leave this page" in notice.text_content()
    assert form.locator(".rebound-checklist__progress").text_content() == "3 of 3 done"
    assert errors == []


def test_full_storage_is_reported_and_nothing_breaks(context: Any, site_url: str) -> None:
    context.add_init_script(FULL_STORAGE)
    page = context.new_page()

    form = open_checklist(page, site_url + CHECKLIST)
    form.get_by_label("Thank them for their time.").check()

    notice = form.locator(".rebound-checklist__notice")
    notice.wait_for()
    assert "storage for this site is full" in notice.text_content()


def test_a_corrupt_saved_value_is_backed_up_never_discarded(page: Any, site_url: str) -> None:
    page.goto(site_url + CHECKLIST)
    page.evaluate(f"localStorage.setItem({KEY!r}, '{{not json')")
    page.evaluate("localStorage.setItem('rebound:plan', JSON.stringify({version: 99, items: {}}))")

    form = open_checklist(page, site_url + CHECKLIST)

    backups = page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('rebound-backup:ask-for-feedback:'))"
    )
    assert len(backups) == 1
    assert page.evaluate(f"localStorage.getItem({backups[0]!r})") == "{not json"
    assert "could not read" in form.locator(".rebound-checklist__notice").text_content()
    form.get_by_label("Thank them for their time.").check()
    assert stored(page)["items"]["thank-them"]["done"] is True


EARLIER = "2026-03-01T10:00:00.000Z"
READABLE = {"what-went-well": {"answer": "Kept", "updated": EARLIER}}
PARTLY_READABLE = {
    "an item that is a list": {"items": {**READABLE, "rate-call": [4]}},
    "an item that is null": {"items": {**READABLE, "rate-call": None}},
    "done as text": {"items": {**READABLE, "thank-them": {"done": "yes"}}},
    "a rating of 9": {"items": {**READABLE, "rate-call": {"rating": 9}}},
    "a rating as text": {"items": {**READABLE, "rate-call": {"rating": "4"}}},
    "an answer that is a number": {"items": {**READABLE, "thank-them": {"answer": 42}}},
    "a time that is not a time": {"items": {**READABLE, "thank-them": {"updated": "yesterday"}}},
    "a field we do not know": {"items": {**READABLE, "thank-them": {"done": True, "why": 1}}},
    "an id no item can have": {"items": {**READABLE, "Thank them": {"done": True}}},
    "a key we do not know": {"items": READABLE, "owner": "someone"},
}


@pytest.mark.parametrize("case", PARTLY_READABLE)
def test_anything_stored_that_is_dropped_is_backed_up_first(
    page: Any, site_url: str, case: str
) -> None:
    raw = json.dumps({"version": 1, **PARTLY_READABLE[case]})
    page.goto(site_url + CHECKLIST)
    page.evaluate(f"localStorage.setItem({KEY!r}, {raw!r})")

    form = open_checklist(page, site_url + CHECKLIST)

    saved = backups(page)
    assert list(saved.values()) == [raw]
    (backup_key,) = saved
    assert re.fullmatch(r"rebound-backup:ask-for-feedback:\d{4}-\d\d-\d\dT[\d:.]+Z", backup_key)
    notice = form.locator(".rebound-checklist__notice")
    assert notice.is_visible()
    assert "could not be read" in notice.text_content()
    assert backup_key in notice.text_content()
    assert form.get_by_label("What went well?").input_value() == "Kept"


def test_a_partly_readable_value_is_backed_up_once_and_the_rest_kept(
    page: Any, site_url: str
) -> None:
    raw = json.dumps(
        {
            "version": 1,
            "items": {
                "what-went-well": {"answer": "Kept", "updated": EARLIER},
                "rate-call": {"rating": 9, "updated": EARLIER},
                "thank-them": {"done": "yes"},
                "old-item": ["an", "array"],
                "older-item": {"answer": 42, "done": True},
            },
        }
    )
    page.goto(site_url + CHECKLIST)
    page.evaluate(f"localStorage.setItem({KEY!r}, {raw!r})")
    form = open_checklist(page, site_url + CHECKLIST)
    (backup_key,) = backups(page)
    notice = form.locator(".rebound-checklist__notice")
    assert "the answers we could read are shown here" in notice.text_content()
    assert not form.get_by_label("Thank them for their time.").is_checked()
    assert not form.locator("fieldset.rebound-scale input:checked").count()
    earlier = form.locator('[data-earlier-item="older-item"]')
    assert earlier.text_content().count("Done.")

    # A second visit before anything is saved names the same copy; it makes no other.
    form = open_checklist(page, site_url + CHECKLIST)
    assert backups(page) == {backup_key: raw}
    assert backup_key in form.locator(".rebound-checklist__notice").text_content()

    # The first save keeps what could be read, adds the tick, and keeps the notice.
    form.get_by_label("Thank them for their time.").check()
    assert answered(page) == {"what-went-well", "thank-them", "older-item"}
    assert stored(page)["items"]["what-went-well"] == {"answer": "Kept", "updated": EARLIER}
    assert stored(page)["items"]["older-item"] == {"done": True}
    assert stored(page)["items"]["rate-call"] == {"updated": EARLIER}  # the rating of 9 went
    assert backup_key in form.locator(".rebound-checklist__notice").text_content()
    assert backups(page) == {backup_key: raw}

    # What is stored now is all readable: no notice, no new copy.
    form = open_checklist(page, site_url + CHECKLIST)
    assert form.locator(".rebound-checklist__notice").is_hidden()
    assert backups(page) == {backup_key: raw}


def test_a_value_in_the_saved_shape_is_read_without_a_backup(page: Any, site_url: str) -> None:
    """Empty fields, emptied items and items from before `updated` are all ours."""
    value = {
        "version": 1,
        "items": {
            "thank-them": {"done": False, "updated": EARLIER},
            "what-went-well": {"answer": "", "updated": EARLIER},
            "rate-call": {"rating": 3},
            "note-their-answer": {"updated": EARLIER},
        },
    }
    page.goto(site_url + CHECKLIST)
    page.evaluate(f"localStorage.setItem({KEY!r}, {json.dumps(value)!r})")

    form = open_checklist(page, site_url + CHECKLIST)

    assert backups(page) == {}
    assert form.locator(".rebound-checklist__notice").is_hidden()
    assert form.locator("fieldset.rebound-scale").get_by_label("3").is_checked()
    assert form.locator(".rebound-checklist__progress").text_content() == "1 of 3 done"


def test_when_no_backup_can_be_made_nothing_is_saved_over_the_value(
    context: Any, site_url: str
) -> None:
    context.add_init_script(NO_BACKUPS)
    page = context.new_page()
    raw = json.dumps({"version": 1, "items": {**READABLE, "rate-call": [4]}})
    page.goto(site_url + CHECKLIST)
    page.evaluate(f"localStorage.setItem({KEY!r}, {raw!r})")

    form = open_checklist(page, site_url + CHECKLIST)
    form.get_by_label("Thank them for their time.").check()

    assert "could not make a safe copy" in form.locator(".rebound-checklist__notice").text_content()
    assert form.get_by_label("What went well?").input_value() == "Kept"
    assert page.evaluate(f"localStorage.getItem({KEY!r})") == raw


def test_an_unknown_future_version_is_kept_too(page: Any, site_url: str) -> None:
    page.goto(site_url + CHECKLIST)
    future = json.dumps({"version": 99, "items": {"thank-them": {"done": True}}})
    page.evaluate(f"localStorage.setItem({KEY!r}, {future!r})")

    open_checklist(page, site_url + CHECKLIST)

    backups = page.evaluate(
        "Object.keys(localStorage).filter(k => k.startsWith('rebound-backup:'))"
        ".map(k => localStorage.getItem(k))"
    )
    assert backups == [future]


def test_the_migration_path_upgrades_older_versions(page: Any, site_url: str) -> None:
    open_checklist(page, site_url + CHECKLIST)

    upgraded = page.evaluate(
        """() => ReboundChecklist.upgrade(
            {version: 1, items: {a: {done: true}}},
            {1: old => ({version: 2, items: old.items, upgraded: true})},
            2)"""
    )
    missing = page.evaluate("() => ReboundChecklist.upgrade({version: 1, items: {}}, {}, 2)")

    assert upgraded == {"version": 2, "items": {"a": {"done": True}}, "upgraded": True}
    assert missing is None


def test_reader_text_stays_text(page: Any, site_url: str) -> None:
    attack = '<img src=x onerror="window.__attacked = true">'
    form = open_checklist(page, site_url + CHECKLIST)
    form.get_by_label("What went well?").fill(attack)
    form.get_by_label("What went well?").blur()

    page.reload()
    form = open_checklist(page, site_url + CHECKLIST)

    assert form.get_by_label("What went well?").input_value() == attack
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("window.__attacked") is None


def test_keyboard_only(page: Any, site_url: str) -> None:
    form = open_checklist(page, site_url + CHECKLIST)
    checkbox = form.get_by_label("Thank them for their time.")
    checkbox.focus()

    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.type("Typed with the keyboard")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")

    assert checkbox.is_checked()
    assert form.get_by_label("What went well?").input_value() == "Typed with the keyboard"
    assert form.locator("fieldset.rebound-scale input:checked").count() == 1
    # Focus is never hidden under the sticky header.
    box = page.evaluate("document.activeElement.getBoundingClientRect().top")
    header = page.evaluate("document.querySelector('.md-header').getBoundingClientRect().bottom")
    assert box >= header


def test_an_edited_checklist_loses_no_saved_answer(browser: Any, tmp_path: Path) -> None:
    root = tmp_path / "project"
    write_tiny_site(root)
    site = build(root)
    with serve_folder(site) as url:
        page = browser.new_page()
        form = open_checklist(page, url + CHECKLIST)
        fill_in(form)
        form.get_by_label("What went well?").blur()

        # Reorder, reword, retire one item and add another: a later edition of the page.
        edited = CHECKLIST_MD.replace(
            "  - id: thank-them\n    text: Thank them for their time.\n"
            "    hint: Before you ask anything.\n",
            "",
        ).replace("text: What went well?", "text: What do you think went well?")
        edited = edited.replace(
            "items:\n",
            "retired: [thank-them]\nitems:\n"
            "  - id: note-their-answer\n    text: Write down what they said.\n",
        )
        write_tiny_site(root, edited)
        build(root, site)
        page.reload()
        form = open_checklist(page, url + CHECKLIST)

        assert form.get_by_label("What do you think went well?").input_value() == (
            "I explained my project clearly."
        )
        assert form.locator("fieldset.rebound-scale").get_by_label("4").is_checked()
        assert not form.get_by_label("Write down what they said.").is_checked()
        earlier = form.locator(".rebound-checklist__earlier")
        assert "From an earlier version of this checklist" in earlier.text_content()
        assert earlier.locator('[data-earlier-item="thank-them"]').text_content().count("Done.")
        assert form.locator(".rebound-checklist__progress").text_content() == "2 of 3 done"

        earlier.get_by_role("button", name="Dismiss your earlier answer").click()
        assert earlier.is_hidden()
        assert "thank-them" not in answered(page)
        page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [CHECKLIST, ARTICLE])
def test_axe_finds_no_accessibility_violations(
    page: Any, site_url: str, path: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    form = open_checklist(page, site_url + path)
    fill_in(form)
    form.get_by_role("button", name="Clear my answers").click()  # shows the undo control too

    violations = axe_violations(page)

    assert violations == [], json.dumps(violations)


def test_an_oversized_import_is_refused(page: Any, site_url: str, tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"items": {"what-went-well": {"answer": "x" * 300_000}}}), "utf-8")
    form = open_checklist(page, site_url + CHECKLIST)

    form.locator(".rebound-checklist__file").set_input_files(str(big))

    form.locator(".rebound-checklist__message", has_text="too large").wait_for()
    assert form.get_by_label("What went well?").input_value() == ""


def test_every_control_is_at_least_24_pixels_square(page: Any, site_url: str) -> None:
    form = open_checklist(page, site_url + CHECKLIST)

    sizes = form.locator("input:not(.rebound-checklist__file), button, textarea").evaluate_all(
        "nodes => nodes.filter(n => n.offsetParent)"
        ".map(n => [n.getBoundingClientRect().width, n.getBoundingClientRect().height])"
    )

    assert sizes
    assert all(width >= 24 and height >= 24 for width, height in sizes), sizes
