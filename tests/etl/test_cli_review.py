"""`python -m etl review …`: decisions from scripts, one-line errors with exit 65, YAML exchange."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from etl import store
from etl.cli.app import app
from etl.pipeline import run_refresh
from etl.settings import PROJECT_ROOT, Settings, load_settings

runner = CliRunner()
NOTE = "note-2024-02-20-first-aurus-kim-yo-jong.md"
DOC = NOTE.removesuffix(".md")


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["review", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def aurus(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A store refreshed from one note; returns the id of its surest Aurus item (the note states the gift
    in more than one sentence)."""
    folder = tmp_path / "sources"
    folder.mkdir()
    shutil.copy(PROJECT_ROOT / "datasets" / "sources" / NOTE, folder / NOTE)
    monkeypatch.setenv("MONITOR_SOURCES_DIR", str(folder))
    monkeypatch.setenv("MONITOR_REVIEWER", "Desk analyst")
    run_refresh(load_settings())
    engine = store.make_engine(load_settings())
    with engine.connect() as conn:
        item_id = conn.execute(
            sa.select(store.items.c.item_id)
            .where(store.items.c.category == "luxury_goods_transfer")
            .order_by(store.items.c.confidence.desc(), store.items.c.char_start)
            .limit(1)
        ).scalar_one()
    engine.dispose()
    return str(item_id)


def test_accept_edit_and_list(aurus: str) -> None:
    assert run("accept", aurus, "--note", "checked against KCNA")[0] == 0
    code, out, _ = run("edit", aurus, "--set", "status=alleged", "--set", "quantity=1", "--by", "Kim")
    assert code == 0 and out.startswith(f"edited {aurus}")
    code, out, _ = run("list", "--json")
    entries = json.loads(out)
    assert [(e["verdict"], e["reviewer"]) for e in entries] == [
        ("accepted", "Desk analyst"),
        ("edited", "Kim"),
    ]
    assert entries[1]["changes"] == {"quantity": [None, 1.0], "status": ["reported", "alleged"]}
    code, out, _ = run("list")
    assert "status: reported → alleged" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("accept", "no-such-item"), "unknown item 'no-such-item'"),
        (("edit", "{item}", "--set", "colour=red"), "unknown field 'colour'"),
        (("edit", "{item}", "--set", "status=rumoured"), "unknown value 'rumoured' for status"),
        (("edit", "{item}", "--set", "status"), "is not FIELD=VALUE"),
        (("add", "no-such-doc", "--quote", "Aurus", "--category", "statement"), "unknown document"),
        (("add", DOC, "--quote", "a sentence it lacks", "--category", "statement"), "quote not found"),
        (("add", DOC, "--quote", "Aurus car", "--category", "gossip"), "unknown value 'gossip'"),
        (("add", DOC, "--quote", "Aurus car", "--category", "statement", "--from", "XXX"), "'XXX'"),
    ],
)
def test_bad_input_is_one_line_exit_65_and_nothing_stored(
    aurus: str, args: tuple[str, ...], message: str
) -> None:
    code, _, err = run(*(a.format(item=aurus) for a in args))
    assert code == 65
    assert err.startswith("error: ") and message in err and "Traceback" not in err
    assert json.loads(run("list", "--json")[1]) == []


def test_add_then_export_and_import_elsewhere(
    aurus: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(
        "add", DOC, "--quote", "the first Aurus known", "--category", "statement", "--from", "RUS"
    )
    assert code == 0 and out.startswith("added added-")
    path = tmp_path / "reviews.yaml"
    assert run("export", str(path)) == (0, f"Wrote 1 reviews to {path}\n", "") or path.exists()
    monkeypatch.setenv("MONITOR_DATA_DIR", str(tmp_path / "elsewhere"))
    run_refresh(load_settings())
    code, out, _ = run("import", str(path))
    assert code == 0 and "Imported 1 reviews" in out
    assert json.loads(run("list", "--json")[1])[0]["verdict"] == "added"
