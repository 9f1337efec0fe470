"""Lighthouse mobile scores of the real site: home, an article, a checklist, a worksheet.

    npm install --no-save lighthouse            # once, into node_modules/ (or pass --lighthouse)
    .venv/bin/python -m bench.lighthouse

Builds the real site into a temporary folder with `rebound build`, as it is
published (with a public address: `SITE_URL=https://rebound.example/`, so it has its
sitemap, feed and canonical links), serves it on 127.0.0.1 gzip-compressed as static
hosts do (Python's http.server, with `_GzipHandler` below compressing every text file at
level 6 and sending `Content-Encoding: gzip`), and runs Lighthouse (its default mobile
emulation and simulated throttling) with Debian's /usr/bin/chromium in headless mode.
Each page is measured `--runs` times (3 by default) and the median run by performance
is reported, as Lighthouse's own guidance advises: its simulated CPU times come from
this machine's real ones, so a busy machine adds total blocking time. The load
average and Lighthouse's benchmark index of the machine are recorded alongside.
Scores go to bench/results/lighthouse.md and .json. Targets (issue 12): performance
>= 98, accessibility, best practices and SEO 100.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.browser import CHROMIUM_ARGS

from . import worksheet_pdfs
from .corpus import REPO

RESULTS = Path(__file__).resolve().parent / "results"
PAGES = {
    "home": "",
    "article": "articles/ask-for-feedback-you-can-use/",
    "checklist": "checklists/ask-for-feedback/",
    "worksheet": "worksheets/ask-for-feedback/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
METRICS = (
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
    "speed-index",
)
OPPORTUNITIES = (
    "render-blocking-resources",
    "layout-shifts",
    "uses-text-compression",
    "unused-css-rules",
    "unused-javascript",
    "unminified-css",
    "unminified-javascript",
)
CHROME_FLAGS = " ".join(CHROMIUM_ARGS)  # the same headless flags as the browser tests


COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text files gzip-compressed when asked, as any production web host does."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants and path.suffix in COMPRESSED and path.is_file()):
            return super().send_head()
        if self.path.split("?")[0].endswith("/") is False and path.name == "index.html":
            return super().send_head()  # let the base class redirect /dir to /dir/
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve_gzip(folder: Path) -> AbstractContextManager[str]:
    """Serve `folder` on 127.0.0.1 with gzip, and yield the base URL."""
    from tests.browser import serve_folder

    return serve_folder(folder, _GzipHandler)


def find_lighthouse(given: str | None) -> list[str]:
    if given:
        return [given]
    local = REPO / "node_modules" / ".bin" / "lighthouse"
    if local.exists():
        return [str(local)]
    found = shutil.which("lighthouse")
    if found:
        return [found]
    sys.exit("lighthouse not found: `npm install --no-save lighthouse`, or pass --lighthouse PATH")


def score(lighthouse: list[str], url: str, report: Path) -> dict[str, Any]:
    command = [
        *lighthouse,
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={CHROME_FLAGS}",
    ]
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0 or not report.exists():
        sys.exit(f"lighthouse failed on {url}:\n{result.stderr[-2000:]}")
    data = json.loads(report.read_text("utf-8"))
    if data.get("runtimeError"):
        sys.exit(f"lighthouse could not load {url}: {data['runtimeError']}")
    scores: dict[str, Any] = {
        name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES
    }
    audits = data["audits"]
    scores["metrics"] = {
        key: audits[key].get("displayValue", "") for key in METRICS if key in audits
    }
    scores["opportunities"] = {
        key: audits[key].get("displayValue", "")
        for key in OPPORTUNITIES
        if key in audits and (audits[key].get("score") is not None and audits[key]["score"] < 0.9)
    }
    # Below 100 in the other categories: which audits cost the points.
    scores["failed"] = sorted(
        ref["id"]
        for name in CATEGORIES[1:]
        for ref in data["categories"][name]["auditRefs"]
        if ref.get("weight") and (audits[ref["id"]].get("score") or 0) < 1
    )
    scores["benchmark_index"] = data.get("environment", {}).get("benchmarkIndex")
    return scores


def median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run whose performance score is the median (the lower middle of an even count),
    with every run's performance score alongside."""
    ordered = sorted(runs, key=lambda run: run["performance"])
    chosen = dict(ordered[(len(ordered) - 1) // 2])
    chosen["runs"] = [run["performance"] for run in runs]
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.lighthouse", description=__doc__)
    parser.add_argument("--lighthouse", help="the lighthouse executable")
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page")
    parser.add_argument(
        "--site-url",
        default="https://rebound.example/",
        help="the public address the site is built for (SITE_URL)",
    )
    parser.add_argument(
        "--no-gzip",
        action="store_true",
        help="serve uncompressed (Python's http.server) instead of gzip as web hosts do",
    )
    args = parser.parse_args(argv)
    lighthouse = find_lighthouse(args.lighthouse)
    sys.path.insert(0, str(REPO))
    from tests.browser import serve_folder

    serve = serve_folder if args.no_gzip else serve_gzip
    serving = (
        "uncompressed (Python's http.server)"
        if args.no_gzip
        else "gzip-compressed (Python's http.server with bench.lighthouse._GzipHandler, level 6)"
    )
    os.environ["SITE_URL"] = args.site_url  # the build below runs as a child process

    scores: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="rebound-lighthouse-") as folder:
        project = worksheet_pdfs.copy_site(Path(folder) / "project")
        worksheet_pdfs.build(project)
        load_before = os.getloadavg()[0]
        with serve(project / "out") as base:
            for name, path in PAGES.items():
                runs = [
                    score(lighthouse, f"{base}/{path}", Path(folder) / f"{name}-{run}.json")
                    for run in range(args.runs)
                ]
                scores[name] = median_run(runs)
                print(name, json.dumps(scores[name]), flush=True)
        load = (load_before, os.getloadavg()[0])
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Lighthouse (mobile, default throttling), real site on 127.0.0.1",
        "",
        f"{date}; {os.cpu_count()} cores, load average {load[0]:.1f} before and "
        f"{load[1]:.1f} after; Debian chromium, headless; built with SITE_URL={args.site_url}; "
        f"served {serving} on 127.0.0.1; the median of {args.runs} runs per page.",
        "",
        "| page | performance (each run) | accessibility | best practices | SEO "
        "| benchmark index |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, values in scores.items():
        runs = ", ".join(str(run) for run in values["runs"])
        cells = [f"{values['performance']} ({runs})", *(str(values[c]) for c in CATEGORIES[1:])]
        lines.append(
            f"| {name} (/{PAGES[name]}) | "
            + " | ".join(cells)
            + f" | {values['benchmark_index']} |"
        )
    lines += ["", "Metrics and the opportunities Lighthouse flags, per page:", ""]
    for name, values in scores.items():
        metrics = ", ".join(f"{k}: {v}" for k, v in values["metrics"].items())
        flagged = ", ".join(f"{k} ({v})" for k, v in values["opportunities"].items())
        failed = ", ".join(values["failed"]) or "none"
        lines.append(f"- {name}: {metrics}; flagged: {flagged or 'none'}; failed audits: {failed}")
    text = "\n".join(lines) + "\n"
    print(text)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    name = "lighthouse-uncompressed" if args.no_gzip else "lighthouse"
    (args.results_dir / f"{name}.md").write_text(text, "utf-8")
    report = {
        "date": date,
        "cores": os.cpu_count(),
        "load_average": load,
        "site_url": args.site_url,
        "served": serving,
        "runs": args.runs,
        "scores": scores,
    }
    (args.results_dir / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
