"""Benchmark: rendering the worksheet PDFs, cold (empty cache) and warm (all cached).

    .venv/bin/python bench/worksheet_pdfs.py

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


def build(project: Path) -> tuple[float, re.Match[str]]:
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "build", "--out", str(project / "out")],
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
        project = Path(folder)
        shutil.copytree(REPO / "content", project / "content")
        shutil.copytree(REPO / "overrides", project / "overrides")
        shutil.copy(REPO / "mkdocs.yml", project / "mkdocs.yml")
        print(f"{'run':<6}{'rendered':>10}{'cached':>8}{'PDF step':>11}{'build':>9}")
        for run in ("cold", "warm"):
            wall, summary = build(project)
            print(
                f"{run:<6}{summary['rendered']:>10}{summary['reused']:>8}"
                f"{float(summary['s']):>10.2f}s{wall:>8.2f}s"
            )


if __name__ == "__main__":
    main()
