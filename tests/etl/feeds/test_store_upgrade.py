"""A store made before feeds existed gets the new document columns on its next start."""

from __future__ import annotations

import sqlalchemy as sa

from etl import store
from etl.pipeline import run_refresh
from etl.settings import Settings


def test_an_older_store_gains_the_provenance_columns_and_keeps_its_rows(backend_settings: Settings) -> None:
    engine = store.make_engine(backend_settings)
    try:
        store.ensure_schema(engine)
        assert run_refresh(backend_settings).status == "succeeded"
        with (
            engine.begin() as conn
        ):  # the documents table as it was before: no origin, fetched_at, raw_sha256, author
            for column in ("origin", "fetched_at", "raw_sha256", "author"):
                conn.exec_driver_sql(f'ALTER TABLE documents DROP COLUMN "{column}"')
        store.ensure_schema(engine)
        with engine.connect() as conn:
            columns = {c["name"] for c in sa.inspect(conn).get_columns("documents")}
            count = conn.execute(sa.select(sa.func.count()).select_from(store.documents)).scalar()
        assert {"origin", "fetched_at", "raw_sha256", "author"} <= columns
        assert count == 21
        assert run_refresh(backend_settings).status == "succeeded"
    finally:
        engine.dispose()
