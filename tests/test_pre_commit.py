"""The pre-commit hook: the manifest is valid, and the README's config runs `rebound check`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import SiteMaker

REPO = Path(__file__).resolve().parent.parent
PRE_COMMIT = [sys.executable, "-m", "pre_commit"]


def readme_hook_config() -> str:
    readme = (REPO / "README.md").read_text("utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", readme, flags=re.DOTALL)
    return next(block for block in blocks if "id: rebound-check" in block)


def test_the_published_hook_manifest_is_valid() -> None:
    result = subprocess.run(
        [*PRE_COMMIT, "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_readme_hook_config_runs_rebound_check(make_site: SiteMaker, tmp_path: Path) -> None:
    root = make_site(
        {
            ".pre-commit-config.yaml": readme_hook_config(),
            "content/about.md": "# About\n\nSee [the plan](checklists/plan.md).\n",
        }
    )
    # The config names .venv/bin/rebound, as in a real checkout.
    (root / ".venv/bin").mkdir(parents=True)
    (root / ".venv/bin/rebound").symlink_to(Path(sys.executable).parent / "rebound")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home")}

    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.invalid", *args],
            cwd=root,
            check=True,
            capture_output=True,
        )

    def hook() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*PRE_COMMIT, "run", "--all-files"],
            cwd=root,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )

    git("init", "-q")
    git("add", "-A")
    broken = hook()
    assert broken.returncode == 1
    assert "content/about.md:3: link: 'checklists/plan.md' leads nowhere" in broken.stdout

    (root / "content/about.md").write_text("# About\n\nSee [the articles](articles/index.md).\n")
    git("add", "-A")
    fixed = hook()
    assert fixed.returncode == 0, fixed.stdout
    assert "rebound check" in fixed.stdout
