"""The benchmark runs end to end on a tiny corpus (no timings are asserted: benchmarks
are not tests)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.corpus import write_corpus
from bench.run import main

from .conftest import REPO


def test_corpus_is_deterministic_and_valid(tmp_path: Path) -> None:
    from generator.cli import main as rebound

    write_corpus(tmp_path / "one", 5)
    write_corpus(tmp_path / "two", 5)
    posts = sorted((tmp_path / "one" / "articles" / "posts").iterdir())
    assert len(posts) == 5
    for post in posts:
        assert (
            post.read_bytes() == (tmp_path / "two" / "articles" / "posts" / post.name).read_bytes()
        )
    assert 800 <= len(posts[0].read_text("utf-8").split()) <= 1100
    config = tmp_path / "mkdocs.yml"
    real_config = (REPO / "mkdocs.yml").read_text("utf-8")
    config.write_text(
        real_config.replace("docs_dir: content", "docs_dir: one").replace(
            "custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}"
        ),
        "utf-8",
    )
    assert rebound(["--config-file", str(config), "check"]) == 0


def test_benchmark_runs_at_20_articles(tmp_path: Path) -> None:
    results = tmp_path / "results"
    argv = ["--articles", "20", "--rounds", "1", "--no-browser", "--no-pdf"]
    assert main([*argv, "--results-dir", str(results), "--workdir", str(tmp_path / "w")]) == 0
    report = json.loads((results / "n20.json").read_text("utf-8"))
    assert set(report["systems"]) == {"a", "b", "c"}
    assert all(system["median_seconds"] > 0 for system in report["systems"].values())
    assert report["systems"]["a"]["article_html_kb"] > 0
    assert "a/b" in (results / "n20.md").read_text("utf-8")
