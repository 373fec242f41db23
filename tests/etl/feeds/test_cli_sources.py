"""`python -m etl sources add | list`: a document added by hand, its items at once, bad input refused."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from pytest_httpserver import HTTPServer
from sqlalchemy.engine import Engine
from typer.testing import CliRunner

from etl import store
from etl.cli.app import app
from etl.pipeline import run_refresh
from etl.settings import Settings
from tests.etl.feeds.conftest import ARTICLE_PATH, FEED_FIXTURES, fixture_bytes

runner = CliRunner()
PDF = FEED_FIXTURES / "state_designation_mkrtychev.pdf"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["sources", *args])
    return result.exit_code, result.stdout, result.stderr


def _documents(engine: Engine) -> list[sa.Row]:
    with engine.connect() as conn:
        return list(conn.execute(sa.select(store.documents).where(store.documents.c.origin == "upload")))


def test_a_pdf_is_added_with_its_metadata_and_its_items_at_once(settings: Settings, engine: Engine) -> None:
    code, out, _ = run("add", str(PDF), "--publisher", "U.S. Department of State")
    assert code == 0, out
    assert "Designation of Facilitator Pursuing DPRK Arms Deal" in out
    [document] = _documents(engine)
    assert document.publisher == "U.S. Department of State"
    assert document.published_on.isoformat() == "2023-03-30"  # read from the PDF's metadata
    assert document.author == "Antony J. Blinken, Secretary of State"
    assert (settings.raw_dir / document.raw_sha256).read_bytes() == PDF.read_bytes()
    with engine.connect() as conn:
        items = list(conn.execute(sa.select(store.items).where(store.items.c.doc_id == document.doc_id)))
    assert items
    assert all(document.text[i.char_start : i.char_end] == i.quote for i in items)
    # The same file again is recognised and not stored twice.
    code, out, _ = run("add", str(PDF))
    assert code == 0 and f"already stored as {document.doc_id}" in out
    # A refresh keeps it: no file in the sources folder names it, but it was never one of theirs.
    assert run_refresh(settings).status == "succeeded"
    assert len(_documents(engine)) == 1


def test_corrections_win_over_what_the_document_says(settings: Settings, engine: Engine) -> None:
    code, _, _ = run("add", str(PDF), "--title", "Mkrtychev designation", "--published", "2023-03-31")
    assert code == 0
    [document] = _documents(engine)
    assert (document.title, document.published_on.isoformat()) == ("Mkrtychev designation", "2023-03-31")


def test_bad_input_is_one_line_naming_the_file_and_stores_nothing(
    settings: Settings, engine: Engine, tmp_path: Path
) -> None:
    cases = {
        str(FEED_FIXTURES / "scanned_statement.pdf"): (65, "no text layer"),
        str(tmp_path / "broken.pdf"): (65, "not a readable PDF"),
        str(tmp_path / "photo.png"): (65, "accepted are HTML, PDF, DOCX, TXT and Markdown"),
        str(tmp_path / "huge.pdf"): (65, "21.0 MB is over the upload cap of 20 MB"),
        str(tmp_path / "empty.txt"): (65, "the document has no text"),
        str(tmp_path / "missing.docx"): (1, "no such file"),
        str(tmp_path): (1, "is a folder; give one file"),
        "ftp://example.org/report.pdf": (1, "only http:// and https:// addresses can be fetched"),
    }
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "empty.txt").write_bytes(b"\n")
    with (tmp_path / "huge.pdf").open("wb") as huge:  # sparse: 21 MB on paper, nothing on disk
        huge.truncate(21 * 2**20)
    for source, (exit_code, reason) in cases.items():
        code, _, err = run("add", source)
        assert code == exit_code, err
        [line] = [x for x in err.splitlines() if x.startswith("error:")]
        assert source in line and reason in line
    assert _documents(engine) == []
    assert not settings.raw_dir.exists() or not any(settings.raw_dir.iterdir())  # no raw copy either
    code, _, err = run("add", str(PDF), "--published", "30/03/2023")
    assert code == 2 and "YYYY-MM-DD" in err


def test_a_url_is_fetched_and_the_same_article_from_a_feed_is_the_same_document(
    settings: Settings, engine: Engine, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request(ARTICLE_PATH).respond_with_data(
        fixture_bytes("state_designation_mkrtychev.html"), content_type="text/html; charset=utf-8"
    )
    code, out, _ = run("add", httpserver.url_for(ARTICLE_PATH) + "?utm_source=email")
    assert code == 0, out
    [document] = _documents(engine)
    assert document.url == httpserver.url_for(ARTICLE_PATH)
    # The saved page uploaded as a file has the same text: one document.
    page = settings.data_dir / "saved.html"
    page.write_bytes(fixture_bytes("state_designation_mkrtychev.html"))
    code, out, _ = run("add", str(page))
    assert code == 0 and "already stored" in out
    code, out, _ = run("add", "http://127.0.0.1:9/nothing-listens-here")
    assert code == 1


def test_list_shows_every_source_with_its_last_fetch(settings: Settings, engine: Engine) -> None:
    run("add", str(PDF))
    run_refresh(settings)
    code, out, _ = run("list", "--json")
    assert code == 0
    rows = json.loads(out)
    kinds = {row["kind"] for row in rows}
    assert {"upload", "file"} <= kinds
    assert sum(1 for row in rows if row["kind"] == "file") == 21
    code, out, _ = run("list")
    [upload] = [row for row in rows if row["kind"] == "upload"]
    lines = out.splitlines()
    [at] = [n for n, line in enumerate(lines) if line.startswith(upload["source"] + " ")]
    assert "upload" in lines[at] and "stored" in lines[at]
    assert lines[at + 1].strip() == "Designation of Facilitator Pursuing DPRK Arms Deal"  # its title


def test_a_document_added_while_a_refresh_runs_waits_for_it_exit_75(
    backend_settings: Settings, backend_engine: Engine
) -> None:
    with store.refresh_lock(backend_engine, backend_settings):
        code, _, err = run("add", str(PDF))
    assert code == 75 and "A refresh is already running" in err
    assert _documents(backend_engine) == []
    code, out, _ = run("add", str(PDF))  # the lock released: stored now
    assert code == 0 and out.startswith("Added upload-")
