"""Freshness report for `python -m etl status` and the dashboard: last refresh, failures, next run.

Reads only; never takes the refresh lock (taking it, even for an instant, could turn a refresh that
starts at that moment away).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from etl import store
from etl.errors import StoreError

# A scheduler that has missed this many heartbeats (and runs no refresh) is reported as gone.
MISSED_BEATS = 3
RECENT_RUNS = 10

_COUNTED_TABLES = (
    ("documents", store.documents),
    ("items", store.items),
    ("measures", store.measures),
    ("indicator_uploads", store.indicator_uploads),
    ("indicator_series", store.indicator_series),
    ("indicator_points", store.indicator_points),
)


@dataclass
class RunInfo:
    """One etl_runs row, with `status` "interrupted" for a run whose process died mid-way."""

    run_id: int
    trigger: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    documents_seen: int
    documents_changed: int
    items_written: int
    warnings: int
    message: str | None
    host: str | None
    pid: int | None


@dataclass
class SchedulerInfo:
    """The most relevant scheduler heartbeat; state is running, stopped or gone (stopped beating)."""

    scheduler_id: str
    host: str
    pid: int
    cron: str
    beat_at: datetime
    next_run_at: datetime | None
    state: str


@dataclass
class StatusReport:
    store: str
    generated_at: datetime
    last_success: RunInfo | None
    failures_since: list[RunInfo]
    running: RunInfo | None
    scheduler: SchedulerInfo | None
    counts: dict[str, int]
    recent_runs: list[RunInfo] = field(default_factory=list)

    @property
    def last_success_age_s(self) -> float | None:
        if self.last_success is None or self.last_success.finished_at is None:
            return None
        return (self.generated_at - self.last_success.finished_at).total_seconds()

    @property
    def next_run_in_s(self) -> float | None:
        if self.scheduler is None or self.scheduler.state != "running" or self.scheduler.next_run_at is None:
            return None
        return (self.scheduler.next_run_at - self.generated_at).total_seconds()

    def as_dict(self) -> dict[str, Any]:
        payload: dict[str, Any] = _iso_dates(asdict(self))
        payload["last_success_age_s"] = self.last_success_age_s
        payload["next_run_in_s"] = self.next_run_in_s
        payload["failures_since_count"] = len(self.failures_since)
        return payload

    def describe(self) -> str:
        return "\n".join(_describe(self))


def _iso_dates(value: Any) -> Any:
    """Datetimes as ISO 8601 strings, so the JSON form is unambiguous."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _iso_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_iso_dates(item) for item in value]
    return value


def describe_duration(seconds: float) -> str:
    """A short human duration: 45 s, 12 min, 3 h, 2 d (59 min 57 s reads as 1 h, not 60 min)."""
    seconds = abs(seconds)
    if round(seconds) < 60:
        return f"{round(seconds)} s"
    if round(seconds / 60) < 60:
        return f"{round(seconds / 60)} min"
    if round(seconds / 3600) < 24:
        return f"{round(seconds / 3600)} h"
    return f"{round(seconds / 86400)} d"


def _ago(moment: datetime | None, now: datetime) -> str:
    return "never" if moment is None else f"{describe_duration((now - moment).total_seconds())} ago"


def _run_info(row: Any) -> RunInfo:
    return RunInfo(
        run_id=row.run_id,
        trigger=row.trigger,
        status=row.status,
        started_at=store.as_utc(row.started_at),
        finished_at=store.as_utc(row.finished_at),
        documents_seen=row.documents_seen or 0,
        documents_changed=row.documents_changed or 0,
        items_written=row.items_written or 0,
        warnings=row.warnings or 0,
        message=row.message,
        host=row.host,
        pid=row.pid,
    )


def _mark_interrupted(runs: list[RunInfo], lock_held: bool | None) -> None:
    """A 'running' row whose refresh is gone was interrupted (killed, power loss); say so."""
    newest_running = max((r.run_id for r in runs if r.status == "running"), default=None)
    for run in runs:
        if run.status != "running":
            continue
        if lock_held is not None:
            gone = not lock_held or run.run_id != newest_running
        else:  # SQLite: the lock is a file on this host, so the holder's pid tells
            gone = run.host == store.this_host() and run.pid is not None and not store.pid_alive(run.pid)
        if gone:
            run.status = "interrupted"


def scheduler_state(conn: Connection, now: datetime, running: RunInfo | None = None) -> SchedulerInfo | None:
    """The scheduler to report: a live one with the soonest next run, else the one seen last."""
    rows = conn.execute(sa.select(store.scheduler_heartbeat)).all()
    schedulers = []
    for row in rows:
        beat_at = store.as_utc(row.beat_at)
        next_run_at = store.as_utc(row.next_run_at)
        assert beat_at is not None
        busy = running is not None and running.host == row.host and running.pid == row.pid
        if next_run_at is None:
            state = "stopped"
        elif busy or now - beat_at <= timedelta(seconds=MISSED_BEATS * store.HEARTBEAT_SECONDS):
            state = "running"
        else:
            state = "gone"
        schedulers.append(
            SchedulerInfo(row.scheduler_id, row.host, row.pid, row.cron, beat_at, next_run_at, state)
        )
    live = [s for s in schedulers if s.state == "running"]
    if live:
        return min(live, key=lambda s: s.next_run_at or now)
    return max(schedulers, key=lambda s: s.beat_at, default=None)


def freshness_report(engine: Engine, now: datetime | None = None, *, counts: bool = True) -> StatusReport:
    """Everything `status` prints, read in one go; the dashboard's sidebar skips the table counts."""
    now = now or store.utcnow()
    url = engine.url.render_as_string(hide_password=True)
    try:
        with engine.connect() as conn:
            if not sa.inspect(conn).has_table("etl_runs"):
                return StatusReport(url, now, None, [], None, None, {})
            lock_held = store.refresh_lock_held(conn)
            runs = [
                _run_info(row)
                for row in conn.execute(
                    sa.select(store.etl_runs).order_by(store.etl_runs.c.run_id.desc()).limit(200)
                )
            ]
            _mark_interrupted(runs, lock_held)
            last_success = _last_success(conn, runs)
            since = last_success.run_id if last_success else 0
            failures = [r for r in runs if r.run_id > since and r.status in ("failed", "interrupted")]
            running = next((r for r in runs if r.status == "running"), None)
            scheduler = scheduler_state(conn, now, running)
            table_counts = {
                name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                for name, table in (_COUNTED_TABLES if counts else ())
            }
    except sa.exc.SQLAlchemyError as exc:
        raise StoreError(f"Cannot read the store at {url}: {store.describe_db_error(exc)}") from exc
    return StatusReport(
        url, now, last_success, failures, running, scheduler, table_counts, runs[:RECENT_RUNS]
    )


def _last_success(conn: Connection, recent: list[RunInfo]) -> RunInfo | None:
    found = next((r for r in recent if r.status == "succeeded"), None)
    if found is not None:
        return found
    row = conn.execute(
        sa.select(store.etl_runs)
        .where(store.etl_runs.c.status == "succeeded")
        .order_by(store.etl_runs.c.run_id.desc())
        .limit(1)
    ).first()
    return _run_info(row) if row is not None else None


def _first_line(text: str | None) -> str:
    return text.strip().splitlines()[0] if text and text.strip() else ""


def _describe(report: StatusReport) -> list[str]:
    now = report.generated_at
    lines = [f"{'Store':<16}{report.store}"]

    def add(label: str, text: str) -> None:
        lines.append(f"{label:<16}{text}")

    ok = report.last_success
    if ok is None or ok.finished_at is None:
        add("Last refresh", "none has succeeded yet; run `python -m etl refresh`")
    else:
        add(
            "Last refresh",
            f"succeeded {_ago(ok.finished_at, now)} (run {ok.run_id}, {ok.finished_at:%Y-%m-%d %H:%M} UTC)",
        )
    if report.failures_since:
        latest = report.failures_since[0]
        when = _ago(latest.finished_at or latest.started_at, now)
        message = _first_line(latest.message) or "no message"
        add(
            "Failures since",
            f"{len(report.failures_since)} (latest: run {latest.run_id} {latest.status} {when}: {message})",
        )
    else:
        add("Failures since", "none")
    if report.running is not None:
        run = report.running
        add(
            "Running now",
            f"run {run.run_id} on {run.host} pid {run.pid}, started {_ago(run.started_at, now)}",
        )
    add("Scheduler", _describe_scheduler(report.scheduler, now))
    if report.counts:
        c = report.counts
        add(
            "Contents",
            f"{c['documents']:,} documents, {c['items']:,} items, {c['measures']:,} measures, "
            f"{c['indicator_uploads']:,} indicator uploads ({c['indicator_series']:,} series, "
            f"{c['indicator_points']:,} points)",
        )
    if report.recent_runs:
        lines.append("Recent runs")
        header = ("run", "status", "trigger", "started (UTC)", "docs", "items", "message")
        lines.append("  {:>5}  {:<11}  {:<9}  {:<16}  {:>5}  {:>6}  {}".format(*header))
        for run in report.recent_runs:
            cells = (run.run_id, run.status, run.trigger, f"{run.started_at:%Y-%m-%d %H:%M}")
            counts = (run.documents_seen, run.items_written, _first_line(run.message))
            lines.append("  {:>5}  {:<11}  {:<9}  {:<16}  {:>5}  {:>6}  {}".format(*cells, *counts))
    return lines


def _describe_scheduler(scheduler: SchedulerInfo | None, now: datetime) -> str:
    if scheduler is None:
        return "not running (start it with `python -m etl schedule` or `make schedule`)"
    where = f"cron '{scheduler.cron}', {scheduler.host} pid {scheduler.pid}"
    if scheduler.state == "stopped":
        return f"stopped {_ago(scheduler.beat_at, now)} ({where})"
    if scheduler.state == "gone":
        return f"not responding: last heartbeat {_ago(scheduler.beat_at, now)} ({where})"
    if scheduler.next_run_at is None:
        return f"running ({where})"
    seconds = (scheduler.next_run_at - now).total_seconds()
    when = f"in {describe_duration(seconds)}" if seconds > 0 else "due now"
    return f"next refresh {when} ({where}, heartbeat {_ago(scheduler.beat_at, now)})"
