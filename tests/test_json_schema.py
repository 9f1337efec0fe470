"""`rebound schema`: JSON Schemas for editors, from the same contract the checker uses."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.cli import main
from generator.content.files import MARKDOWN_SUFFIXES

from .test_bad_content import CASES, case_files

REPO = Path(__file__).resolve().parent.parent

# Bad-content cases whose mistake a JSON Schema cannot express. Everything else in
# the corpus must be rejected by the schema too.
NOT_EXPRESSIBLE = {
    # Not front matter: the file itself, its name, its body or other files.
    "article-bad-file-name": "the file name",
    "article-duplicate-slug": "two files",
    "article-not-utf8": "the encoding",
    "article-no-front-matter": "no front matter to check",
    "article-unclosed-front-matter": "no front matter to check",
    "article-inline-twice": "the body",
    "article-inline-unknown-checklist": "the body",
    "article-inline-without-slug": "the body",
    "article-body-starts-with-title": "the body",
    "article-block-after-indented-fence": "the body",
    "checklist-body-starts-with-title": "the body",
    "article-unsourced-figure": "the body",
    "article-unsourced-research": "the body",
    "article-reviewed-before-date": "a relation between two dates",
    "checklist-published-ids-removed": ".ids.json",
    "page-unknown-field": "not an article or a checklist",
    # YAML that does not parse: the editor's YAML parser reports it, not the schema.
    "article-yaml-syntax-error": "YAML syntax",
    "article-tab-indent": "YAML syntax",
    "checklist-tab-indent": "YAML syntax",
    "article-duplicate-key": "YAML keeps one of the keys",
    "checklist-unreadable-no-cascade": "YAML syntax",
    # What YAML leaves out or how it reads a value, before any schema sees it.
    "article-title-cut-by-comment": "a comment YAML drops",
    "checklist-text-cut-by-comment": "a comment YAML drops",
    "article-quoted-date": "a quoted date is a valid string to a schema",
    "article-reviewed-quoted": "a quoted date is a valid string to a schema",
    "article-impossible-date": "patterns do not know the calendar",
    "article-yaml-date-as-text": "an unquoted date where text is wanted is text to a schema",
    # Relations between values.
    "checklist-duplicate-item-id": "uniqueness of a property across items",
    "checklist-retired-id-reused": "a value used in two places",
}
# Whole families: what a body holds, files, other pages, the authors file, YAML features
# the loader refuses before any value exists, links.
NOT_EXPRESSIBLE_FAMILIES = {
    "body-": "the body",
    "file-": "the file itself",
    "page-": "not an article or a checklist",
    "authors-": "the authors file",
    "front-matter-": "YAML features refused before any value exists",
    "link-": "links",
    "image-": "links",
    "nav-": "mkdocs.yml",
    "message-": "the body",
}


def not_expressible(name: str) -> str | None:
    family = next(
        (why for prefix, why in NOT_EXPRESSIBLE_FAMILIES.items() if name.startswith(prefix)), None
    )
    return NOT_EXPRESSIBLE.get(name, family)


def front_matter(text: str) -> Any:
    """The front matter as an editor's YAML reader sees it (dates as written)."""
    _, block, _ = text.split("---\n", 2)
    return _json_like(yaml.safe_load(block))


def _json_like(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(key): _json_like(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_json_like(item) for item in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("schemas")
    assert main(["--config-file", str(REPO / "mkdocs.yml"), "schema", "--out", str(out)]) == 0
    found = {}
    for kind in ("article", "checklist"):
        schema = json.loads((out / f"{kind}.schema.json").read_text("utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        found[kind] = schema
    return found


def kind_of(path: str) -> str | None:
    if not path.endswith(MARKDOWN_SUFFIXES) or path.endswith("/index.md"):
        return None
    if path.startswith("content/articles/posts/"):
        return "article"
    if path.startswith("content/checklists/") and path.count("/") == 2:
        return "checklist"
    return None


def errors(schema: dict[str, Any], data: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [error.message for error in validator.iter_errors(data)]


def test_the_schemas_accept_every_real_article_and_checklist(schemas: dict[str, Any]) -> None:
    checked = 0
    for path in sorted((REPO / "content").rglob("*.md")):
        relative = path.relative_to(REPO).as_posix()
        kind = kind_of(relative)
        if kind is None:
            continue
        assert errors(schemas[kind], front_matter(path.read_text("utf-8"))) == [], relative
        checked += 1
    assert checked >= 15


def test_the_article_schema_knows_the_site_lists(schemas: dict[str, Any]) -> None:
    properties = schemas["article"]["properties"]
    assert "interviews" in properties["tags"]["items"]["enum"]
    assert properties["authors"]["items"]["enum"] == ["rebound"]
    assert "Feedback" in properties["categories"]["items"]["enum"]
    assert properties["checklists"]["items"]["enum"] == [
        "ask-for-feedback",
        "be-resilient",
        "plan",
        "refine",
        "reflect",
    ]


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_schemas_reject_every_bad_case_they_can_express(
    case: Path, schemas: dict[str, Any]
) -> None:
    if why := not_expressible(case.name):
        pytest.skip(f"not expressible in a schema: {why}")
    found: list[str] = []
    for path, data in case_files(case).items():
        kind = kind_of(path)
        if kind is not None:
            found += errors(schemas[kind], front_matter(data.decode("utf-8")))
    assert found, f"{case.name}: the schema accepts what rebound check rejects"


def test_every_unexpressible_case_exists() -> None:
    names = {case.name for case in CASES}
    assert set(NOT_EXPRESSIBLE) <= names
