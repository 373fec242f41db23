"""The scheduler: `python -m etl schedule` runs a refresh on a cron expression in the foreground.

APScheduler does the timing (one run at a time, missed runs coalesced into one). This module adds the
heartbeat row that `status` and the dashboard read, the handling of a refresh that finds the lock
taken, and a clean stop on SIGTERM or SIGINT.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from types import FrameType
from typing import Any

import sqlalchemy as sa
from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED, EVENT_SCHEDULER_START, JobEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from sqlalchemy.engine import Engine
from tzlocal import get_localzone

from etl import store
from etl.errors import ConfigError, MonitorError, RefreshLocked
from etl.logs import bind_run_id, get_logger
from etl.settings import Settings

log = get_logger("etl.schedule")

REFRESH_JOB_ID = "refresh"
HEARTBEAT_JOB_ID = "heartbeat"

RefreshFn = Callable[..., Any]


def parse_cron(expression: str) -> CronTrigger:
    """A five-field crontab expression in the host's local time, as crontab itself reads it."""
    try:
        return CronTrigger.from_crontab(expression, timezone=get_localzone())
    except ValueError as exc:
        raise ConfigError(
            f"Invalid cron expression {expression!r}: {exc}. "
            "Use five fields (minute hour day month weekday), e.g. '0 */6 * * *'."
        ) from None


def _default_refresh(settings: Settings, trigger: str) -> Any:
    from etl.pipeline import run_refresh

    return run_refresh(settings, trigger=trigger)


def record_skipped_run(engine: Engine, trigger: str, message: str) -> int:
    """Leave an etl_runs row saying a refresh was skipped, so the history shows it; returns its run_id."""
    now = store.utcnow()
    with store.write_transaction(engine) as conn:
        result = conn.execute(
            store.etl_runs.insert().values(
                trigger=trigger,
                started_at=now,
                finished_at=now,
                status="skipped",
                message=message,
                host=store.this_host(),
                pid=os.getpid(),
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return int(key[0])


class RefreshScheduler:
    """Runs refreshes on a cron schedule and keeps a heartbeat row up to date."""

    def __init__(
        self,
        settings: Settings,
        cron: str | None = None,
        engine: Engine | None = None,
        refresh: RefreshFn | None = None,
    ) -> None:
        self.settings = settings
        self.cron = cron or settings.schedule
        self.trigger = parse_cron(self.cron)
        self.engine = engine or store.make_engine(settings)
        self._refresh = refresh or _default_refresh
        self.scheduler_id = f"{store.this_host()}:{os.getpid()}"
        self._idle = threading.Event()
        self._idle.set()
        self.scheduler = BlockingScheduler(
            executors={"default": ThreadPoolExecutor(2)},
            timezone=get_localzone(),
            # misfire_grace_time=None: a run the host slept through still happens once it wakes;
            # coalesce folds several missed runs into that one.
            job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
        )

    # -- the jobs ---------------------------------------------------------------------------------

    def refresh_once(self) -> None:
        """One scheduled refresh; never raises, so the scheduler keeps going whatever happens."""
        self._idle.clear()
        bind_run_id(None)
        try:
            self._run_refresh()
        finally:
            bind_run_id(None)
            self._idle.set()
            self.beat()

    def _run_refresh(self) -> None:
        log.info("schedule.refresh_due")
        try:
            result = self._refresh(self.settings, trigger="schedule")
        except RefreshLocked as exc:
            self._skip(str(exc))
        except MonitorError as exc:
            log.error("schedule.refresh_failed", message=str(exc))
        except Exception:  # a bug in one run must not stop the schedule
            log.exception("schedule.refresh_crashed")
        else:
            summary = result.as_dict() if hasattr(result, "as_dict") else {}
            summary.pop("event", None)
            level = log.error if summary.get("status") == "failed" else log.info
            level("schedule.refresh_done", **summary)

    def _skip(self, reason: str) -> None:
        try:
            run_id: int | None = record_skipped_run(self.engine, "schedule", reason)
        except (MonitorError, sa.exc.SQLAlchemyError) as exc:
            run_id = None
            log.warning("refresh.skip_not_recorded", message=str(exc))
        log.warning("refresh.skipped", run_id=run_id, reason=reason)

    def next_run_at(self) -> datetime | None:
        job = self.scheduler.get_job(REFRESH_JOB_ID)
        return getattr(job, "next_run_time", None) if job is not None else None

    def beat(self, stopping: bool = False) -> None:
        """Upsert this scheduler's heartbeat row; next_run_at is null once it has stopped."""
        if not stopping and not self._idle.is_set() and self.engine.dialect.name == "sqlite":
            return  # the running refresh holds SQLite's only write lock; its run row shows we are alive
        next_run = None if stopping else self.next_run_at()
        values = {
            "host": store.this_host(),
            "pid": os.getpid(),
            "cron": self.cron,
            "beat_at": store.utcnow(),
            "next_run_at": next_run.astimezone(UTC) if next_run else None,
        }
        table = store.scheduler_heartbeat
        try:
            with store.write_transaction(self.engine) as conn:
                key = table.c.scheduler_id == self.scheduler_id
                if conn.execute(table.update().where(key).values(**values)).rowcount == 0:
                    conn.execute(table.insert().values(scheduler_id=self.scheduler_id, **values))
        except (MonitorError, sa.exc.SQLAlchemyError) as exc:
            log.warning("heartbeat.failed", message=str(exc))

    def _forget_dead_schedulers(self) -> None:
        """Drop heartbeat rows of schedulers on this host whose process is gone (killed, rebooted)."""
        table = store.scheduler_heartbeat
        with store.write_transaction(self.engine) as conn:
            rows = conn.execute(
                sa.select(table.c.scheduler_id, table.c.pid).where(table.c.host == store.this_host())
            )
            dead = [
                row.scheduler_id
                for row in rows
                if row.scheduler_id != self.scheduler_id and not store.pid_alive(row.pid)
            ]
            if dead:
                conn.execute(table.delete().where(table.c.scheduler_id.in_(dead)))

    # -- lifecycle --------------------------------------------------------------------------------

    def install(self) -> None:
        """Prepare the store and add the refresh and heartbeat jobs (run() does this when needed)."""
        store.ensure_schema(self.engine)
        self._forget_dead_schedulers()
        self.scheduler.add_job(self.refresh_once, self.trigger, id=REFRESH_JOB_ID, name="refresh")
        self.scheduler.add_job(
            self.beat, IntervalTrigger(seconds=store.HEARTBEAT_SECONDS), id=HEARTBEAT_JOB_ID, name="heartbeat"
        )
        self.scheduler.add_listener(self._on_started, EVENT_SCHEDULER_START)
        self.scheduler.add_listener(self._on_not_run, EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED)

    def run(self) -> None:
        """Block until SIGTERM or SIGINT; then finish the running refresh (if any) and return."""
        if self.scheduler.get_job(REFRESH_JOB_ID) is None:
            self.install()
        previous = {sig: signal.signal(sig, self._on_signal) for sig in (signal.SIGTERM, signal.SIGINT)}
        try:
            self.scheduler.start()
            if not self._idle.is_set():
                log.info("scheduler.waiting", reason="a refresh is running; a second signal stops at once")
                self._idle.wait()
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            self.beat(stopping=True)
            self.engine.dispose()
        log.info("scheduler.stopped", scheduler_id=self.scheduler_id)

    def stop(self) -> None:
        if self.scheduler.state != STATE_STOPPED:
            self.scheduler.shutdown(wait=False)

    def _on_started(self, _event: Any) -> None:
        self.beat()
        next_run = self.next_run_at()
        log.info(
            "scheduler.started",
            scheduler_id=self.scheduler_id,
            cron=self.cron,
            next_run_at=next_run.isoformat() if next_run else None,
        )

    def _on_not_run(self, event: JobEvent) -> None:
        if event.job_id != REFRESH_JOB_ID:
            return
        reason = (
            "the previous scheduled refresh is still running"
            if event.code == EVENT_JOB_MAX_INSTANCES
            else ("the scheduled time was missed")
        )
        log.warning("refresh.skipped", reason=reason)

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        log.info("scheduler.stopping", signal=signal.Signals(signum).name)
        # A second signal ends the process at once; the running refresh's transaction rolls back.
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, _exit_now)
        self.stop()


def _exit_now(signum: int, _frame: FrameType | None) -> None:
    log.warning("scheduler.aborted", signal=signal.Signals(signum).name)
    os._exit(128 + signum)


def run_scheduler(settings: Settings, cron: str | None = None) -> None:
    """Entry for `python -m etl schedule`."""
    RefreshScheduler(settings, cron=cron).run()
