"""Review at 10,000 items: items_current against the bare items table, and the time of one decision.

Prints seconds and ratios measured in the same run; nothing passes or fails on time.
Run with `make bench` or `python -m pytest tests/benchmarks/bench_review.py -s -o addopts=""`.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import store
from etl.extract.reference import load_reference
from etl.review import decide
from etl.settings import Settings
from tests.fixtures.store_builder import add_synthetic_items, build_store

ITEMS = 10_000
REVIEWED = 500


def _best(action: Callable[[], object], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def _read_all(engine: Engine, table: sa.Table) -> Callable[[], int]:
    def run() -> int:
        with engine.connect() as conn:
            return len(conn.execute(sa.select(table)).all())

    return run


def _count_shown(engine: Engine) -> Callable[[], int]:
    c = store.items_current.c

    def run() -> int:
        with engine.connect() as conn:
            statement = sa.select(sa.func.count()).where(c.review_status != "rejected", c.confidence >= 0.5)
            return int(conn.execute(statement).scalar_one())

    return run


def test_items_current_and_review_writes_at_ten_thousand_items(engine: Engine, settings: Settings) -> None:
    build_store(engine)
    add_synthetic_items(engine, ITEMS)
    ref = load_reference(settings.reference_dir)
    print(f"\n{ITEMS:,} generated items (+10 readable ones)")
    print(f"{'query':<44} {'s':>7} {'ratio to items':>15}")
    base = _best(_read_all(engine, store.items))
    print(f"{'all rows of items (baseline)':<44} {base:>7.3f} {1:>15.2f}")
    for label, action in (
        ("all rows of items_current, no reviews", _read_all(engine, store.items_current)),
        ("count shown in items_current, no reviews", _count_shown(engine)),
    ):
        seconds = _best(action)
        print(f"{label:<44} {seconds:>7.3f} {seconds / base:>15.2f}")
    writes = []
    for k in range(REVIEWED):
        verdict = ("accepted", "rejected", "edited")[k % 3]
        changes = {"quantity": str(k + 1)} if verdict == "edited" else None
        start = time.perf_counter()
        decide(engine, ref, f"gen-{k:06d}", verdict, "Bench", changes=changes, seen_version=0)
        writes.append(time.perf_counter() - start)
    for label, action in (
        (f"all rows of items_current, {REVIEWED} reviews", _read_all(engine, store.items_current)),
        (f"count shown in items_current, {REVIEWED} reviews", _count_shown(engine)),
    ):
        seconds = _best(action)
        print(f"{label:<44} {seconds:>7.3f} {seconds / base:>15.2f}")
    print(
        f"one decision (write, rebuild of its subject): median {statistics.median(writes) * 1000:.1f} ms, "
        f"slowest {max(writes) * 1000:.1f} ms over {REVIEWED} decisions"
    )
    with store.write_transaction(engine) as conn:
        start = time.perf_counter()
        from etl.review import rebuild_review_state

        rebuild_review_state(conn, ref)
        full = time.perf_counter() - start
    print(f"full rebuild of review_current ({REVIEWED} subjects, as a refresh does): {full:.3f} s")
