"""Benchmark: rendering the worksheet PDFs, cold (empty cache) and warm (all cached).

    .venv/bin/python -m bench.worksheet_pdfs

(`python -m bench` reports the same figures alongside the build benchmark.)

Copies the real site to a temporary folder, runs `rebound build` there twice, and
reports figures from that one run: the PDF step for the five worksheets and the
workbook (as the plugin measures it) and the whole build's wall time, cold and warm.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(
    r"Worksheet PDFs: (?P<rendered>\d+) rendered, (?P<reused>\d+) unchanged .*in (?P<s>[\d.]+) s"
)


def copy_site(folder: Path) -> Path:
    """A copy of the real site (content, overrides, mkdocs.yml) in `folder`."""
    shutil.copytree(REPO / "content", folder / "content")
    shutil.copytree(REPO / "overrides", folder / "overrides")
    shutil.copy(REPO / "mkdocs.yml", folder / "mkdocs.yml")
    return folder


def build(project: Path, python: str = sys.executable) -> tuple[float, re.Match[str]]:
    started = time.perf_counter()
    result = subprocess.run(
        [python, "-m", "generator.cli", "build", "--out", str(project / "out")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        sys.exit(f"build failed:\n{result.stderr}")
    summary = SUMMARY.search(result.stdout + result.stderr)
    if summary is None:
        sys.exit("the build printed no 'Worksheet PDFs:' summary")
    return wall, summary


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="rebound-bench-") as folder:
        project = copy_site(Path(folder))
        print(f"{'run':<6}{'rendered':>10}{'cached':>8}{'PDF step':>11}{'build':>9}")
        for run in ("cold", "warm"):
            wall, summary = build(project)
            print(
                f"{run:<6}{summary['rendered']:>10}{summary['reused']:>8}"
                f"{float(summary['s']):>10.2f}s{wall:>8.2f}s"
            )


if __name__ == "__main__":
    main()
