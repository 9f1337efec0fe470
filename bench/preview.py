"""Preview latency: from saving an article to `rebound serve` serving the new text.

    .venv/bin/python -m bench.preview                  # N = 20 and 200, 5 edits each
    .venv/bin/python -m bench.preview -n 200 --edits 3

For each N: the synthetic corpus (bench/corpus.py) with the real site's config,
`rebound serve` started on a free 127.0.0.1 port, and once the first build is
served, a series of edits, each timed from the file's write to the first response
that holds the new text:

- body: a sentence added to an article's body; polled on the article page;
- listing: the newest article's description changed; polled on /articles/, the
  listing that shows it (and the related links that mention it change with it).

Between edits the script waits for the preview to settle (the search index runs
after each rebuild, off the critical path but on the same two cores). The time
also includes the preview's check for changed files (every 0.1 s) and MkDocs'
wait for a burst of writes to end (0.1 s). Reported: median and worst per kind,
with the machine's load average, since the CPU is shared.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from .corpus import REPO, write_corpus

RESULTS = Path(__file__).resolve().parent / "results"
STARTUP_SECONDS = 600
EDIT_TIMEOUT = 60.0
POLL_SECONDS = 0.02
SETTLE_SECONDS = 4.0


@dataclass
class Latencies:
    """One kind of edit at one N: wall time to the new text, and the server's CPU time."""

    articles: int
    kind: str
    seconds: list[float]
    cpu_seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def worst(self) -> float:
        return max(self.seconds)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu_seconds)


def cpu_seconds(pid: int) -> float:
    """CPU time the process has used (its threads and the children it waited for)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    ticks = sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for_text(url: str, text: str, timeout: float) -> float:
    """Poll `url` until its body holds `text`; returns when it did (perf_counter)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return time.perf_counter()
        time.sleep(POLL_SECONDS)
    raise TimeoutError(f"{url} never showed {text!r} within {timeout} s")


def project(workdir: Path, articles: int) -> Path:
    root = workdir / f"n{articles}"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    write_corpus(root / "content", articles)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", root / "overrides")
    return root


def newest_post(root: Path) -> Path:
    """The article listed first on /articles/ (the corpus dates each article by its number)."""
    posts = sorted((root / "content" / "articles" / "posts").glob("*.md"))
    return max(posts, key=lambda path: _front_matter_date(path))


def _front_matter_date(path: Path) -> str:
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("date:"):
            return line.partition(":")[2].strip()
    return ""


def measure(articles: int, edits: int, workdir: Path, log_dir: Path) -> list[Latencies]:
    root = project(workdir, articles)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (log_dir / f"serve-n{articles}.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "generator.cli", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        start_new_session=True,
    )
    target = newest_post(root)
    article_url = f"{base}/articles/{target.stem}/"
    body = Latencies(articles, "body", [], [])
    listing = Latencies(articles, "listing", [], [])
    try:
        started = time.perf_counter()
        wait_for_text(article_url, "</html>", STARTUP_SECONDS)
        print(f"n={articles}: first build served after {time.perf_counter() - started:.1f} s")
        time.sleep(SETTLE_SECONDS)
        for number in range(edits):
            marker = f"Preview marker {number} {time.time_ns()}"
            text = target.read_text("utf-8")
            head, _, rest = text.partition("\n---\n")
            used = cpu_seconds(server.pid)
            written = time.perf_counter()
            target.write_text(f"{head}\n---\n{marker}. {rest}", "utf-8")
            body.seconds.append(wait_for_text(article_url, marker, EDIT_TIMEOUT) - written)
            body.cpu_seconds.append(cpu_seconds(server.pid) - used)
            time.sleep(SETTLE_SECONDS)

            marker = f"Listed marker {number} {time.time_ns()}"
            text = target.read_text("utf-8")
            lines = [
                f"description: {marker}." if line.startswith("description:") else line
                for line in text.splitlines()
            ]
            used = cpu_seconds(server.pid)
            written = time.perf_counter()
            target.write_text("\n".join(lines) + "\n", "utf-8")
            listing.seconds.append(
                wait_for_text(f"{base}/articles/", marker, EDIT_TIMEOUT) - written
            )
            listing.cpu_seconds.append(cpu_seconds(server.pid) - used)
            time.sleep(SETTLE_SECONDS)
            print(
                f"n={articles} edit {number + 1}: body {body.seconds[-1]:.3f} s "
                f"(CPU {body.cpu_seconds[-1]:.2f} s), listing {listing.seconds[-1]:.3f} s "
                f"(CPU {listing.cpu_seconds[-1]:.2f} s)"
            )
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
    return [body, listing]


def report(results: list[Latencies], load: tuple[float, float, float]) -> str:
    lines = [
        "# Preview latency: save to new text served",
        "",
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, "
        f"{platform.python_implementation()} {platform.python_version()}, "
        f"load average before/after {load[0]:.1f}/{load[2]:.1f} (a shared machine).",
        "",
        "| articles | edit | median | worst | server CPU (median) | runs | target |",
        "| ---: | --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for result in results:
        met = "met" if result.worst <= 1.0 else "missed"
        lines.append(
            f"| {result.articles} | {result.kind} | {result.median:.3f} s | "
            f"{result.worst:.3f} s | {result.cpu_median:.2f} s | {len(result.seconds)} | "
            f"<= 1 s: {met} |"
        )
    lines += [
        "",
        "Wall time is from the write to the first response with the new text; it",
        "includes the 0.1 s file poll and MkDocs' 0.1 s wait for writes to settle, and,",
        "on a shared machine, time spent waiting for a core. Server CPU is the CPU the",
        "`rebound serve` process used in that window: on an idle machine the wall time",
        "is about that plus the two waits.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.preview", description=__doc__)
    parser.add_argument("--articles", "-n", type=int, action="append", help="N (20 and 200)")
    parser.add_argument("--edits", type=int, default=5, help="edits of each kind per N")
    parser.add_argument("--results-dir", type=Path, default=RESULTS)
    parser.add_argument("--label", default="", help="suffix for the result files")
    args = parser.parse_args(argv)
    sizes = args.articles or [20, 200]
    before = os.getloadavg()
    results: list[Latencies] = []
    with tempfile.TemporaryDirectory(prefix="rebound-preview-bench-") as folder:
        workdir = Path(folder)
        for articles in sizes:
            results.extend(measure(articles, args.edits, workdir, workdir))
    load = (before[0], 0.0, os.getloadavg()[0])
    text = report(results, load)
    print(text)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    name = f"preview{args.label}"
    (args.results_dir / f"{name}.md").write_text(text, "utf-8")
    data = [
        {**asdict(r), "median": r.median, "worst": r.worst, "cpu_median": r.cpu_median}
        for r in results
    ]
    (args.results_dir / f"{name}.json").write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
