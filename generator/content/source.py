"""Reading a content file: bytes to text, text to front matter (as YAML nodes) and body.

We split the front matter with python-frontmatter's YAML handler, then compose
it with PyYAML into *nodes* rather than loading it into values: nodes keep the
line of every key and value, and the tag YAML resolved for every plain scalar,
which is what lets the schema say "line 7: `no` was read as false".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from frontmatter.default_handlers import YAMLHandler

from .problems import Problem

_LONE_CR = re.compile(r"\r(?!\n)")
# YAML writes an anchor as `&name`, an alias as `*name` and a tag as `!tag`; front
# matter holding none of these characters needs no walk through its events.
_MAY_USE_FEATURES = re.compile(r"[&*!]")

# libyaml is several times faster and keeps the same marks; fall back quietly.
_YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_UTF8_BOM = b"\xef\xbb\xbf"
_HANDLER = YAMLHandler()
# Generous for any real page, small enough that reading a hostile file is instant.
FILE_MAX_BYTES = 2 * 1024 * 1024
FRONT_MATTER_MAX_CHARS = 32 * 1024


@dataclass(frozen=True)
class SourceFile:
    """A content file split into front matter and body.

    Attributes:
        display_path: the path shown in messages (relative to the project).
        front_matter: the composed YAML mapping, or None when the file has none.
        front_matter_line: the file line where the front matter's first line sits;
            YAML marks are 0-based from there.
        body: the Markdown after the front matter.
        body_line: the file line where the body starts.
        front_matter_text: the front matter as written, for what YAML drops (comments).
    """

    display_path: str
    front_matter: yaml.MappingNode | None
    front_matter_line: int
    body: str
    body_line: int
    front_matter_text: str = ""

    def line_of(self, node: yaml.Node) -> int:
        """The file line (1-based) of a front-matter node."""
        return self.front_matter_line + node.start_mark.line


class SourceError(Exception):
    """A file that cannot be read as a content file at all."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.format())


def read_text(path: Path, display_path: str) -> str:
    """Read a file as UTF-8 (a leading BOM is fine).

    Raises:
        SourceError: the file is too large, or not UTF-8 (with the line of the first
            bad byte).
    """
    return decode_text(read_bytes(path), display_path)


def read_bytes(path: Path) -> bytes:
    """A file's bytes, up to one more than `FILE_MAX_BYTES` (`decode_text` refuses those)."""
    with path.open("rb") as stream:
        return stream.read(FILE_MAX_BYTES + 1)


def decode_text(data: bytes, display_path: str) -> str:
    """A file's bytes (from `read_bytes`) as UTF-8 text (a leading BOM is fine).

    Raises:
        SourceError: the file is too large, or not UTF-8 (with the line of the first
            bad byte).
    """
    if len(data) > FILE_MAX_BYTES:
        raise SourceError(
            Problem(
                display_path,
                1,
                "",
                f"the file is larger than {FILE_MAX_BYTES // (1024 * 1024)} MiB; "
                "split it into several pages",
            )
        )
    data = data.removeprefix(_UTF8_BOM)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        bad = data[error.start : error.start + 1].hex()
        raise SourceError(
            Problem(
                display_path,
                line,
                "",
                f"the file is not UTF-8 text (byte 0x{bad} cannot be read); "
                "re-save it with UTF-8 encoding",
            )
        ) from None
    _check_characters(text, display_path)
    return text


def _check_characters(text: str, display_path: str) -> None:
    """Characters that Markdown and YAML would read differently from the author's editor."""
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise SourceError(
            Problem(
                display_path,
                line,
                "",
                "the file contains a NUL character (\\x00), which is not text; remove it "
                "(it often comes from pasting out of another program)",
            )
        )
    lone_cr = _LONE_CR.search(text)
    if lone_cr is None:
        return
    if "\n" not in text:
        message = (
            "the file uses old Mac line endings (a carriage return, CR, alone ends each "
            "line), so it reads as one long line; re-save it with Unix (LF) line endings"
        )
        line = 1
    else:
        line = text.count("\n", 0, lone_cr.start()) + 1
        message = (
            "this line holds a carriage return (CR) without a line feed, an old Mac line "
            "ending; re-save the file with Unix (LF) line endings"
        )
    raise SourceError(Problem(display_path, line, "", message))


def split_source(text: str, display_path: str, *, required: bool) -> SourceFile:
    """Split text into composed front matter and body.

    Arguments:
        text: the whole file.
        display_path: the path used in messages.
        required: whether a file without front matter is a mistake.

    Raises:
        SourceError: missing or unclosed front matter, malformed YAML, or front
            matter that is not a mapping of fields.
    """
    if not _HANDLER.detect(text):
        if required:
            raise SourceError(
                Problem(
                    display_path,
                    1,
                    "",
                    "no front matter: start the file with a '---' line, "
                    "then the fields (title: ...), then another '---' line",
                )
            )
        return SourceFile(display_path, None, 1, text, 1)

    # The front matter starts on the line after the opening '---'. We locate the
    # closing boundary ourselves, because the handler's split drops blank lines
    # at the start and so would shift every line number after them.
    start = text.find("\n") + 1 if "\n" in text else len(text)
    closing = _HANDLER.FM_BOUNDARY.search(text, start)
    if closing is None or start == len(text):
        raise SourceError(
            Problem(
                display_path,
                1,
                "",
                "the front matter opened on line 1 is never closed: "
                "add a '---' line after the last field",
            )
        )
    front_text = text[start : closing.start()]
    body_start = text.find("\n", closing.start())
    body = "" if body_start == -1 else text[body_start + 1 :]
    body_line = text.count("\n", 0, body_start + 1) + 1 if body_start != -1 else 1

    try:
        _check_yaml_features(front_text, display_path)
        node = yaml.compose(front_text, Loader=_YamlLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = 2 + (mark.line if mark else 0)
        what = error.problem or error.context or "cannot be read"
        message = (
            f"the front matter is not valid YAML ({what}); check the quoting and "
            "indentation on this line, and put quotes around text containing ': ' or '#'"
        )
        lines = front_text.splitlines()
        written = lines[mark.line] if mark and mark.line < len(lines) else ""
        if "\t" in _indent(written):
            # YAML's own words ("found character that cannot start any token") hide it.
            message = (
                "this line is indented with a tab, and YAML allows only spaces for "
                "indentation; replace the tab with spaces"
            )
        raise SourceError(Problem(display_path, line, "", message)) from None
    except yaml.YAMLError as error:  # e.g. a non-printable character
        raise SourceError(
            Problem(display_path, 2, "", f"the front matter is not valid YAML ({error})")
        ) from None

    if node is None:
        if required:
            raise SourceError(
                Problem(display_path, 1, "", "the front matter is empty: add the required fields")
            )
        return SourceFile(display_path, None, 2, body, body_line)
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        raise SourceError(
            Problem(
                display_path,
                2 + node.start_mark.line,
                "",
                f"the front matter must be fields written as 'name: value', but it is {kind}",
            )
        )
    return SourceFile(display_path, node, 2, body, body_line, front_text)


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip(" \t"))]


def _check_yaml_features(front_text: str, display_path: str) -> None:
    """Refuse what front matter never needs and an attacker would use.

    Aliases let a few lines stand for billions of values ("billion laughs"), so
    anchors and aliases are refused before anything is built from the YAML, and
    the size is capped. Explicit tags (`!!python/object`, `!!str`) are refused
    too: fields are plain values, typed by the contract.

    Raises:
        SourceError: at the line of the first such feature.
        yaml.MarkedYAMLError: the YAML is malformed (the caller reports it).
    """
    if len(front_text) > FRONT_MATTER_MAX_CHARS:
        raise SourceError(
            Problem(
                display_path,
                2,
                "",
                f"the front matter is {len(front_text):,} characters long; the limit is "
                f"{FRONT_MATTER_MAX_CHARS:,}: move long text into the body",
            )
        )
    if not _MAY_USE_FEATURES.search(front_text):
        return  # no anchor ('&'), alias ('*') or tag ('!') can be written without one
    for event in yaml.parse(front_text, Loader=_YamlLoader):
        line = 2 + event.start_mark.line
        if isinstance(event, yaml.AliasEvent):
            message = (
                f"the front matter uses a YAML alias ('*{event.anchor}'); "
                "write the value out in full instead"
            )
        elif getattr(event, "anchor", None):
            message = (
                f"the front matter uses a YAML anchor ('&{event.anchor}'), which only "
                "serves aliases; anchors and aliases are not allowed, so write each value "
                "out in full"
            )
        elif getattr(event, "tag", None) is not None:  # only set when written out
            message = (
                f"YAML tags ('{_short_tag(event.tag)}') are not allowed in front matter; "
                "remove the tag and write a plain value"
            )
        else:
            continue
        raise SourceError(Problem(display_path, line, "", message))


def _short_tag(tag: str) -> str:
    return "!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml") else tag
