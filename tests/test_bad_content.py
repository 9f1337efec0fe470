"""The bad-content corpus: every mistake an author can make gets one precise line.

Each folder in `bad_content/` holds files laid over a valid tiny site, and
`expected.txt`: exactly the problem lines `rebound check` must print.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main

from .conftest import MKDOCS_YML, SiteMaker

CORPUS = Path(__file__).parent / "bad_content"
CASES = sorted(path for path in CORPUS.iterdir() if path.is_dir())


# A case's `mkdocs.append.yml` is added to the end of the tiny site's mkdocs.yml.
CONFIG_APPENDIX = "mkdocs.append.yml"


def case_files(case: Path) -> dict[str, bytes]:
    files = {
        path.relative_to(case).as_posix(): path.read_bytes()
        for path in case.rglob("*")
        if path.is_file() and path.name not in ("expected.txt", CONFIG_APPENDIX)
    }
    if (case / CONFIG_APPENDIX).is_file():
        files["mkdocs.yml"] = MKDOCS_YML.encode() + (case / CONFIG_APPENDIX).read_bytes()
    return files


def expected_lines(case: Path) -> list[str]:
    return (case / "expected.txt").read_text("utf-8").splitlines()


def problem_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith(("content/", "mkdocs.yml:"))]


def without_listing(line: str) -> str:
    return re.sub(r"; the checklists are: .*", "", line)


def test_the_corpus_covers_at_least_thirty_mistakes() -> None:
    assert len(CASES) >= 30
    for case in CASES:
        assert expected_lines(case), f"{case.name} has no expected message"


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_each_mistake_is_reported_precisely(
    case: Path, make_site: SiteMaker, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_site(case_files(case), article=False)

    exit_code = main(["--config-file", str(root / "mkdocs.yml"), "check"])

    output = capsys.readouterr()
    assert exit_code == 1
    assert problem_lines(output.err) == expected_lines(case)
    assert "Traceback" not in output.err + output.out


def test_one_run_reports_every_problem_in_the_tree_without_a_traceback(
    make_site: SiteMaker,
) -> None:
    files: dict[str, bytes] = {}
    expected: list[str] = []
    for case in CASES:
        files.update(case_files(case))
        expected.extend(expected_lines(case))
    root = make_site(files, article=False)

    result = subprocess.run(
        [sys.executable, "-m", "generator.cli", "check"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 1
    # Listings of what exists grow when every case is laid over one site.
    assert sorted(map(without_listing, problem_lines(result.stderr))) == sorted(
        map(without_listing, expected)
    )
    assert f"{len(expected)} problems found in the content." in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
