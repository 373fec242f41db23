"""Refresh throughput on 2,000 documents, and how much faster a refresh with nothing changed is.

Timed twice: in one process (the pipeline alone), and as whole `python -m etl refresh` processes from
start to exit, the no-op one against a process that only imports sqlalchemy and yaml, in paired rounds.

The corpus is the bundled sources plus generated variants of them, labelled synthetic in their front
matter. Prints figures and ratios measured in this one run; it does not pass or fail on time.
Run with `make bench` or `python -m pytest tests/benchmarks/bench_refresh.py -s`.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

import frontmatter
import pytest

from etl import pipeline
from etl.pipeline import run_refresh
from etl.settings import PROJECT_ROOT, Settings
from tests.benchmarks.bench_cli import BASELINE, compile_project, process_seconds

CORPUS_SIZE = 2000
SOURCES = PROJECT_ROOT / "datasets" / "sources"


def build_corpus(folder: Path, size: int, seed: int = 7) -> None:
    """The real documents, then synthetic variants: their paragraphs reshuffled, dates shifted a year."""
    rng = random.Random(seed)
    real = [p for p in sorted(SOURCES.glob("*.md")) if p.stem.lower() != "readme"]
    for path in real:
        (folder / path.name).write_bytes(path.read_bytes())
    for index in range(size - len(real)):
        post = frontmatter.load(real[index % len(real)])
        paragraphs = post.content.split("\n\n")
        rng.shuffle(paragraphs)
        post.content = "\n\n".join(paragraphs)
        post["title"] = f"Synthetic benchmark variant {index} of: {post['title']}"
        post["kind"] = "analyst_note"
        (folder / f"synthetic-{index:05d}.md").write_text(frontmatter.dumps(post), encoding="utf-8")


def settings_for(folder: Path, sources: Path) -> Settings:
    return Settings(
        data_dir=folder / "data",
        db_url=f"sqlite:///{folder / 'data' / 'monitor.sqlite'}",
        sources_dir=sources,
        reference_dir=PROJECT_ROOT / "datasets" / "reference",
        inbox_dir=folder / "inbox",
        schedule="0 */6 * * *",
        lock_timeout=30,
        feeds_path=_no_feeds(folder),
        fetch_budget=0.0,
        fetch_pause=0.0,
    )


def _no_feeds(folder: Path) -> Path:
    """A feeds file that follows nothing: the benchmark times the documents on disk only."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "feeds.yml"
    path.write_text("feeds: []\n")
    return path


def test_refresh_throughput(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    build_corpus(sources, CORPUS_SIZE)
    settings = settings_for(tmp_path, sources)
    began = time.perf_counter()
    full = run_refresh(settings)
    full_s = time.perf_counter() - began
    began = time.perf_counter()
    noop = run_refresh(settings)
    noop_s = time.perf_counter() - began
    assert full.status == noop.status == "succeeded" and noop.items_written == 0
    # The same corpus read on one core, for the figure a single-core machine would see.
    monkeypatch.setattr(pipeline, "_PARALLEL_THRESHOLD", 10**9)
    began = time.perf_counter()
    serial = run_refresh(settings_for(tmp_path / "serial", sources))
    serial_s = time.perf_counter() - began
    assert serial.items_written == full.items_written
    print(
        f"\none core: {serial_s:.2f} s, {serial.documents_seen / serial_s:.0f} documents/s; "
        f"all cores is {serial_s / full_s:.1f}x faster"
    )
    print(
        f"\nrefresh of {full.documents_seen} documents ({full.items_written} items): {full_s:.2f} s, "
        f"{full.documents_seen / full_s:.0f} documents/s (budget: >= 100)\n"
        f"refresh with nothing changed: {noop_s:.3f} s, {full_s / noop_s:.1f}x faster than the full refresh "
        f"(budget: >= 20x)"
    )


ROUNDS = 5


def test_refresh_as_whole_processes(tmp_path: Path) -> None:
    """What a user waits for: the command from start to exit, full and with nothing changed."""
    sources = tmp_path / "sources"
    sources.mkdir()
    build_corpus(sources, CORPUS_SIZE)
    env = {
        **os.environ,
        "MONITOR_DATA_DIR": str(tmp_path / "data"),
        "MONITOR_SOURCES_DIR": str(sources),
        "MONITOR_FEEDS": str(_no_feeds(tmp_path)),
    }
    refresh = [sys.executable, "-m", "etl", "refresh"]
    compile_project()
    full_s = process_seconds(refresh, env)
    baseline, noop = [], []
    for _ in range(ROUNDS):
        baseline.append(process_seconds(BASELINE, env))
        noop.append(process_seconds(refresh, env))
    ratio = statistics.median(n / b for n, b in zip(noop, baseline, strict=True))
    print(
        f"\nwhole process, {CORPUS_SIZE} documents: full refresh {full_s:.2f} s, "
        f"{CORPUS_SIZE / full_s:.0f} documents/s (budget: >= 100)\n"
        f"whole process, nothing changed: median {statistics.median(noop):.3f} s, {ratio:.2f}x the "
        f"bare-import baseline (median {statistics.median(baseline):.3f} s, {ROUNDS} paired rounds; "
        "budget: <= 2x)"
    )
