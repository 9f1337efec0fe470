"""Reading typed values out of composed YAML nodes, with messages authors can act on.

Each converter takes a node and returns a Python value or raises `Invalid`.
Working on nodes (not loaded values) means we still see what the author typed:
`no` resolved to a boolean, `10:00` to the base-60 number 600, an unquoted
date to a timestamp. Those YAML 1.1 surprises become precise messages here.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable, Collection
from datetime import UTC, datetime, time
from typing import Any, TypeVar

import yaml

from .problems import did_you_mean

T = TypeVar("T")
Converter = Callable[[yaml.Node], T]

_TAG_PREFIX = "tag:yaml.org,2002:"
# Anything that a browser would start reading as markup: <b>, </p>, <!--, <?php.
HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>?")
# Characters no title or label ever needs, and a terminal or page would act on.
_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Printable ASCII without spaces, quotes or angle brackets: safe in any attribute.
_URL_SAFE = re.compile(r"^[A-Za-z0-9._~:/?#\[\]@!$&()*+,;=%-]+$")
ID_PATTERN = re.compile(r"^[a-z0-9-]{1,40}$")
SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class Invalid(Exception):
    """One or more problems found while converting a node.

    Attributes:
        findings: (node, message) pairs; the node gives the line.
    """

    def __init__(self, findings: list[tuple[yaml.Node, str]]) -> None:
        self.findings = findings
        super().__init__("; ".join(message for _, message in findings))

    @classmethod
    def at(cls, node: yaml.Node, message: str) -> Invalid:
        return cls([(node, message)])


def _tag(node: yaml.Node) -> str:
    return node.tag.removeprefix(_TAG_PREFIX)


def construct(node: yaml.Node) -> Any:
    """Build the Python value PyYAML would have loaded for a node."""
    return yaml.constructor.SafeConstructor().construct_object(node, deep=True)


def _shape(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a set of fields (check the indentation)"
    return "a value"


def _surprise(node: yaml.ScalarNode, wanted: str) -> str:
    """Explain what YAML made of a plain scalar that was meant as `wanted`."""
    raw, tag = node.value, _tag(node)
    quote_it = f'put it in quotes: "{raw}"'
    if tag == "null":
        return "is empty; write a value or remove the field"
    if tag == "bool":
        value = "true" if construct(node) else "false"
        return f"YAML reads '{raw}' as {value}, not as {wanted}; {quote_it}"
    if tag == "int" and ":" in raw:
        return (
            f"YAML reads '{raw}' as the number {construct(node)} (base 60), "
            f"not as {wanted}; {quote_it}"
        )
    if tag in ("int", "float"):
        return f"YAML reads '{raw}' as a number, not as {wanted}; {quote_it}"
    if tag == "timestamp":
        return f"YAML reads '{raw}' as a date, not as {wanted}; {quote_it}"
    return f"expected {wanted}, got '{raw}'"


def text(node: yaml.Node) -> str:
    """A text scalar, exactly as written (quoted or plain)."""
    if not isinstance(node, yaml.ScalarNode):
        raise Invalid.at(node, f"expected text, got {_shape(node)}")
    if _tag(node) != "str":
        raise Invalid.at(node, _surprise(node, "text"))
    return node.value


def plain_text(max_length: int) -> Converter[str]:
    """Single-line plain text: no HTML, not empty, at most `max_length` characters."""

    def convert(node: yaml.Node) -> str:
        value = " ".join(text(node).split())
        if not value:
            raise Invalid.at(node, "is empty; write some text or remove the field")
        if match := _CONTROL_CHARACTER.search(value):
            raise Invalid.at(
                node,
                f"contains a control character ({match.group(0)!r}), which is not text; "
                "remove it (it often comes from pasting out of a terminal)",
            )
        if match := HTML_TAG.search(value):
            raise Invalid.at(
                node,
                f"contains HTML ('{match.group(0)}'); this field is plain text, "
                "so remove the tag (the page adds the formatting)",
            )
        if len(value) > max_length:
            raise Invalid.at(
                node,
                f"is {len(value)} characters long; shorten it to {max_length} or fewer",
            )
        return value

    return convert


def relative_path(what: str, example: str) -> Converter[str]:
    """A path inside the content folder: relative, no `..`, no address of another site."""

    def convert(node: yaml.Node) -> str:
        value = text(node).strip()
        parts = value.split("/")
        if (
            not _URL_SAFE.match(value)
            or ":" in value
            or value.startswith("/")
            or "\\" in value
            or any(part in ("", ".", "..") for part in parts)
        ):
            raise Invalid.at(
                node,
                f"'{value}' is not a path inside the content folder; save the {what} there "
                f"and write its path relative to the content folder, e.g. '{example}'",
            )
        return value

    return convert


_WEB_SCHEMES = ("https", "http")
# A host name as DNS spells it: labels of letters, digits and hyphens, with a dot.
_HOST = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")
# Whitespace, quotes, angle brackets and control characters never belong in a URL.
_URL_UNSAFE = re.compile(r"[\s\"'<>\\^`{|}\x00-\x1f\x7f]")


def web_url(max_length: int) -> Converter[str]:
    """An absolute http(s) address to link to: no credentials, no other scheme."""
    example = "e.g. https://www.example.org/report"

    def convert(node: yaml.Node) -> str:
        value = text(node).strip()
        if not value:
            raise Invalid.at(node, f"is empty; write the full address, {example}")
        if len(value) > max_length:
            raise Invalid.at(
                node, f"is {len(value)} characters long; use an address of {max_length} or fewer"
            )
        if match := _URL_UNSAFE.search(value):
            found = "a space" if match.group(0).isspace() else repr(match.group(0))
            raise Invalid.at(
                node,
                f"contains {found}, which cannot appear in an address; "
                "copy the address from the browser's address bar",
            )
        try:
            parts = urllib.parse.urlsplit(value)
            port = parts.port
        except ValueError:
            raise Invalid.at(node, f"'{value}' is not a web address; {example}") from None
        if parts.scheme.lower() not in _WEB_SCHEMES:
            raise Invalid.at(
                node,
                f"'{value}' is not an http or https address; write the full address, {example}",
            )
        if parts.username is not None or parts.password is not None:
            raise Invalid.at(
                node, "contains a user name or password; link to the public page instead"
            )
        host = (parts.hostname or "").rstrip(".")
        if not _HOST.match(host) or port == 0:
            raise Invalid.at(node, f"'{value}' has no valid site name; {example}")
        return value

    return convert


def identifier(what: str, example: str) -> Converter[str]:
    """An id: 1-40 lowercase letters, digits and hyphens."""

    def convert(node: yaml.Node) -> str:
        value = text(node)
        if not ID_PATTERN.match(value):
            raise Invalid.at(
                node,
                f"'{value}' is not a valid {what}: use 1-40 lowercase letters, digits "
                f"and hyphens, e.g. '{example}'",
            )
        return value

    return convert


def whole_number(low: int, high: int) -> Converter[int]:
    """An integer in [low, high]."""

    def convert(node: yaml.Node) -> int:
        wanted = f"a whole number from {low} to {high}"
        if not isinstance(node, yaml.ScalarNode):
            raise Invalid.at(node, f"expected {wanted}, got {_shape(node)}")
        tag = _tag(node)
        if tag == "str" and node.value.strip().isdigit():
            raise Invalid.at(node, f"expected {wanted}; remove the quotes around {node.value}")
        if tag != "int" or ":" in node.value:
            raise Invalid.at(node, _surprise(node, wanted))
        value = construct(node)
        if not low <= value <= high:
            raise Invalid.at(node, f"{value} is out of range; expected {wanted}")
        return value

    return convert


def boolean(node: yaml.Node) -> bool:
    """true or false."""
    if isinstance(node, yaml.ScalarNode) and _tag(node) == "bool":
        return construct(node)
    if isinstance(node, yaml.ScalarNode) and _tag(node) == "str":
        raise Invalid.at(node, f"expected true or false without quotes, got '{node.value}'")
    raise Invalid.at(node, f"expected true or false, got {_shape(node)}")


def timestamp(node: yaml.Node) -> datetime:
    """A date (`2026-11-01`) or date and time, as an aware datetime (UTC if none given)."""
    example = "write it as YYYY-MM-DD without quotes, e.g. 2026-11-01"
    if not isinstance(node, yaml.ScalarNode):
        raise Invalid.at(node, f"expected a date, got {_shape(node)}; {example}")
    if _tag(node) != "timestamp":
        quoted = node.style in ('"', "'")
        if quoted and re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}([Tt ].*)?", node.value.strip()):
            raise Invalid.at(
                node,
                f"'{node.value}' is in quotes, so YAML reads it as text, not as a date; "
                f"remove the quotes: {node.value.strip()}",
            )
        raise Invalid.at(node, f"'{node.value}' is not a date; {example}")
    try:
        value = construct(node)
    except ValueError as error:
        raise Invalid.at(node, f"'{node.value}' is not a real date ({error}); {example}") from None
    if not isinstance(value, datetime):
        value = datetime.combine(value, time())
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def one_of(choices: Collection[str], what: str, advice: str = "choose from") -> Converter[str]:
    """A text that must be one of `choices` (exact match).

    Arguments:
        advice: leads the list of choices, shown when no choice is close enough
            for a "did you mean".
    """

    def convert(node: yaml.Node) -> str:
        value = text(node)
        if value not in choices:
            hint = did_you_mean(value, choices) or f"; {advice}: {', '.join(sorted(choices))}"
            raise Invalid.at(node, f"'{value}' is not {what}{hint}")
        return value

    return convert


def sequence(
    element: Converter[T],
    *,
    low: int,
    high: int,
    noun: str,
    unique: bool = True,
    key: Callable[[T], Any] = lambda value: value,
) -> Converter[tuple[T, ...]]:
    """A list of `low` to `high` elements; reports every bad element at its own line."""

    def convert(node: yaml.Node) -> tuple[T, ...]:
        if isinstance(node, yaml.ScalarNode) and _tag(node) == "str":
            raise Invalid.at(node, f"expected a list; write it in brackets: [{node.value}]")
        if not isinstance(node, yaml.SequenceNode):
            raise Invalid.at(node, f"expected a list of {noun}, got {_shape(node)}")
        count = len(node.value)
        if not low <= count <= high:
            size = f"{low}" if low == high else f"{low} to {high}"
            raise Invalid.at(node, f"has {count} {noun}; expected {size}")
        values: list[T] = []
        findings: list[tuple[yaml.Node, str]] = []
        seen: set[Any] = set()
        for child in node.value:
            try:
                value = element(child)
            except Invalid as invalid:
                findings.extend(invalid.findings)
                continue
            if unique and key(value) in seen:
                findings.append((child, f"'{key(value)}' is listed twice"))
                continue
            seen.add(key(value))
            values.append(value)
        if findings:
            raise Invalid(findings)
        return tuple(values)

    return convert
