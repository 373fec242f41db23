"""One refresh: take the lock, record the run, read changed documents, and load them in one transaction."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from etl import store
from etl.contract import ItemRow, TagRow
from etl.errors import ConfigError, MonitorError
from etl.extract.fingerprint import reference_fingerprint
from etl.logs import bind_run_id, get_logger
from etl.settings import Settings
from etl.sources import Document, DocumentError, SourceFile, check_removals, discover, parse

if TYPE_CHECKING:
    from etl.extract.reference import Reference

log = get_logger("etl.pipeline")


_SHOWN_WARNINGS = 12  # in the summary; every one is in etl_issues


@dataclass
class RefreshResult:
    """What one refresh did, for the CLI summary, the dashboard and the scheduler."""

    run_id: int
    status: str
    documents_seen: int = 0
    documents_changed: int = 0
    documents_skipped: int = 0
    documents_removed: int = 0
    items_written: int = 0
    warnings: int = 0
    warning_messages: list[str] = field(default_factory=list)  # what the warnings and errors say
    message: str = ""
    duration_s: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def describe(self) -> str:
        lines = [
            f"Refresh {self.run_id} {self.status} in {self.duration_s:.2f} s",
            f"  documents: {self.documents_seen} seen, {self.documents_changed} changed, "
            f"{self.documents_skipped} skipped, {self.documents_removed} removed",
            f"  items written: {self.items_written}",
            f"  warnings: {self.warnings}",
        ]
        shown = self.warning_messages[:_SHOWN_WARNINGS]
        lines += [f"    {message}" for message in shown]
        if len(self.warning_messages) > len(shown):
            more = len(self.warning_messages) - len(shown)
            lines.append(f"    … and {more} more (Sources & runs, etl_issues)")
        if self.message:
            lines.append(f"  {self.message}")
        inbox = {outcome: len(names) for outcome, names in self.extra.get("inbox", {}).items() if names}
        if inbox:
            lines.append("  inbox: " + ", ".join(f"{count} {outcome}" for outcome, count in inbox.items()))
        return "\n".join(lines)


@dataclass
class Issue:
    level: str
    doc_id: str | None
    message: str


@dataclass
class ReadDocument:
    """A changed document with its items and tags, ready to load."""

    document: Document
    items: list[ItemRow]
    tags: list[TagRow]


def _upsert(conn: Connection, table: sa.Table, rows: list[dict[str, Any]], key: str) -> None:
    """Insert rows, updating those whose key exists (dialect-specific ON CONFLICT)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert  # type: ignore[assignment]
    statement = insert(table)
    updates = {c.name: statement.excluded[c.name] for c in table.columns if c.name != key}
    conn.execute(statement.on_conflict_do_update(index_elements=[key], set_=updates), rows)


def _reference_rows(ref: Reference) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    actors = [
        {"actor_id": a.actor_id, "name": a.name, "kind": a.kind, "country_iso3": a.country_iso3}
        for a in ref.actors.values()
    ]
    measures = [
        {
            "measure_id": m.measure_id,
            "regime": m.regime,
            "instrument": m.instrument,
            "provision": m.provision,
            "adopted_on": m.adopted_on,
            "in_force_from": m.in_force_from,
            "in_force_to": m.in_force_to,
            "summary": m.summary,
            "source_url": m.source_url,
            "provision_confidence": m.provision_confidence,
        }
        for m in ref.measures
    ]
    return actors, measures


def read_document(
    source: SourceFile, sources_dir: Path, ref: Reference, issues: list[Issue]
) -> ReadDocument | None:
    """Parse, extract, normalise and tag one document; record why when it cannot be used."""
    try:
        document = parse(source, sources_dir.parent)
    except DocumentError as exc:
        issues.append(Issue("error", source.doc_id, f"{source.path.name}: skipped, {exc}"))
        return None
    return extract_document(document, source.path.name, ref, issues)


def extract_document(
    document: Document, label: str, ref: Reference, issues: list[Issue]
) -> ReadDocument | None:
    """Extract, normalise and tag a parsed document (from the folder, a feed or an upload)."""
    if document.published_on is None:
        issues.append(
            Issue(
                "warning",
                document.doc_id,
                f"{label}: no publication date; relative dates in it stay unresolved",
            )
        )
    # The extractor is imported here, not at the top: a refresh with nothing changed never needs it.
    from etl.extract.candidates import extract_items
    from etl.extract.normalise import normalise_document
    from etl.extract.tagging import tag_items

    try:
        candidates = extract_items(document.text, document.published_on, ref, document.publisher)
        items = normalise_document(candidates, document.doc_id, document.published_on, ref)
        tags = tag_items(items, ref)
    except Exception as exc:  # one bad document must not stop the run; the issue names it
        log.exception("extract.failed", doc_id=document.doc_id)
        issues.append(
            Issue("error", document.doc_id, f"{label}: extraction failed, {type(exc).__name__}: {exc}")
        )
        return None
    low = sum(1 for item in items if item["confidence"] < 0.5)
    if low:
        issues.append(Issue("info", document.doc_id, f"{label}: {low} low-confidence candidate(s) kept"))
    return ReadDocument(document, items, tags)


def _read_one(
    source: SourceFile, sources_dir: Path, ref: Reference
) -> tuple[ReadDocument | None, list[Issue]]:
    issues: list[Issue] = []
    return read_document(source, sources_dir, ref, issues), issues


# Below this many changed documents a process pool costs more to start than it saves.
_PARALLEL_THRESHOLD = 200


def _read_all(
    changed: list[SourceFile], sources_dir: Path, ref: Reference
) -> Iterator[tuple[ReadDocument | None, list[Issue]]]:
    """Read changed documents in order, on every core when there are many of them."""
    workers = os.cpu_count() or 1
    if len(changed) < _PARALLEL_THRESHOLD or workers < 2:
        yield from (_read_one(source, sources_dir, ref) for source in changed)
        return
    from etl.extract.pool import START_METHOD, parallel_map  # multiprocessing: only when it is used

    log.info("extract.pool", workers=workers, start_method=START_METHOD, documents=len(changed))
    yield from parallel_map(partial(_read_one, sources_dir=sources_dir, ref=ref), changed, workers, 25)


def _stored_versions(conn: Connection) -> dict[str, tuple[str, str]]:
    # Only the sources folder's documents: those from the web or an upload stay when no file names them.
    rows = conn.execute(
        sa.select(store.documents.c.doc_id, store.documents.c.sha256, store.documents.c.extracted_with).where(
            store.documents.c.origin.is_(None)
        )
    )
    return {r.doc_id: (r.sha256, r.extracted_with) for r in rows}


def _load(conn: Connection, ref: Reference, read: list[ReadDocument], removed: list[str]) -> int:
    """Replace the changed documents' rows and delete removed ones; returns items written."""
    actors, measures = _reference_rows(ref)
    _upsert(conn, store.actors, actors, "actor_id")
    _upsert(conn, store.measures, measures, "measure_id")
    replaced = [r.document.doc_id for r in read] + removed
    for chunk_start in range(0, len(replaced), 500):
        chunk = replaced[chunk_start : chunk_start + 500]
        item_ids = sa.select(store.items.c.item_id).where(store.items.c.doc_id.in_(chunk))
        conn.execute(sa.delete(store.item_measures).where(store.item_measures.c.item_id.in_(item_ids)))
        conn.execute(sa.delete(store.items).where(store.items.c.doc_id.in_(chunk)))
        conn.execute(sa.delete(store.documents).where(store.documents.c.doc_id.in_(chunk)))
    documents = [{**r.document.__dict__, "extracted_with": ref.fingerprint} for r in read]
    items = [dict(item) for r in read for item in r.items]
    tags = [dict(tag) for r in read for tag in r.tags]
    for table, rows in ((store.documents, documents), (store.items, items), (store.item_measures, tags)):
        if rows:
            conn.execute(table.insert(), rows)
    # Reviews on these documents follow their quotes to the new items; the ledger itself is only read.
    from etl.review.rebuild import rebuild_review_state, subjects_of_documents  # with the extractor

    rebuild_review_state(conn, ref, subjects_of_documents(conn, replaced))
    return len(items)


def _removals(
    engine: Engine,
    settings: Settings,
    stored: list[str],
    sources: list[SourceFile],
    allowed: bool,
    issues: list[Issue],
) -> tuple[list[str], set[str]]:
    """The folder's documents whose file is gone and those stored from a feed's own address (both
    removed), and the latter alone; stops before removing most of the store unless allowed."""
    from etl.feeds.collect import feed_pages_stored

    removed = sorted(set(stored) - {s.doc_id for s in sources if not s.refused})
    feed_pages, web_stored = feed_pages_stored(settings, engine)
    gone = [page.doc_id for page in feed_pages]
    check_removals(removed, len(stored), settings.sources_dir, allowed, (gone, web_stored))
    issues += [Issue("info", page.doc_id, page.message) for page in feed_pages]
    return removed + gone, set(gone)


def _web_documents(
    engine: Engine, settings: Settings, fingerprint: str, issues: list[Issue]
) -> list[Document]:
    """New and changed documents from the feeds in MONITOR_FEEDS (etl/feeds), within the fetch budget."""
    from etl.feeds.collect import collect_web_documents

    return collect_web_documents(
        settings,
        engine,
        fingerprint,
        lambda level, doc_id, message: issues.append(Issue(level, doc_id, message)),
    )


def _start_run(engine: Engine, trigger: str) -> int:
    with store.write_transaction(engine) as conn:
        # A run left "running" belongs to a process that died: the lock we now hold proves it.
        conn.execute(
            sa.update(store.etl_runs)
            .where(store.etl_runs.c.status == "running")
            .values(
                status="failed", finished_at=store.utcnow(), message="interrupted: the process ended mid-run"
            )
        )
        run_id = conn.execute(
            sa.insert(store.etl_runs)
            .values(
                trigger=trigger,
                started_at=store.utcnow(),
                status="running",
                host=store.this_host(),
                pid=os.getpid(),
            )
            .returning(store.etl_runs.c.run_id)
        ).scalar_one()
        return int(run_id)


def _finish_run(conn: Connection, result: RefreshResult, issues: list[Issue]) -> None:
    conn.execute(
        sa.update(store.etl_runs)
        .where(store.etl_runs.c.run_id == result.run_id)
        .values(
            status=result.status,
            finished_at=store.utcnow(),
            documents_seen=result.documents_seen,
            documents_changed=result.documents_changed,
            documents_skipped=result.documents_skipped,
            items_written=result.items_written,
            warnings=result.warnings,
            message=result.message or None,
        )
    )
    if issues:
        conn.execute(
            store.etl_issues.insert(),
            [
                {"run_id": result.run_id, "level": i.level, "doc_id": i.doc_id, "message": i.message}
                for i in issues
            ],
        )


def _record_failure(engine: Engine, result: RefreshResult, issues: list[Issue]) -> None:
    try:
        with store.write_transaction(engine) as conn:
            _finish_run(conn, result, issues)
    except MonitorError:
        log.error("run.record_failed", run_id=result.run_id)  # the store itself is unwritable


def _ingest_inbox(engine: Engine, settings: Settings, result: RefreshResult) -> None:
    """After the load committed: store indicator CSVs dropped into the inbox (their own transactions)."""
    from etl.indicators.inbox import ingest_inbox

    try:
        inbox = ingest_inbox(engine, settings, run_id=result.run_id)
    except Exception:  # the refresh is committed; an inbox bug must not turn it into a failure
        log.exception("inbox.crashed")
        return
    result.extra["inbox"] = inbox.as_dict()


def run_refresh(settings: Settings, trigger: str = "manual", allow_removals: bool = False) -> RefreshResult:
    """Refresh the store from the sources folder; raises RefreshLocked, ConfigError or StoreError.

    A refresh that would remove more than half of the stored documents stops (a failed run saying what
    it would remove) unless allow_removals.
    """
    began = time.perf_counter()
    if not settings.sources_dir.is_dir():
        raise ConfigError(f"Sources folder {settings.sources_dir} does not exist (set MONITOR_SOURCES_DIR).")
    if not settings.reference_dir.is_dir():
        raise ConfigError(f"Reference folder {settings.reference_dir} does not exist.")
    engine = store.make_engine(settings)
    try:
        store.ensure_schema(engine)
        with store.refresh_lock(engine, settings):
            return _locked_refresh(engine, settings, trigger, began, allow_removals)
    finally:
        bind_run_id(None)
        engine.dispose()


def _describe_failure(exc: Exception) -> str:
    if isinstance(exc, MonitorError):
        return str(exc)
    if isinstance(exc, sa.exc.SQLAlchemyError | OSError):
        return store.describe_db_error(exc)
    log.exception("refresh.crashed")  # a bug: the traceback goes to the log, the user gets one line
    return f"internal error ({type(exc).__name__}: {exc}); the log has the details"


def _reference_if_needed(settings: Settings, needed: bool, issues: list[Issue]) -> Reference | None:
    """The compiled lexicons, only when there is something to extract or remove: a refresh with nothing
    changed neither imports the extractor nor compiles its word lists."""
    if not needed:
        return None
    from etl.extract.reference import load_reference

    ref = load_reference(settings.reference_dir)
    # A lookup in the reference data that nothing reads: whoever edited it expects an effect. (An edit
    # changes the fingerprint, so every document is read again and this check runs.)
    issues += [Issue("warning", None, f"reference data: '{key}' is read by nothing") for key in ref.unread]
    return ref


def _locked_refresh(
    engine: Engine, settings: Settings, trigger: str, began: float, allow_removals: bool
) -> RefreshResult:
    run_id = _start_run(engine, trigger)
    bind_run_id(run_id)
    log.info("refresh.started", trigger=trigger, sources=str(settings.sources_dir))
    result = RefreshResult(run_id=run_id, status="running")
    issues: list[Issue] = []
    try:
        sources = discover(settings.sources_dir)
        with engine.connect() as conn:
            stored = _stored_versions(conn)
        fingerprint = reference_fingerprint(settings.reference_dir)
        changed = [s for s in sources if stored.get(s.doc_id) != (s.sha256, fingerprint)]
        removed, gone = _removals(engine, settings, list(stored), sources, allow_removals, issues)
        web = [d for d in _web_documents(engine, settings, fingerprint, issues) if d.doc_id not in gone]
        ref = _reference_if_needed(settings, bool(changed or removed or web), issues)
        read: list[ReadDocument] = []
        for index, (document, doc_issues) in enumerate(
            _read_all(changed, settings.sources_dir, ref) if ref else iter(()), start=1
        ):
            issues += doc_issues
            if document is not None:
                read.append(document)
            if index % 50 == 0 or index == len(changed):
                log.info("progress", stage="extract", done=index, total=len(changed))
        if ref is not None:
            read += [r for d in web if (r := extract_document(d, d.url or d.doc_id, ref, issues)) is not None]
        result.documents_seen = len(sources) + len(web)
        result.documents_changed = len(read)
        result.documents_skipped = len(changed) + len(web) - len(read)
        result.documents_removed = len(removed)
        result.warning_messages = [i.message for i in issues if i.level in ("warning", "error")]
        result.warnings = len(result.warning_messages)
        result.status = "succeeded"
        with store.write_transaction(engine) as conn:
            if ref is not None and (read or removed):
                log.info("progress", stage="load", done=0, total=1)
                result.items_written = _load(conn, ref, read, removed)
            result.duration_s = round(time.perf_counter() - began, 3)
            _finish_run(conn, result, issues)
    except Exception as exc:  # whatever went wrong, the run is recorded as failed, with one line why
        message = _describe_failure(exc)
        result.status, result.message = "failed", f"refresh failed: {message}"
        result.duration_s = round(time.perf_counter() - began, 3)
        log.error("refresh.failed", error=message)
        _record_failure(engine, result, issues)
        return result
    _ingest_inbox(engine, settings, result)
    log.info(
        "refresh.finished",
        status=result.status,
        items_written=result.items_written,
        documents_changed=result.documents_changed,
        duration_s=result.duration_s,
    )
    return result
