"""Compiled templates are kept between builds, and never stand in for an edited template
or for an environment with other settings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from generator.template_cache import TemplateCodeCache

from .conftest import SiteMaker


def environment(folder: Path, cache: Path, role: str, *, autoescape: bool) -> Environment:
    """A Jinja environment as a new process makes it: an empty memory, the cache on disk."""
    code = TemplateCodeCache(role)
    code.keep_in(cache)
    return Environment(loader=FileSystemLoader(folder), autoescape=autoescape, bytecode_cache=code)


@pytest.fixture
def compiled(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the templates Jinja compiles from source."""
    names: list[str] = []
    original = Environment._compile

    def spy(self: Environment, source: str, filename: str) -> object:
        names.append(Path(filename).name)
        return original(self, source, filename)

    monkeypatch.setattr(Environment, "_compile", spy)
    return names


def test_an_unchanged_template_is_compiled_once_across_processes(
    tmp_path: Path, compiled: list[str]
) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t/page.html").write_text("Hello {{ name }}", "utf-8")

    first = environment(tmp_path / "t", tmp_path / "cache", "theme", autoescape=False)
    assert first.get_template("page.html").render(name="you") == "Hello you"
    second = environment(tmp_path / "t", tmp_path / "cache", "theme", autoescape=False)
    assert second.get_template("page.html").render(name="you") == "Hello you"

    assert compiled == ["page.html"]


def test_an_edited_template_is_compiled_again(tmp_path: Path, compiled: list[str]) -> None:
    (tmp_path / "t").mkdir()
    template = tmp_path / "t/page.html"
    template.write_text("Before {{ name }}", "utf-8")
    environment(tmp_path / "t", tmp_path / "cache", "theme", autoescape=False).get_template(
        "page.html"
    ).render(name="x")

    template.write_text("After {{ name }}", "utf-8")
    again = environment(tmp_path / "t", tmp_path / "cache", "theme", autoescape=False)

    assert again.get_template("page.html").render(name="x") == "After x"
    assert compiled == ["page.html", "page.html"]


def test_environments_with_other_settings_never_share_code(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t/page.html").write_text("{{ name }}", "utf-8")
    raw = environment(tmp_path / "t", tmp_path / "cache", "theme", autoescape=False)
    escaped = environment(tmp_path / "t", tmp_path / "cache", "fragments", autoescape=True)

    assert raw.get_template("page.html").render(name="<b>") == "<b>"
    assert escaped.get_template("page.html").render(name="<b>") == "&lt;b&gt;"


def test_a_cache_that_cannot_be_written_only_costs_speed(tmp_path: Path) -> None:
    (tmp_path / "t").mkdir()
    (tmp_path / "t/page.html").write_text("Hi", "utf-8")
    (tmp_path / "cache").write_text("a file where the folder would be", "utf-8")

    env = environment(tmp_path / "t", tmp_path / "cache", "theme", autoescape=False)

    assert env.get_template("page.html").render() == "Hi"


SPY = """
import sys
import os
import re
import subprocess
import sys
from pathlib import Path
from jinja2 import Environment
from generator.cli import main
original = Environment._compile
def spy(self, source, filename):
    print("compiled", Path(filename).name, file=sys.stderr)
    return original(self, source, filename)
Environment._compile = spy
sys.exit(main(sys.argv[1:]))
"""


def build_in_new_process(root: Path, out: Path) -> list[str]:
    """`rebound build` in a process of its own; the templates it compiled."""
    command = ("--config-file", str(root / "mkdocs.yml"), "build", "--out", str(out))
    result = subprocess.run(
        [sys.executable, "-c", SPY, *command],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    return re.findall(r"^compiled (.*)$", result.stderr, re.MULTILINE)


def test_a_second_build_compiles_no_template(make_site: SiteMaker, tmp_path: Path) -> None:
    root = make_site()
    assert "main.html" in build_in_new_process(root, tmp_path / "first")
    assert list((root / ".cache/rebound/templates").iterdir())

    compiled = build_in_new_process(root, tmp_path / "second")

    # Only material's search plugin (in the tiny sites' mkdocs.yml, not the real site's)
    # compiles: it translates its labels in an environment of its own, in on_config.
    assert set(compiled) <= {"language.html", "en.html"}, compiled
    page = "articles/ask-for-feedback-you-can-use/index.html"
    assert (tmp_path / "second" / page).read_bytes() == (tmp_path / "first" / page).read_bytes()
