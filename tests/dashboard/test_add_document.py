"""Sources & runs → "Add document": an upload is read, corrected, stored, and its items show at once."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
import sqlalchemy as sa
from pytest_httpserver import HTTPServer
from sqlalchemy.engine import Engine
from streamlit.testing.v1 import AppTest

from etl import store
from tests.dashboard.conftest import texts
from tests.etl.feeds.conftest import fixture_bytes

OPEN = {"add_document": "true"}  # the panel open, as a click on it leaves the address


def test_the_panel_runs_only_when_opened(open_page: Callable[..., AppTest], filled_store: Engine) -> None:
    closed = open_page("sources")
    assert not closed.exception
    assert [e.label for e in closed.expander] == ["Add document"]
    assert not [u for u in closed.get("file_uploader")]
    assert [u.key for u in open_page("sources", OPEN).get("file_uploader")] == ["add_doc_file"]


def _upload(at: AppTest, name: str, mime: str) -> AppTest:
    at.file_uploader(key="add_doc_file").set_value((name, fixture_bytes(name), mime))
    return at.run()


def test_an_uploaded_pdf_is_read_corrected_and_stored_with_its_items(
    open_page: Callable[..., AppTest], filled_store: Engine
) -> None:
    at = _upload(open_page("sources", OPEN), "state_designation_mkrtychev.pdf", "application/pdf")
    assert not at.exception
    # What the document said, ready to correct.
    assert at.text_input(key="add_doc_title").value == "Designation of Facilitator Pursuing DPRK Arms Deal"
    assert str(at.date_input(key="add_doc_published").value) == "2023-03-30"
    at.text_input(key="add_doc_publisher").input("U.S. Department of State")
    at.text_input(key="add_doc_title").input("Mkrtychev designation")
    at.button(key="add_doc_store").click()
    at.run()
    assert not at.exception
    assert "Stored Mkrtychev designation" in texts(at)
    with filled_store.connect() as conn:
        document = conn.execute(sa.select(store.documents).where(store.documents.c.origin == "upload")).one()
        items = conn.execute(
            sa.select(sa.func.count()).select_from(store.items).where(store.items.c.doc_id == document.doc_id)
        ).scalar()
    assert (document.title, document.publisher) == ("Mkrtychev designation", "U.S. Department of State")
    assert items
    # The page already lists it, without waiting for a refresh.
    table = next(df for df in (el.value for el in at.dataframe) if "title" in df.columns)
    assert "Mkrtychev designation" in table["title"].tolist()


def test_a_scanned_pdf_is_refused_saying_why(open_page: Callable[..., AppTest], filled_store: Engine) -> None:
    at = _upload(open_page("sources", OPEN), "scanned_statement.pdf", "application/pdf")
    assert not at.exception
    assert any("no text layer" in e.value for e in at.error)
    assert all(b.key != "add_doc_store" for b in at.button)  # nothing to store


def test_read_only_mode_turns_the_panel_off(
    open_page: Callable[..., AppTest], filled_store: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MONITOR_READ_ONLY", "true")
    at = open_page("sources", OPEN)
    assert not at.exception
    assert any("read-only" in i.value for i in at.info)
    assert all(u.key != "add_doc_file" for u in at.get("file_uploader"))


@pytest.fixture
def site() -> Iterator[HTTPServer]:
    """A web server on 127.0.0.1 for this test only."""
    server = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def test_an_address_is_read_corrected_and_stored_with_its_items(
    open_page: Callable[..., AppTest], filled_store: Engine, site: HTTPServer
) -> None:
    httpserver = site
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/news/press-releases/jy1933").respond_with_data(
        fixture_bytes("treasury_release_sinbad.html"), content_type="text/html; charset=utf-8"
    )
    at = open_page("sources", OPEN)
    at.radio(key="add_doc_from").set_value("Address (URL)").run()
    at.text_input(key="add_doc_url").input(httpserver.url_for("/news/press-releases/jy1933")).run()
    at.button(key="add_doc_read").click().run()
    assert not at.exception
    # What the page said, ready to correct: its own title, publisher and date.
    title = "Treasury Sanctions Mixer Used by the DPRK to Launder Stolen Virtual Currency"
    assert at.text_input(key="add_doc_title").value == title
    assert at.text_input(key="add_doc_publisher").value == "U.S. Department of the Treasury"
    assert str(at.date_input(key="add_doc_published").value) == "2023-11-29"
    at.button(key="add_doc_store").click().run()
    assert not at.exception
    assert f"Stored {title}" in texts(at)
    with filled_store.connect() as conn:
        document = conn.execute(sa.select(store.documents).where(store.documents.c.origin == "upload")).one()
    assert document.url == httpserver.url_for("/news/press-releases/jy1933")
    assert "Lazarus Group" in document.text and "Privacy Policy" not in document.text


def test_an_unreachable_address_is_one_error_naming_it(
    open_page: Callable[..., AppTest], filled_store: Engine
) -> None:
    at = open_page("sources", OPEN)
    at.radio(key="add_doc_from").set_value("Address (URL)").run()
    at.text_input(key="add_doc_url").input("http://127.0.0.1:9/gone").run()
    at.button(key="add_doc_read").click().run()
    assert not at.exception
    [error] = [e.value.replace("\\", "") for e in at.error]  # as shown: Markdown escapes undone
    assert "http://127.0.0.1:9/gone" in error and "cannot connect" in error
    assert all(b.key != "add_doc_store" for b in at.button)
