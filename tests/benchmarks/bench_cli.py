"""How long a user waits for a command: whole processes, start to exit, against a bare-import baseline.

The baseline is a Python process that only imports sqlalchemy and yaml (what any command touching the
store must load). Each round runs the baseline and every command once, in turn, so machine noise hits
them alike; the figures are medians of the per-round ratios. Nothing passes or fails on time. The feeds
are switched off (an empty feeds file): fetching is network time, not the command's own cost.
Run: `make bench` or `python -m pytest tests/benchmarks/bench_cli.py -s -o addopts=""`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from etl.settings import PROJECT_ROOT

ROUNDS = 9
BASELINE = [sys.executable, "-c", "import sqlalchemy, yaml"]
COMMANDS = {
    "status": ["status"],
    "refresh, nothing changed": ["refresh"],
    "--help": ["--help"],
}


def compile_project() -> None:
    """Cache the project's bytecode, as a user's Python does on its first run.

    Installed packages come with their bytecode; the project's own modules get theirs when first
    imported, unless PYTHONDONTWRITEBYTECODE is set, when every timed command would compile them again.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", "etl"], cwd=PROJECT_ROOT, check=True)


def process_seconds(argv: list[str], env: dict[str, str]) -> float:
    began = time.perf_counter()
    subprocess.run(argv, env=env, cwd=PROJECT_ROOT, check=True, capture_output=True)
    return time.perf_counter() - began


def test_command_start_to_exit_against_bare_imports(tmp_path: Path) -> None:
    feeds = tmp_path / "feeds.yml"
    feeds.write_text("feeds: []\n")
    env = {**os.environ, "MONITOR_DATA_DIR": str(tmp_path / "data"), "MONITOR_FEEDS": str(feeds)}
    etl = [sys.executable, "-m", "etl"]
    compile_project()
    subprocess.run([*etl, "refresh"], env=env, cwd=PROJECT_ROOT, check=True, capture_output=True)
    baseline: list[float] = []
    timings: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(ROUNDS):
        baseline.append(process_seconds(BASELINE, env))
        for name, args in COMMANDS.items():
            timings[name].append(process_seconds([*etl, *args], env))
    base = statistics.median(baseline)
    print(f"\nbaseline `python -c 'import sqlalchemy, yaml'`: median {base:.3f} s over {ROUNDS} rounds")
    print(f"{'command':<26} {'median s':>9} {'ratio (median of rounds)':>26}")
    for name, values in timings.items():
        ratio = statistics.median(v / b for v, b in zip(values, baseline, strict=True))
        print(f"{name:<26} {statistics.median(values):>9.3f} {ratio:>25.2f}×")
