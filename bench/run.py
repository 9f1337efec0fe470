"""Run the benchmark: Rebound (a) against mkdocs-material (b) and the MkDocs floor (c).

    .venv/bin/python -m bench                    # N=1000, 3 rounds (make bench)
    .venv/bin/python -m bench --articles 300 --rounds 2
    .venv/bin/python -m bench --quick            # N=100, 1 round
    .venv/bin/python -m bench --articles 20 --rounds 1 --no-browser --results-dir /tmp/r

Builds alternate a b c a b c ... on one synthetic corpus; each build is a fresh
process with its output folder deleted first. Rebound's caches are warm (one
untimed build fills them), as for an author's every build after the first;
`--cold` empties them before every (a) build instead. Reported: median wall time, the ratios
a/b and a/c, peak RSS of the build's largest process, output size, one article
page's HTML; `rebound check` time; worksheet PDFs cold and warm; and the bytes
a browser fetches for an article page and a first search.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from . import worksheet_pdfs
from .sites import Project, prepare

RESULTS = Path(__file__).resolve().parent / "results"
ARTICLE = "articles/synthetic-0001/index.html"
# Without the blog plugin (the floor), a post is served at its source path.
FLOOR_ARTICLE = "articles/posts/synthetic-0001/index.html"
PDF_SUMMARY = worksheet_pdfs.SUMMARY


@dataclass
class Run:
    """One build: its wall time, the peak RSS of its largest process and its log."""

    seconds: float
    peak_mib: float
    pdf_seconds: float | None = None
    cpu_seconds: float = 0.0
    """User + system CPU of the build and the children it waited for (Pagefind, mkdocs):
    much steadier than wall time on a shared machine."""


def timed(command: tuple[str, ...], cwd: Path, log: Path) -> Run:
    """Run `command`, returning wall time and peak RSS (its own and its waited-for children)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    with log.open("w") as output:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=output, env=env)
        # wait4 reports this child's usage, including the children it waited for
        # (mkdocs under `rebound build`, Pagefind under mkdocs), as the max RSS of any.
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text(errors="replace")
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed in {cwd}:\n{text[-3000:]}")
    summary = PDF_SUMMARY.search(text)
    return Run(
        seconds,
        usage.ru_maxrss / 1024,
        float(summary["s"]) if summary else None,
        usage.ru_utime + usage.ru_stime,
    )


def folder_size(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file())


def build_rounds(
    projects: list[Project], rounds: int, logs: Path, *, cold: bool = False
) -> dict[str, list[Run]]:
    """Build each project `rounds` times, alternating.

    Arguments:
        cold: empty Rebound's caches before each build (PDFs rendered every time);
            by default one untimed build fills them first, so each timed build has a
            warm PDF cache, as an author's builds after the first do.
    """
    runs: dict[str, list[Run]] = {project.key: [] for project in projects}
    if not cold:
        for project in projects:
            if project.caches:
                shutil.rmtree(project.out, ignore_errors=True)
                timed(project.command, project.root, logs / f"{project.key}0-warm-up.log")
    for round_number in range(1, rounds + 1):
        for project in projects:
            shutil.rmtree(project.out, ignore_errors=True)
            for cache in project.caches if cold else ():
                shutil.rmtree(cache, ignore_errors=True)
            run = timed(project.command, project.root, logs / f"{project.key}{round_number}.log")
            runs[project.key].append(run)
            print(
                f"  round {round_number} ({project.key}): {run.seconds:6.1f} s, "
                f"CPU {run.cpu_seconds:6.1f} s, {run.peak_mib:5.0f} MiB",
                flush=True,
            )
    return runs


def check_seconds(project: Project, python: str, logs: Path) -> float:
    """`rebound check` on the corpus: wall time of the command, Python start-up included."""
    command = (python, "-m", "generator.cli", "check")
    return timed(command, project.root, logs / "check.log").seconds


def pdf_cold_warm(python: str) -> dict[str, Any]:
    """The five worksheet PDFs and the workbook, on the real site: empty cache, then full."""
    with tempfile.TemporaryDirectory(prefix="rebound-bench-pdf-") as folder:
        project = worksheet_pdfs.copy_site(Path(folder))
        figures = {}
        for run in ("cold", "warm"):
            wall, summary = worksheet_pdfs.build(project, python)
            figures[run] = {
                "rendered": int(summary["rendered"]),
                "cached": int(summary["reused"]),
                "pdf_seconds": float(summary["s"]),
                "build_seconds": round(wall, 2),
            }
    return figures


def browser_bytes(projects: list[Project]) -> dict[str, Any]:
    from .page_weight import measure

    figures: dict[str, Any] = {}
    for project in projects:
        if project.key not in ("a", "b"):
            continue
        result = measure(project.out, ARTICLE, "feedback" if project.key == "a" else None)
        load = result["page_load"]
        figures[project.key] = {
            "page_load_bytes": load.total,
            "page_load_requests": len(load.requests),
            "search_related_on_load": load.search_related(),
            "requests_on_load": load.requests,
        }
        if "first_search" in result:
            search = result["first_search"]
            figures[project.key]["first_search_bytes"] = search.total
            figures[project.key]["first_search_requests"] = len(search.requests)
            figures[project.key]["search_results"] = result["results"]
    return figures


def summarise(
    projects: list[Project], runs: dict[str, list[Run]], articles: int, rounds: int
) -> dict[str, Any]:
    systems = {}
    for project in projects:
        page = project.out / (FLOOR_ARTICLE if project.key == "c" else ARTICLE)
        systems[project.key] = {
            "label": project.label,
            "median_seconds": round(statistics.median(r.seconds for r in runs[project.key]), 2),
            "seconds": [round(r.seconds, 2) for r in runs[project.key]],
            "median_cpu_seconds": round(
                statistics.median(r.cpu_seconds for r in runs[project.key]), 2
            ),
            "peak_mib": round(max(r.peak_mib for r in runs[project.key]), 1),
            "output_mb": round(folder_size(project.out) / 1e6, 1),
            "article_html_kb": round(page.stat().st_size / 1e3, 1) if page.exists() else None,
        }
    a, b, c = (systems[k]["median_seconds"] for k in "abc")
    cpu_a, cpu_b, cpu_c = (systems[k]["median_cpu_seconds"] for k in "abc")
    pdf_steps = [r.pdf_seconds for r in runs["a"] if r.pdf_seconds is not None]
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "articles": articles,
        "rounds": rounds,
        "systems": systems,
        "ratio_a_b": round(a / b, 3),
        "ratio_a_c": round(a / c, 3),
        "cpu_ratio_a_b": round(cpu_a / cpu_b, 3),
        "cpu_ratio_a_c": round(cpu_a / cpu_c, 3),
        "load_average": os.getloadavg()[0],
        "pdf_step_in_a_seconds": round(statistics.median(pdf_steps), 2) if pdf_steps else None,
    }


def table(report: dict[str, Any]) -> str:
    lines = [
        f"# Rebound benchmark: {report['articles']} articles, {report['rounds']} round(s)",
        "",
        f"{report['date']}; {report['cores']} cores; {report['machine']}.",
        "",
        "| system | median build | runs | median CPU | peak RSS | output | article HTML |",
        "|---|---:|---|---:|---:|---:|---:|",
    ]
    for key, system in report["systems"].items():
        runs = " ".join(f"{s:.1f}" for s in system["seconds"])
        html = f"{system['article_html_kb']} KB" if system["article_html_kb"] else "-"
        lines.append(
            f"| ({key}) {system['label']} | {system['median_seconds']:.1f} s | {runs} | "
            f"{system.get('median_cpu_seconds', 0):.1f} s | "
            f"{system['peak_mib']:.0f} MiB | {system['output_mb']} MB | {html} |"
        )
    lines += [
        "",
        f"- wall: a/b = **{report['ratio_a_b']:.2f}**, a/c = **{report['ratio_a_c']:.2f}**",
    ]
    if "cpu_ratio_a_b" in report:
        lines.append(
            f"- CPU (user + system, children included): a/b = "
            f"**{report['cpu_ratio_a_b']:.2f}**, a/c = **{report['cpu_ratio_a_c']:.2f}** "
            f"(load average {report['load_average']:.1f} on a shared machine: wall times wait "
            "for a core, CPU times do not)"
        )
    if report.get("pdf_step_in_a_seconds") is not None:
        lines.append(f"- PDF step inside each (a) build: {report['pdf_step_in_a_seconds']:.2f} s")
    if "check_seconds" in report:
        lines.append(
            f"- `rebound check` of {report['articles']} articles: "
            f"{report['check_seconds']:.2f} s (wall, Python start-up included)"
        )
    for run, pdf in report.get("pdfs", {}).items():
        lines.append(
            f"- Worksheet PDFs {run} (real site): {pdf['rendered']} rendered, "
            f"{pdf['cached']} cached, PDF step {pdf['pdf_seconds']:.2f} s "
            f"(whole build {pdf['build_seconds']:.1f} s)"
        )
    for key, weight in report.get("browser", {}).items():
        line = (
            f"- ({key}) article page load: {weight['page_load_bytes'] / 1e3:.0f} KB in "
            f"{weight['page_load_requests']} requests; search-related on load: "
            f"{len(weight['search_related_on_load'])}"
        )
        if "first_search_bytes" in weight:
            line += (
                f"; first search: {weight['first_search_bytes'] / 1e3:.0f} KB in "
                f"{weight['first_search_requests']} requests "
                f"({weight['search_results']} results shown)"
            )
        lines.append(line)
    lines.append("")
    lines.append("Bytes: headers + body from an uncompressing local server (upper bounds).")
    return "\n".join(lines) + "\n"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--articles", "-n", type=int, default=None, help="N (default 1000)")
    parser.add_argument("--rounds", type=int, default=None, help="a b c rounds (default 3)")
    parser.add_argument("--quick", action="store_true", help="N=100, one round")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium step")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF cold/warm step")
    parser.add_argument(
        "--cold", action="store_true", help="empty Rebound's caches before every (a) build"
    )
    parser.add_argument("--only", default="abc", help="which systems to build (default abc)")
    parser.add_argument("--label", default="", help="suffix for the result files")
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    parser.add_argument("--workdir", type=Path, help="keep the projects here (default: temp)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    articles = args.articles or (100 if args.quick else 1000)
    rounds = args.rounds or (1 if args.quick else 3)
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="rebound-bench-") as temp:
        workdir = args.workdir or Path(temp)
        workdir.mkdir(parents=True, exist_ok=True)
        logs = workdir / "logs"
        logs.mkdir(exist_ok=True)
        print(f"Corpus: {articles} articles in {workdir}", flush=True)
        projects = prepare(workdir, articles, python)
        chosen = [project for project in projects if project.key in args.only]
        runs = build_rounds(chosen, rounds, logs, cold=args.cold)
        report = (
            summarise(chosen, runs, articles, rounds)
            if args.only == "abc"
            else {
                "articles": articles,
                "runs": {k: [asdict(r) for r in v] for k, v in runs.items()},
            }
        )
        if args.only != "abc":
            print(json.dumps(report, indent=2))
            return 0
        report["check_seconds"] = round(check_seconds(projects[0], python, logs), 2)
        if not args.no_pdf:
            report["pdfs"] = pdf_cold_warm(python)
        if not args.no_browser:
            report["browser"] = browser_bytes(projects)
    text = table(report)
    print(text)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    name = f"n{articles}{'-' + args.label if args.label else ''}"
    (args.results_dir / f"{name}.md").write_text(text, "utf-8")
    (args.results_dir / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    return 0
