"""The `message` Markdown block and its checks, Markdown in and HTML or problems out."""

from __future__ import annotations

from typing import Any, ClassVar

import markdown
from markdown.test_tools import TestCase

from generator.content.messages import find_messages, parse_message
from generator.content.problems import Problem
from generator.markdown import MessageExtension


class TestMessageBlock(TestCase):
    default_kwargs: ClassVar[dict[str, Any]] = {"extensions": [MessageExtension()]}

    def test_renders_a_panel_with_marked_placeholders_and_a_hidden_copy_button(self) -> None:
        self.assertMarkdownRenders(
            self.dedent(
                """
                Before.

                /// message | Ask for feedback
                Hi [Name], thank you for letting me know.
                Could you share **one** thing to work on?

                Best wishes,
                [Your name]
                ///

                After.
                """
            ),
            self.dedent(
                """
                <p>Before.</p>
                <div class="rebound-message-embed"><div class="rebound-message" role="group" aria-labelledby="rebound-message-1-subject" data-rebound-message>
                <p class="rebound-message__subject" id="rebound-message-1-subject"><span class="rebound-message__label">Message:</span> Ask for feedback</p>
                <div class="rebound-message__text" id="rebound-message-1-text">
                <p>Hi <mark class="rebound-message__placeholder">[Name]</mark>, thank you for letting me know.<br>Could you share **one** thing to work on?</p>
                <p>Best wishes,<br><mark class="rebound-message__placeholder">[Your name]</mark></p>
                </div>
                <p class="rebound-message__fill">Fill in: [Name], [Your name]</p>
                <div class="rebound-message__actions" data-pagefind-ignore hidden>
                <button type="button" class="rebound-message__copy" data-rebound-copy="rebound-message-1-text" aria-describedby="rebound-message-1-subject">Copy message</button>
                <span class="rebound-message__status" role="status" aria-live="polite"></span>
                </div>
                </div></div>
                <p>After.</p>
                """
            ),
        )

    def test_text_is_escaped_never_parsed_as_markup(self) -> None:
        html = markdown.markdown(
            "/// message | Fish & chips\nTom & Jerry say 5 > 3 and _hi_.\n///",
            extensions=[MessageExtension()],
        )
        assert "Fish &amp; chips" in html
        assert "<p>Tom &amp; Jerry say 5 &gt; 3 and _hi_.</p>" in html
        assert "rebound-message__fill" not in html  # no placeholders, no list

    def test_each_message_on_a_page_gets_its_own_ids(self) -> None:
        html = markdown.markdown(
            "/// message | One\nFirst.\n///\n\n/// message | Two\nSecond.\n///",
            extensions=[MessageExtension()],
        )
        assert 'id="rebound-message-1-text"' in html
        assert 'id="rebound-message-2-text"' in html
        # A new page starts counting again.
        again = markdown.markdown("/// message | One\nFirst.\n///", extensions=[MessageExtension()])
        assert 'id="rebound-message-1-text"' in again

    def test_options_are_refused_so_no_attribute_reaches_the_panel(self) -> None:
        html = markdown.markdown(
            '/// message | Hi\n    attrs: {onclick: "alert(1)"}\n\nText.\n///',
            extensions=[MessageExtension()],
        )
        # The block is not made at all: its lines stay visible as plain text.
        assert "rebound-message" not in html
        assert "<div" not in html
        assert 'onclick="' not in html


def test_parse_keeps_lines_and_paragraphs_for_the_copied_text() -> None:
    message = parse_message(
        "  Ask   for feedback ", "\n  Hi [Name],  \n\n\nThanks.\n[Name] again, [Role].\n"
    )
    assert message.subject == "Ask for feedback"
    assert message.text == "Hi [Name],\n\nThanks.\n[Name] again, [Role]."
    assert message.placeholders == ("[Name]", "[Role]")
    assert [len(paragraph) for paragraph in message.paragraphs] == [1, 2]


def problems_in(body: str) -> list[str]:
    problems: list[Problem] = []
    find_messages(body, 10, "content/x.md", problems)
    return [problem.format() for problem in problems]


def test_find_messages_returns_each_valid_block_with_its_line() -> None:
    problems: list[Problem] = []
    found = find_messages(
        "Intro.\n\n/// message | Ask\nHi [Name].\n///\n\n```\n/// message |\n```\n",
        10,
        "content/x.md",
        problems,
    )
    assert problems == []
    assert [(message.subject, message.line) for message in found] == [("Ask", 12)]


def test_find_messages_reports_every_mistake_at_its_line() -> None:
    assert problems_in("/// message\nHi.\n///") == [
        "content/x.md:10: message block: needs a subject: write '/// message | Ask for "
        "feedback', then the message, then '///'"
    ]
    assert problems_in("/// message | " + "x" * 91 + "\nHi.\n///") == [
        "content/x.md:10: message block: the subject is 91 characters long; shorten it to "
        "90 or fewer"
    ]
    assert problems_in("/// message | Ask\n\n///") == [
        "content/x.md:10: message block: has no message: write the words to send between "
        "the opening and '///'"
    ]
    assert problems_in("Text.\n/// message | Ask\nHi <b>you</b>.\n///") == [
        "content/x.md:12: message block: the message contains HTML ('<b>'); write plain "
        "text, the page adds the formatting"
    ]
    assert problems_in("/// message | Ask\nHi.\n") == [
        "content/x.md:10: message block: is never closed: add a '///' line after the last "
        "line of the message"
    ]
    assert problems_in("/// message | Ask\n    attrs: {class: x}\n///") == [
        "content/x.md:11: message block: the message starts with an indented line, which "
        "would be read as block options; remove the indentation"
    ]
    assert problems_in("/// message | Ask\nHi.\n/// checklist | x\n///") == [
        "content/x.md:12: message block: a message cannot hold another block; close the "
        "message with '///' first"
    ]
