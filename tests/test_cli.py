"""The `rebound` command as an author uses it."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from generator.cli import main
from generator.scaffold import slugify

from .conftest import ARTICLE_MD, SiteMaker


def run(root: Path, *args: str) -> int:
    return main(["--config-file", str(root / "mkdocs.yml"), *args])


def snapshot(folder: Path) -> dict[str, str]:
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_new_article_then_check_passes(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()

    assert (
        run(root, "new", "article", "Ask again: kindly!", "--tag", "feedback", "--step", "2") == 0
    )
    created = root / "content/articles/posts/ask-again-kindly.md"
    assert f"Created content/articles/posts/{created.name}" in capsys.readouterr().out
    text = created.read_text("utf-8")
    assert 'title: "Ask again: kindly!"' in text
    assert f"date: {date.today().isoformat()}" in text
    assert "step: 2" in text
    assert "draft: true" in text

    assert run(root, "check") == 0
    assert "All content is valid: 2 articles (1 draft)" in capsys.readouterr().out


def test_new_checklist_then_check_passes(make_site: SiteMaker) -> None:
    root = make_site()

    assert run(root, "new", "checklist", "Follow up well", "--step", "5") == 0

    assert (root / "content/checklists/follow-up-well.md").is_file()
    assert run(root, "check") == 0


def test_new_refuses_to_overwrite(make_site: SiteMaker, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_site()
    existing = root / "content/articles/posts/ask-for-feedback-you-can-use.md"
    before = existing.read_bytes()

    code = run(root, "new", "article", "Ask for feedback you can use", "--tag", "feedback")

    assert code == 1
    assert "already exists" in capsys.readouterr().err
    assert existing.read_bytes() == before


def test_new_article_needs_an_allowed_tag(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()

    assert run(root, "new", "article", "No tags") == 1
    assert "add --tag TAG (allowed: feedback, interviews, reflection)" in capsys.readouterr().err

    assert run(root, "new", "article", "Bad tag", "--tag", "feedbak") == 1
    err = capsys.readouterr().err
    assert "tags: 'feedbak' is not an allowed tag (did you mean 'feedback'?)" in err
    assert "nothing was written" in err
    assert not (root / "content/articles/posts/bad-tag.md").exists()


def test_new_article_rejects_an_overlong_title(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()

    assert run(root, "new", "article", "word " * 30, "--tag", "feedback") == 1
    assert "title: is 149 characters long" in capsys.readouterr().err


def test_slugs_come_from_titles() -> None:
    assert slugify("Ask for Feedback!") == "ask-for-feedback"
    assert slugify("Café & CV: what's next?") == "cafe-cv-what-s-next"
    assert len(slugify("long " * 40)) <= 60


def test_check_reports_json_for_editors(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = ARTICLE_MD.replace("tags: [feedback]", "tags: [intervews]")
    root = make_site({"content/articles/posts/ask-for-feedback-you-can-use.md": broken})

    assert run(root, "check", "--format", "json") == 1

    report = json.loads(capsys.readouterr().out)
    assert report["problems"] == [
        {
            "path": "content/articles/posts/ask-for-feedback-you-can-use.md",
            "line": 6,
            "field": "tags",
            "message": "'intervews' is not an allowed tag (did you mean 'interviews'?)",
        }
    ]


@pytest.mark.parametrize(
    ("config", "error"),
    [
        (None, "mkdocs.yml not found"),
        ("site_name: [unclosed\n", "mkdocs.yml"),
        ("site_name: Tiny\nnav: 3\n", "nav"),
        ("site_name: Tiny\ndocs_dir: content\nplugins:\n  - no-such-plugin\n", "no-such-plugin"),
    ],
)
def test_check_prints_json_even_when_mkdocs_yml_is_missing_or_broken(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str], config: str | None, error: str
) -> None:
    root = make_site()
    if config is None:
        (root / "mkdocs.yml").unlink()
    else:
        (root / "mkdocs.yml").write_text(config, "utf-8")

    assert run(root, "check", "--format", "json") == 2

    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert error in report["error"]
    assert report["problems"] == []
    assert "Traceback" not in captured.err


def test_check_reports_links_in_json_too(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site({"content/about.md": "# About\n\n[Start here](/articles/)\n"})

    assert run(root, "check", "--format", "json") == 1

    report = json.loads(capsys.readouterr().out)
    assert report["error"] is None
    assert [(p["path"], p["line"], p["field"]) for p in report["problems"]] == [
        ("content/about.md", 3, "link")
    ]
    assert "write it as (articles/index.md)" in report["problems"][0]["message"]


def test_build_replaces_the_site_only_when_the_new_build_succeeds(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    site = root / "site"
    assert run(root, "build") == 0
    assert (site / "articles/ask-for-feedback-you-can-use/index.html").is_file()
    good = snapshot(site)

    article = root / "content/articles/posts/ask-for-feedback-you-can-use.md"
    article.write_text(ARTICLE_MD.replace("step: 1", "step: 9"), "utf-8")
    assert run(root, "build") == 1
    assert "the previous site is unchanged" in capsys.readouterr().err
    assert snapshot(site) == good

    # A mistake only MkDocs sees (a broken link, a warning in strict mode) is kept out too.
    article.write_text(ARTICLE_MD + "\n[broken](no-such-page.md)\n", "utf-8")
    assert run(root, "build") == 1
    assert snapshot(site) == good
    assert [p.name for p in root.iterdir() if p.name.startswith(".site-")] == []

    article.write_text(ARTICLE_MD.replace("Ask within a few days.", "Ask within a week."))
    assert run(root, "build") == 0
    assert (
        "Ask within a week."
        in (site / "articles/ask-for-feedback-you-can-use/index.html").read_text()
    )


def test_build_into_another_folder(make_site: SiteMaker, tmp_path: Path) -> None:
    root = make_site()
    out = tmp_path / "public"

    assert run(root, "build", "--out", str(out)) == 0

    assert (out / "checklists/ask-for-feedback/index.html").is_file()
    assert not (root / "site").exists()


def test_build_refuses_to_replace_the_project(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()

    assert run(root, "build", "--out", str(root)) == 2

    assert "refusing to build into" in capsys.readouterr().err
    assert (root / "content/index.md").is_file()


def test_serve_only_listens_on_this_machine(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()

    assert run(root, "serve", "--dev-addr", "0.0.0.0:8000") == 2
    assert "only listens on this machine" in capsys.readouterr().err


def test_a_missing_config_is_explained(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--config-file", str(tmp_path / "mkdocs.yml"), "check"]) == 2
    assert "run rebound in the folder that holds mkdocs.yml" in capsys.readouterr().err


def test_drafts_are_left_out_of_the_built_site(make_site: SiteMaker) -> None:
    draft = ARTICLE_MD.replace("step: 1", "step: 1\ndraft: true")
    root = make_site({"content/articles/posts/not-yet.md": draft})

    assert run(root, "build") == 0

    assert not (root / "site/articles/not-yet").exists()
    assert (root / "site/articles/ask-for-feedback-you-can-use/index.html").is_file()


def test_published_item_ids_are_protected(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    checklist = root / "content/checklists/ask-for-feedback.md"
    record = root / "content/checklists/.ids.json"

    assert run(root, "check") == 0
    assert "no record of published item ids" in capsys.readouterr().out
    assert run(root, "check", "--update-ids") == 0
    assert json.loads(record.read_text("utf-8")) == {
        "ask-for-feedback": ["thank-them", "what-went-well", "rate-call"]
    }

    # Renaming an id orphans readers' answers: check and build both refuse.
    original = checklist.read_text("utf-8")
    checklist.write_text(original.replace("id: thank-them", "id: say-thanks"), "utf-8")
    assert run(root, "check") == 1
    err = capsys.readouterr().err
    assert (
        "content/checklists/ask-for-feedback.md:5: items: 'thank-them' was published and "
        "readers may have answers saved under it" in err
    )
    assert run(root, "build") == 1
    assert run(root, "check", "--update-ids") == 1  # the record never forgets an id

    # Retiring the old id keeps its answers visible; the new id is then recorded.
    retired = original.replace("id: thank-them", "id: say-thanks").replace(
        "items:", "retired: [thank-them]\nitems:"
    )
    checklist.write_text(retired, "utf-8")
    capsys.readouterr()
    assert run(root, "check") == 0
    assert "new checklist item ids (ask-for-feedback: say-thanks)" in capsys.readouterr().out
    assert run(root, "check", "--update-ids") == 0
    assert "Recorded 1 new item ids" in capsys.readouterr().out
    assert "say-thanks" in json.loads(record.read_text("utf-8"))["ask-for-feedback"]
