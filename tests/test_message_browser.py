"""Message templates in real headless Chromium: copy, keyboard, fallbacks, no JS, print."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser import axe_violations, serve_folder
from .conftest import BASE_FILES, build, write_files
from .test_article_extras import WITH_MESSAGES

pytest.importorskip("playwright")

ARTICLE = "/articles/ask-for-feedback-you-can-use/"
FIRST_MESSAGE = (
    "Hi [Name],\n\nThank you for letting me know & for your time.\n"
    "Could you tell me one thing to work on?\n\nBest wishes,\n[Your name]"
)

NO_CLIPBOARD_API = """
Object.defineProperty(Navigator.prototype, "clipboard", { get() { return undefined; } });
"""
# Records what the older copy command would copy: the text box it copies from.
RECORD_COPY_COMMAND = """
const realExecCommand = Document.prototype.execCommand;
Document.prototype.execCommand = function (command, ...rest) {
  if (command === "copy") {
    window.__copied = document.activeElement && document.activeElement.value;
    return window.__refuseCopy ? false : realExecCommand.call(this, command, ...rest);
  }
  return realExecCommand.call(this, command, ...rest);
};
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("messages") / "project"
    write_files(root, BASE_FILES)
    write_files(root, {"content/articles/posts/ask-for-feedback-you-can-use.md": WITH_MESSAGES})
    with serve_folder(build(root)) as url:
        yield url


@pytest.fixture
def context(browser: Any, site_url: str) -> Iterator[Any]:
    context = browser.new_context()
    outside: list[str] = []
    context.on(
        "request",
        lambda request: (
            None if request.url.startswith((site_url, "data:")) else outside.append(request.url)
        ),
    )
    yield context
    context.close()
    assert outside == [], f"requests left the site: {outside}"


@pytest.fixture
def page(context: Any) -> Iterator[Any]:
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert errors == [], f"JavaScript errors: {errors}"


def first_panel(page: Any, site_url: str) -> Any:
    page.goto(site_url + ARTICLE)
    panel = page.locator("[data-rebound-message]").first
    panel.get_by_role("button", name="Copy message").wait_for()
    return panel


def test_copy_puts_the_message_on_the_clipboard_and_says_so(
    context: Any, page: Any, site_url: str
) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    panel = first_panel(page, site_url)

    panel.get_by_role("button", name="Copy message").click()

    status = panel.get_by_role("status")
    status.filter(has_text="Copied").wait_for()
    assert page.evaluate("navigator.clipboard.readText()") == FIRST_MESSAGE
    assert status.get_attribute("aria-live") == "polite"


def test_copy_works_from_the_keyboard(context: Any, page: Any, site_url: str) -> None:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url)
    panel = page.locator("[data-rebound-message]").nth(1)
    first_panel(page, site_url)
    button = panel.get_by_role("button", name="Copy message")

    button.focus()
    page.keyboard.press("Enter")

    panel.get_by_role("status").filter(has_text="Copied").wait_for()
    expected = "Dear [Name], I'd be glad to hear about future roles."
    assert page.evaluate("navigator.clipboard.readText()") == expected
    page.evaluate("navigator.clipboard.writeText('')")
    page.keyboard.press("Space")
    page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)")
    assert page.evaluate("navigator.clipboard.readText()") == expected
    assert page.evaluate("document.activeElement.textContent") == "Copy message"


def test_without_the_clipboard_api_the_copy_command_copies_the_same_text(
    context: Any, page: Any, site_url: str
) -> None:
    context.add_init_script(NO_CLIPBOARD_API + RECORD_COPY_COMMAND)
    panel = first_panel(page, site_url)
    button = panel.get_by_role("button", name="Copy message")

    button.click()

    panel.get_by_role("status").filter(has_text="Copied").wait_for()
    assert page.evaluate("window.__copied") == FIRST_MESSAGE
    # The temporary text box is gone and focus is back on the button.
    assert page.locator("body > textarea").count() == 0
    assert page.evaluate("document.activeElement.textContent") == "Copy message"


def test_when_copying_is_refused_the_text_is_selected_for_the_reader(
    context: Any, page: Any, site_url: str
) -> None:
    context.add_init_script(NO_CLIPBOARD_API + RECORD_COPY_COMMAND)
    panel = first_panel(page, site_url)
    page.evaluate("window.__refuseCopy = true")

    panel.get_by_role("button", name="Copy message").click()

    panel.get_by_role("status").filter(has_text="press Ctrl+C").wait_for()
    selected = page.evaluate("window.getSelection().toString()")
    assert "Thank you for letting me know & for your time." in selected
    assert "[Your name]" in selected


def test_without_javascript_the_button_is_hidden_and_the_text_can_be_selected(
    browser: Any, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + ARTICLE)
    panel = page.locator("[data-rebound-message]").first

    assert panel.get_by_text("Thank you for letting me know & for your time.").is_visible()
    assert panel.locator("button").count() == 1
    assert not panel.locator("button").is_visible()
    assert panel.locator(".rebound-message__text").evaluate(
        "el => getComputedStyle(el).userSelect"
    ) in ("text", "auto")
    context.close()


def test_printed_messages_keep_their_text_and_lose_the_button(page: Any, site_url: str) -> None:
    panel = first_panel(page, site_url)

    page.emulate_media(media="print")

    assert panel.get_by_text("Could you tell me one thing to work on?").is_visible()
    assert not panel.get_by_role("button", name="Copy message").is_visible()
    assert panel.get_by_text("Fill in: [Name], [Your name]").is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_message_panels_have_no_accessibility_violations(
    page: Any, site_url: str, scheme: str
) -> None:
    page.emulate_media(color_scheme=scheme)
    first_panel(page, site_url)
    assert axe_violations(page) == []
