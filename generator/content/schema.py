"""The content contract (DESIGN.md section 2) as code: front matter to models.

`read_article`, `read_checklist` and `read_page` check one file's front matter
and return a model, or None after recording every problem they found.
Checks that need the whole tree (unknown checklist references, duplicate slugs)
live in `loader.py`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

import yaml

from . import fields
from .fields import Invalid
from .models import (
    DEFAULT_QUESTION_LINES,
    Article,
    Checklist,
    ChecklistRef,
    Item,
    ItemKind,
    Page,
    Source,
    count_words,
)
from .problems import Problem, did_you_mean
from .source import SourceFile
from .theme_keys import REFUSED_THEME_KEYS, theme_keys

T = TypeVar("T")

TITLE_MAX = 90
DESCRIPTION_MAX = 200
ITEM_TEXT_MAX = 300
HINT_MAX = 200
LABEL_MAX = 40
ITEMS_MAX = 40
TAGS_MAX = 6
SOURCES_MAX = 20
SOURCE_TITLE_MAX = 200
SOURCE_URL_MAX = 500
SOURCE_PUBLISHER_MAX = 120
EARLIEST_SOURCE_YEAR = 1900


@dataclass(frozen=True)
class ContentRules:
    """Site-wide lists the front matter is checked against (from mkdocs.yml).

    Attributes:
        allowed_tags: the tags plugin's `tags_allowed`; empty means any tag.
        allowed_categories: the rebound plugin's `categories_allowed`; empty means any.
        authors: keys of `.authors.yml`.
    """

    allowed_tags: frozenset[str] = frozenset()
    allowed_categories: frozenset[str] = frozenset()
    authors: frozenset[str] = frozenset()
    authors_file: str = "content/articles/.authors.yml"
    templates: frozenset[str] = frozenset()
    """Page templates the theme has (`main.html`, `home.html`); empty means unchecked names."""
    icons: Callable[[str], bool] | None = None
    """Whether the theme has an icon (`material/arrow-left`); None checks the name only."""
    page_statuses: frozenset[str] = frozenset({"new", "deprecated"})
    """Values of `status:`: mkdocs-material's own plus those in `extra.status`."""
    asset_exists: Callable[[str], bool] | None = None
    """Whether a path relative to the content folder is a file in it (for avatars)."""


_MISSING: Any = object()


@dataclass
class _FieldReader:
    """Reads the fields of one YAML mapping, recording problems as it goes."""

    source: SourceFile
    mapping: yaml.MappingNode
    problems: list[Problem]
    prefix: str = ""
    failed: bool = False
    values: dict[str, tuple[yaml.Node, yaml.Node]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for key, value in self.mapping.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key.value)
            if name in self.values:
                first = self.source.line_of(self.values[name][0])
                self.report(key, name, f"is set twice (first on line {first}); keep one")
                continue
            self.values[name] = (key, value)

    def report(self, node: yaml.Node, name: str, message: str) -> None:
        self.failed = True
        line = self.source.line_of(node)
        self.problems.append(Problem(self.source.display_path, line, self.prefix + name, message))

    def take(
        self,
        name: str,
        convert: Callable[[yaml.Node], T],
        *,
        required: str | None = None,
        default: Any = None,
    ) -> T | Any:
        """The converted value of a field, or `default` (after a report) when it is bad.

        Arguments:
            required: when given, the field is required and this says what to write.
        """
        if name not in self.values:
            if required is not None:
                self.report(self.mapping, name, f"is missing; add it: {required}")
            return default
        node = self.values[name][1]
        try:
            return convert(node)
        except Invalid as invalid:
            # No findings means the converter recorded its own problems (per item).
            self.failed = True
            for where, message in invalid.findings:
                self.report(where, name, message)
            return default

    def check_not_cut(self, name: str) -> None:
        """Report a plain-text field that YAML cut short at ` #` (the rest became a comment)."""
        node = self.node(name)
        if not isinstance(node, yaml.ScalarNode) or node.style not in (None, ""):
            return
        lines = self.source.front_matter_text.splitlines()
        if node.end_mark.line >= len(lines):
            return
        rest = lines[node.end_mark.line][node.end_mark.column :]
        if re.match(r"[ \t]+#", rest):
            whole = f"{node.value}{rest.rstrip()}".replace('"', '\\"')
            self.report(
                node,
                name,
                f"YAML reads '{rest.strip()}' as a comment and drops it, so this is cut to "
                f"'{node.value}'; put the whole text in quotes: \"{whole}\" "
                "(or move a comment to a line of its own)",
            )

    def node(self, name: str) -> yaml.Node | None:
        pair = self.values.get(name)
        return pair[1] if pair else None

    def reject_unknown(self, known: Collection[str], passthrough: Collection[str] = ()) -> None:
        for name, (key, _) in self.values.items():
            if name in known or name in passthrough:
                continue
            if name in REFUSED_THEME_KEYS:
                value = self.values[name][1]
                written = value.value if isinstance(value, yaml.ScalarNode) else ""
                self.report(key, name, REFUSED_THEME_KEYS[name].format(value=written or "..."))
                continue
            hint = did_you_mean(name, [*known, *passthrough])
            hint = hint or f"; the fields here are: {', '.join(known)}"
            self.report(key, name, f"is not a known field{hint}")


def _take_theme_keys(
    reader: _FieldReader, rules: ContentRules, kind: str, taken: dict[str, object] | None = None
) -> tuple[str, ...]:
    """Check the theme's own keys that are set; returns every name the theme allows here.

    Arguments:
        taken: receives the value of each key that is set and valid.
    """
    keys = theme_keys(rules, kind)
    for name, convert in keys.items():
        value = reader.take(name, convert)
        if taken is not None and value is not None:
            taken[name] = value
    return tuple(keys)


def _tags(rules: ContentRules) -> Callable[[yaml.Node], tuple[str, ...]]:
    tag = (
        fields.one_of(rules.allowed_tags, "an allowed tag", "tags_allowed in mkdocs.yml lists")
        if rules.allowed_tags
        else fields.plain_text(40)
    )
    return fields.sequence(tag, low=1, high=TAGS_MAX, noun="tags")


def _checklist_refs(
    source: SourceFile, found: list[ChecklistRef]
) -> Callable[[yaml.Node], tuple[ChecklistRef, ...]]:
    # Existence is checked by the loader, which knows every checklist; refs are
    # handed to it through `found` even when another field of the article is bad.
    slug = fields.identifier("checklist slug", "ask-for-feedback")

    def ref(node: yaml.Node) -> ChecklistRef:
        checklist_ref = ChecklistRef(slug(node), source.line_of(node))
        found.append(checklist_ref)
        return checklist_ref

    return fields.sequence(ref, low=1, high=10, noun="checklists", key=lambda found: found.slug)


def _article_dates(node: yaml.Node) -> tuple[datetime, datetime | None]:
    """`date: 2026-11-01` or `date: {created: ..., updated: ...}`."""
    if not isinstance(node, yaml.MappingNode):
        return fields.timestamp(node), None
    findings: list[tuple[yaml.Node, str]] = []
    found: dict[str, datetime] = {}
    for key, value in node.value:
        if key.value not in ("created", "updated"):
            hint = did_you_mean(key.value, ["created", "updated"])
            findings.append((key, f"'{key.value}' is not a date field{hint}"))
            continue
        try:
            found[key.value] = fields.timestamp(value)
        except Invalid as invalid:
            findings.extend(invalid.findings)
    if "created" not in found and not findings:
        findings.append((node, "is missing 'created:' (the publication date)"))
    if findings:
        raise Invalid(findings)
    return found["created"], found.get("updated")


SOURCE_FIELDS = ("title", "url", "publisher", "year")


def _sources(
    source: SourceFile, problems: list[Problem]
) -> Callable[[yaml.Node], tuple[Source, ...]]:
    """`sources:` a list of publications, each with title, url, publisher and year."""

    def convert(node: yaml.Node) -> tuple[Source, ...]:
        if not isinstance(node, yaml.SequenceNode):
            raise Invalid.at(
                node,
                "expected a list of sources, each starting with '- title: ...' and with "
                "url, publisher and year under it",
            )
        if not 1 <= len(node.value) <= SOURCES_MAX:
            raise Invalid.at(node, f"has {len(node.value)} sources; expected 1 to {SOURCES_MAX}")
        found: list[Source] = []
        before = len(problems)
        for number, child in enumerate(node.value, start=1):
            entry = _read_source(child, number, source, problems)
            if entry is not None:
                found.append(entry)
        if len(problems) > before:
            raise Invalid([])  # each problem is already recorded with its own field
        return tuple(found)

    return convert


def _entry_reader(
    node: yaml.Node, prefix: str, source: SourceFile, problems: list[Problem], advice: str
) -> _FieldReader | None:
    """A reader for one entry of a list of mappings (`items[3]`), or None after saying
    that the entry is not a mapping."""
    if not isinstance(node, yaml.MappingNode):
        problems.append(Problem(source.display_path, source.line_of(node), prefix, advice))
        return None
    return _FieldReader(source, node, problems, prefix=prefix + ".")


def _read_source(
    node: yaml.Node, number: int, source: SourceFile, problems: list[Problem]
) -> Source | None:
    reader = _entry_reader(
        node,
        f"sources[{number}]",
        source,
        problems,
        "each source needs fields: '- title: ...' with url, publisher and year under it",
    )
    if reader is None:
        return None
    title = reader.take(
        "title",
        fields.plain_text(SOURCE_TITLE_MAX),
        required="title: The title of the study, report or page",
    )
    url = reader.take(
        "url", fields.web_url(SOURCE_URL_MAX), required="url: https://the-publisher.org/page"
    )
    publisher = reader.take(
        "publisher",
        fields.plain_text(SOURCE_PUBLISHER_MAX),
        required="publisher: Who published it",
    )
    year = reader.take("year", _publication_year, required="year: the year it was published")
    reader.reject_unknown(SOURCE_FIELDS)
    if reader.failed:
        return None
    return Source(title=title, url=url, publisher=publisher, year=year)


def _publication_year(node: yaml.Node) -> int:
    # One message whatever the mistake, and without the current year in it, so it
    # reads the same next year.
    try:
        return fields.whole_number(EARLIEST_SOURCE_YEAR, datetime.now(UTC).year + 1)(node)
    except Invalid:
        raise Invalid.at(
            node,
            f"expected the year it was published, e.g. 2020, without quotes "
            f"(from {EARLIEST_SOURCE_YEAR} to next year)",
        ) from None


ARTICLE_FIELDS = (
    "title",
    "description",
    "date",
    "reviewed",
    "authors",
    "tags",
    "categories",
    "step",
    "checklists",
    "sources",
    "draft",
)


def read_article(
    source: SourceFile,
    slug: str,
    src_path: str,
    rules: ContentRules,
    inline: tuple[ChecklistRef, ...],
    problems: list[Problem],
    listed: list[ChecklistRef] | None = None,
) -> Article | None:
    """Check an article's front matter and build the model.

    Arguments:
        listed: receives the well-formed `checklists:` references, even when the
            article has other problems, so unknown slugs are reported in the same run.
    """
    assert source.front_matter is not None
    reader = _FieldReader(source, source.front_matter, problems)
    title = reader.take("title", fields.plain_text(TITLE_MAX), required="title: Your title")
    description = reader.take(
        "description",
        fields.plain_text(DESCRIPTION_MAX),
        required="description: One or two plain sentences.",
    )
    reader.check_not_cut("title")
    reader.check_not_cut("description")
    dates = reader.take("date", _article_dates, required="date: 2026-11-01")
    author = (
        fields.one_of(rules.authors, "a known author", f"{rules.authors_file} defines")
        if rules.authors
        else _no_authors_file(rules)
    )
    authors = reader.take(
        "authors",
        fields.sequence(author, low=1, high=5, noun="authors"),
        required="authors: [rebound]",
    )
    tags = reader.take("tags", _tags(rules), required="tags: [feedback]")
    category = (
        fields.one_of(
            rules.allowed_categories,
            "an allowed category",
            "categories_allowed in mkdocs.yml lists",
        )
        if rules.allowed_categories
        else fields.plain_text(60)
    )
    categories = reader.take(
        "categories", fields.sequence(category, low=1, high=3, noun="categories"), default=()
    )
    step = reader.take("step", fields.whole_number(1, 5))
    checklist_refs = reader.take(
        "checklists", _checklist_refs(source, listed if listed is not None else []), default=()
    )
    draft = reader.take("draft", fields.boolean, default=False)
    sources = reader.take("sources", _sources(source, problems), default=())
    reviewed = reader.take("reviewed", fields.timestamp)
    if reviewed is not None and dates is not None and reviewed.date() < dates[0].date():
        reader.report(
            reader.node("reviewed"),
            "reviewed",
            f"{reviewed.date().isoformat()} is before the article's date "
            f"({dates[0].date().isoformat()}); a review comes on or after publication",
        )
    theme_values: dict[str, object] = {}
    reader.reject_unknown(ARTICLE_FIELDS, _take_theme_keys(reader, rules, "article", theme_values))
    if reader.failed:
        return None
    created, updated = dates
    return Article(
        slug=slug,
        src_path=src_path,
        title=title,
        description=description,
        created=created,
        updated=updated,
        authors=authors,
        tags=tags,
        categories=categories,
        step=step,
        checklist_refs=checklist_refs,
        draft=draft,
        inline_checklists=inline,
        sources=sources,
        reviewed=reviewed,
        pin=bool(theme_values.get("pin", False)),
        readtime=theme_values.get("readtime"),  # type: ignore[arg-type]
        words=count_words(source.body),
    )


def _no_authors_file(rules: ContentRules) -> Callable[[yaml.Node], str]:
    def convert(node: yaml.Node) -> str:
        raise Invalid.at(
            node,
            f"'{fields.text(node)}' is not a known author: {rules.authors_file} is missing "
            "or defines no authors",
        )

    return convert


ITEM_FIELDS = ("id", "kind", "text", "hint", "lines", "labels")


def _read_item(
    node: yaml.Node, number: int, source: SourceFile, problems: list[Problem]
) -> Item | None:
    reader = _entry_reader(
        node,
        f"items[{number}]",
        source,
        problems,
        "each item needs fields, e.g. '- id: thank-them' with 'text: ...' under it",
    )
    if reader is None:
        return None
    item_id = reader.take(
        "id", fields.identifier("item id", "thank-them"), required="id: a-stable-id"
    )
    text = reader.take(
        "text", fields.plain_text(ITEM_TEXT_MAX), required="text: What the reader ticks or answers."
    )
    kind_name = reader.take(
        "kind", fields.one_of([kind.value for kind in ItemKind], "an item kind"), default=None
    )
    # Once the kind is wrong, fields that depend on it cannot be judged.
    kind_known = kind_name is not None or "kind" not in reader.values
    kind = ItemKind(kind_name) if kind_name else ItemKind.CHECK
    hint = reader.take("hint", fields.plain_text(HINT_MAX))
    reader.check_not_cut("text")
    reader.check_not_cut("hint")
    lines = reader.take("lines", fields.whole_number(1, 12))
    labels = reader.take(
        "labels",
        fields.sequence(fields.plain_text(LABEL_MAX), low=2, high=2, noun="labels", unique=False),
    )
    if kind_known and lines is not None and kind is not ItemKind.QUESTION:
        reader.report(
            reader.node("lines"), "lines", f"only applies to question items (this one is a {kind})"
        )
    if kind_known and labels is not None and kind is not ItemKind.SCALE:
        reader.report(
            reader.node("labels"), "labels", f"only applies to scale items (this one is a {kind})"
        )
    reader.reject_unknown(ITEM_FIELDS)
    if reader.failed:
        return None
    if kind is ItemKind.QUESTION and lines is None:
        lines = DEFAULT_QUESTION_LINES
    return Item(id=item_id, text=text, kind=kind, hint=hint, lines=lines, labels=labels)


def _read_items(
    node: yaml.Node, source: SourceFile, problems: list[Problem]
) -> tuple[tuple[Item, ...], dict[str, yaml.Node]]:
    """Items plus the node of each id (for the retired check)."""
    if not isinstance(node, yaml.SequenceNode):
        raise Invalid.at(node, "expected a list of items, each starting with '- id: ...'")
    if not 1 <= len(node.value) <= ITEMS_MAX:
        raise Invalid.at(node, f"has {len(node.value)} items; expected 1 to {ITEMS_MAX}")
    items: list[Item] = []
    id_nodes: dict[str, yaml.Node] = {}
    before = len(problems)
    for number, child in enumerate(node.value, start=1):
        item = _read_item(child, number, source, problems)
        if item is None:
            continue
        id_node = next(value for key, value in child.value if key.value == "id")
        if item.id in id_nodes:
            first = source.line_of(id_nodes[item.id])
            problems.append(
                Problem(
                    source.display_path,
                    source.line_of(id_node),
                    f"items[{number}].id",
                    f"'{item.id}' is already used on line {first}; every item needs its own id",
                )
            )
            continue
        id_nodes[item.id] = id_node
        items.append(item)
    if len(problems) > before:
        raise Invalid([])  # each problem is already recorded with its own field
    return tuple(items), id_nodes


CHECKLIST_FIELDS = ("title", "description", "step", "items", "retired")


def read_checklist(
    source: SourceFile,
    slug: str,
    src_path: str,
    inline: tuple[ChecklistRef, ...],
    problems: list[Problem],
    rules: ContentRules | None = None,
) -> Checklist | None:
    """Check a checklist's front matter and build the model."""
    assert source.front_matter is not None
    reader = _FieldReader(source, source.front_matter, problems)
    title = reader.take("title", fields.plain_text(TITLE_MAX), required="title: Your title")
    description = reader.take(
        "description",
        fields.plain_text(DESCRIPTION_MAX),
        required="description: One or two plain sentences.",
    )
    reader.check_not_cut("title")
    reader.check_not_cut("description")
    step = reader.take("step", fields.whole_number(1, 5))
    items_and_ids = reader.take(
        "items",
        lambda node: _read_items(node, source, problems),
        required="items: (a list of '- id: ... / text: ...')",
    )
    retired = reader.take(
        "retired",
        fields.sequence(
            fields.identifier("retired item id", "old-item"), low=0, high=1000, noun="ids"
        ),
        default=(),
    )
    reader.reject_unknown(
        CHECKLIST_FIELDS, _take_theme_keys(reader, rules or ContentRules(), "checklist")
    )
    if items_and_ids is not None:
        current = items_and_ids[1]
        retired_node = reader.node("retired")
        for index, old_id in enumerate(retired):
            if old_id in current:
                assert isinstance(retired_node, yaml.SequenceNode)
                reader.report(
                    retired_node.value[index],
                    "retired",
                    f"'{old_id}' is retired but still used by an item (line "
                    f"{source.line_of(current[old_id])}); an id is never reused: "
                    "give the item a new id",
                )
    if reader.failed or items_and_ids is None:
        return None
    return Checklist(
        slug=slug,
        src_path=src_path,
        title=title,
        description=description,
        items=items_and_ids[0],
        step=step,
        retired=retired,
        body=source.body,
        inline_checklists=inline,
        items_line=source.line_of(reader.values["items"][0]),
    )


PAGE_FIELDS = ("title", "description", "tags")


def read_page(
    source: SourceFile,
    src_path: str,
    rules: ContentRules,
    inline: tuple[ChecklistRef, ...],
    problems: list[Problem],
) -> Page | None:
    """Check the (optional) front matter of any other page."""
    if source.front_matter is None:
        return Page(src_path=src_path, inline_checklists=inline)
    reader = _FieldReader(source, source.front_matter, problems)
    title = reader.take("title", fields.plain_text(TITLE_MAX))
    description = reader.take("description", fields.plain_text(DESCRIPTION_MAX))
    reader.check_not_cut("title")
    reader.check_not_cut("description")
    tags = reader.take("tags", _tags(rules), default=())
    reader.reject_unknown(PAGE_FIELDS, _take_theme_keys(reader, rules, "page"))
    if reader.failed:
        return None
    return Page(
        src_path=src_path, title=title, description=description, tags=tags, inline_checklists=inline
    )


AUTHOR_FIELDS = ("name", "description", "avatar", "slug", "url")


def read_authors(
    source: SourceFile,
    problems: list[Problem],
    asset_exists: Callable[[str], bool] | None = None,
) -> Mapping[str, str]:
    """`.authors.yml`: `authors: {key: {name, description, avatar, url}}`, as key -> name.

    Every value is printed on article pages, so each is checked like front matter.

    Arguments:
        asset_exists: whether a path relative to the content folder is a file there.
    """
    found: dict[str, str] = {}
    if source.front_matter is None:
        return found
    top = _FieldReader(source, source.front_matter, problems)
    top.reject_unknown(("authors",))
    node = top.node("authors")
    if not isinstance(node, yaml.MappingNode):
        top.report(node or source.front_matter, "authors", "expected the authors, keyed by id")
        return found
    key_check = fields.identifier("author id", "rebound")
    for key, value in node.value:
        prefix = f"authors.{key.value if isinstance(key, yaml.ScalarNode) else '?'}."
        try:
            author_id = key_check(key)
        except Invalid as invalid:
            for where, message in invalid.findings:
                problems.append(
                    Problem(source.display_path, source.line_of(where), "authors", message)
                )
            continue
        if not isinstance(value, yaml.MappingNode):
            problems.append(
                Problem(
                    source.display_path,
                    source.line_of(value),
                    prefix.rstrip("."),
                    "expected name, description and avatar",
                )
            )
            continue
        reader = _FieldReader(source, value, problems, prefix=prefix)
        name = reader.take("name", fields.plain_text(80), required="name: The Rebound team")
        reader.take("description", fields.plain_text(DESCRIPTION_MAX), required="description: ...")
        avatar = reader.take(
            "avatar",
            fields.relative_path("image", "assets/avatar.svg"),
            required="avatar: assets/avatar.svg",
        )
        if avatar and asset_exists is not None and not asset_exists(avatar):
            reader.report(
                reader.node("avatar") or value,
                "avatar",
                f"'{avatar}' is not a file in the content folder; save the image there "
                "or correct the path",
            )
        reader.take("url", fields.web_url(300))
        reader.take("slug", fields.identifier("author slug", "rebound"))
        reader.reject_unknown(AUTHOR_FIELDS)
        if name:  # known even if another field is wrong: no cascade of "unknown author"
            found[author_id] = name
    return found
