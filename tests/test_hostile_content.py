"""A hostile or careless author: what the file system and the page body can hide.

The bad-content corpus holds mistakes that are plain files. These are the ones a
folder cannot hold as text: symlinks, named pipes, folders with a page's name,
an alias bomb that must not hang, and what a theme key reaches on the page.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import ARTICLE_MD, SiteMaker, build


def check(root: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    """Run `rebound check`; the exit code, the problem lines, and all output."""
    code = main(["--config-file", str(root / "mkdocs.yml"), "check"])
    captured = capsys.readouterr()
    lines = [line for line in captured.err.splitlines() if line.startswith(("content/", "over"))]
    return code, lines, captured.out + captured.err


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A file outside the project, as /etc/os-release would be."""
    secret = tmp_path / "outside" / "os-release"
    secret.parent.mkdir()
    secret.write_text('NAME="A secret outside the project"\n', "utf-8")
    return secret


def test_a_page_symlinked_from_outside_the_project_is_refused(
    make_site: SiteMaker, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    (root / "content" / "os-release.md").symlink_to(outside)

    code, lines, output = check(root, capsys)

    assert code == 1
    assert lines == [
        f"content/os-release.md:1: this is a symlink to '{outside}', outside the project; "
        "Rebound never reads or publishes anything from outside the project, so copy the "
        "file into the project instead of linking to it"
    ]
    assert "Traceback" not in output


def test_an_asset_or_folder_symlinked_from_outside_is_refused_and_nothing_is_built(
    make_site: SiteMaker, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    (root / "content" / "logo.svg").symlink_to(outside)
    (root / "content" / "linked").symlink_to(outside.parent, target_is_directory=True)

    code, lines, _ = check(root, capsys)

    assert code == 1
    assert [line.split(":")[0] for line in lines] == ["content/linked", "content/logo.svg"]
    with pytest.raises(SystemExit):
        build(root)
    assert not (root / "site").exists()


def test_a_symlinked_theme_file_from_outside_is_refused(
    make_site: SiteMaker, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    theme = root / "overrides"
    (theme / "assets").mkdir(parents=True)
    (theme / "assets" / "leak.txt").symlink_to(outside)
    config = root / "mkdocs.yml"
    config.write_text(
        "\n".join(
            "  custom_dir: overrides" if line.startswith("  custom_dir:") else line
            for line in config.read_text("utf-8").splitlines()
        )
        + "\n",
        "utf-8",
    )

    code, lines, _ = check(root, capsys)

    assert code == 1
    assert lines[0].startswith("overrides/assets/leak.txt:1: this is a symlink to ")


def test_symlinks_inside_the_project_are_followed_and_validated(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    shared = root / "shared-posts"
    shared.mkdir()
    (shared / "linked.md").write_text(
        ARTICLE_MD.replace("title: Ask for feedback you can use", "title: <b>Bold</b>"), "utf-8"
    )
    (root / "content" / "articles" / "posts" / "more").symlink_to(shared, target_is_directory=True)

    code, lines, _ = check(root, capsys)

    assert code == 1
    assert lines == [
        "content/articles/posts/more/linked.md:2: title: contains HTML ('<b>'); this field "
        "is plain text, so remove the tag (the page adds the formatting)"
    ]


def test_a_symlink_loop_is_reported_not_followed_forever(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    (root / "content" / "articles" / "again").symlink_to(root / "content", target_is_directory=True)

    code, lines, _ = check(root, capsys)

    assert code == 1
    assert lines == [
        "content/articles/again:1: this folder is a symlink back to a folder it is inside "
        "(a loop); remove the link"
    ]


def test_a_dangling_symlink_a_fifo_and_a_folder_named_like_a_page(
    make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    content = root / "content"
    (content / "gone.md").symlink_to(root / "nowhere.md")
    os.mkfifo(content / "pipe.md")
    (content / "folder.md").mkdir()
    (content / "folder.md" / "inside.md").write_text("# Inside\n\nA page.\n", "utf-8")

    code, lines, output = check(root, capsys)  # a FIFO read would block here for ever

    assert code == 1
    assert lines == [
        f"content/gone.md:1: this is a symlink to '{root / 'nowhere.md'}', which does not "
        "exist; remove the link or restore the file",
        "content/pipe.md:1: this is not a regular file (it is a named pipe (FIFO)); MkDocs "
        "would try to publish it, so remove it from the folder",
    ]
    assert "Traceback" not in output


def test_the_authors_file_may_not_be_a_symlink_out_of_the_project(
    make_site: SiteMaker, outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site()
    authors = root / "content" / "articles" / ".authors.yml"
    authors.unlink()
    authors.symlink_to(outside)

    code, lines, _ = check(root, capsys)

    assert code == 1
    assert lines[0].startswith("content/articles/.authors.yml:1: this must be a regular file")


def test_an_alias_bomb_is_refused_at_once(make_site: SiteMaker) -> None:
    bomb = "\n".join(
        [f"l0: &l0 {['lol'] * 9}".replace("'", "")]
        + [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 12)]
    )
    front_matter = ARTICLE_MD.replace("step: 1", f"step: 1\n{bomb}\n? *l11\n: boom")
    root = make_site({"content/articles/posts/ask-for-feedback-you-can-use.md": front_matter})

    # A guard against a hang, not a timing: an unguarded alias bomb runs for minutes.
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "--config-file", str(root / "mkdocs.yml"), "check"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode == 1
    assert "uses a YAML anchor ('&l0')" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_checklist_hidden_behind_an_indented_fence_is_rendered_once(
    make_site: SiteMaker,
) -> None:
    # Four spaces make "```" an indented code block, not a fence: the block after
    # it is a real block, and the validator must see it as the page renders it.
    article = ARTICLE_MD.replace("checklists: [ask-for-feedback]\n", "") + (
        "\n    ```\n\n/// checklist | ask-for-feedback\n///\n"
    )
    root = make_site({"content/articles/posts/ask-for-feedback-you-can-use.md": article})

    html = (build(root) / "articles" / "ask-for-feedback-you-can-use" / "index.html").read_text(
        "utf-8"
    )

    assert html.count('data-checklist="ask-for-feedback"') == 1


def test_a_subtitle_with_quotes_reaches_every_page_escaped(make_site: SiteMaker) -> None:
    about = '---\ntitle: About\nsubtitle: Tom & "Jerry" \' say hi\n---\n\nAbout us.\n'
    config_nav = "nav:\n  - Home: index.md\n  - About: about.md\n"
    root = make_site({"content/about.md": about})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8") + config_nav, "utf-8")

    site = build(root)

    for page in (site / "index.html", site / "about" / "index.html"):
        html = page.read_text("utf-8")
        assert '"Jerry"' not in html
        assert "Tom &amp; &#34;Jerry&#34;" in html or "Tom &amp; &quot;Jerry&quot;" in html
