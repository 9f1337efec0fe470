"""`python -m bench.summary`: the issue's targets against the last results in bench/results/.

make bench    # runs the benchmarks at 200 and 1,000 articles and the preview, then this
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
BUILD_TARGETS = {200: 0.5, 1000: 0.35}
PEAK_MIB_AT_1000 = 250
ARTICLE_KB = 60
CHECK_SECONDS_AT_1000 = 1.0
PREVIEW_SECONDS = 1.0


def _load(name: str, results: Path) -> Any:
    path = results / name
    return json.loads(path.read_text("utf-8")) if path.is_file() else None


def _verdict(value: float, limit: float) -> str:
    return "met" if value <= limit else "missed"


def summary(results: Path = RESULTS) -> str:
    lines = ["Targets (issue 12), from the last runs in bench/results/:"]
    for articles, limit in BUILD_TARGETS.items():
        report = _load(f"n{articles}.json", results)
        if report is None:
            lines.append(f"- {articles} articles: no result (python -m bench -n {articles})")
            continue
        wall, cpu = report["ratio_a_b"], report.get("cpu_ratio_a_b")
        line = f"- {articles} articles, rebound build / anchor: wall {wall:.2f}"
        if cpu is not None:
            line += f", CPU {cpu:.2f}"
        line += f" (target <= {limit}: wall {_verdict(wall, limit)}"
        line += f", CPU {_verdict(cpu, limit)})" if cpu is not None else ")"
        lines.append(line)
        a = report["systems"]["a"]
        if a.get("article_html_kb"):
            kb = a["article_html_kb"]
            lines.append(f"  article HTML {kb} KB (<= {ARTICLE_KB}: {_verdict(kb, ARTICLE_KB)})")
        if articles == 1000:
            mib = a["peak_mib"]
            lines.append(
                f"  peak memory {mib:.0f} MiB (<= {PEAK_MIB_AT_1000}: "
                f"{_verdict(mib, PEAK_MIB_AT_1000)})"
            )
            if "check_seconds" in report:
                check = report["check_seconds"]
                lines.append(
                    f"  rebound check {check:.2f} s (<= {CHECK_SECONDS_AT_1000}: "
                    f"{_verdict(check, CHECK_SECONDS_AT_1000)})"
                )
    preview = _load("preview.json", results)
    if preview is None:
        lines.append("- preview: no result (python -m bench.preview)")
    for result in preview or []:
        lines.append(
            f"- preview at {result['articles']} articles, {result['kind']} edit: median "
            f"{result['median']:.2f} s, worst {result['worst']:.2f} s, server CPU "
            f"{result.get('cpu_median', 0):.2f} s (target <= {PREVIEW_SECONDS} s: "
            f"{_verdict(result['worst'], PREVIEW_SECONDS)})"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(summary())
    sys.exit(0)
