"""Hostile and careless source folders: each bad file is skipped with an issue, the rest loads.

Covers front matter bombs, vanished and unreadable files, oversize documents, byte-order marks, NUL
bytes, links out of the folder and an emptied folder, on both storage backends where the store is hit.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import Engine

from etl import sources, store
from etl.pipeline import run_refresh
from etl.settings import PROJECT_ROOT, Settings
from etl.sources import DocumentError, discover, parse

NOTE = "---\ntitle: {title}\npublisher: Test desk\npublished: 2024-03-01\nkind: analyst_note\n---\n{body}\n"
BODY = "Pyongyang shipped shells to Moscow."
NESTED = "---\ntitle: deep\nx: " + "[" * 5000 + "]" * 5000 + "\n---\n" + BODY
LAUGHS = (
    "---\ntitle: laughs\na: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(8))
    + "---\n"
    + BODY
)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "sources"
    path.mkdir()
    (path / "good.md").write_text(NOTE.format(title="Good", body=BODY))
    return path


def refresh_in(settings: Settings, folder: Path, **options: bool) -> tuple[object, list[str]]:
    """Refresh from folder; returns the result and the messages of its issues."""
    import dataclasses

    result = run_refresh(dataclasses.replace(settings, sources_dir=folder), **options)
    engine = store.make_engine(settings)
    with engine.connect() as conn:
        messages = list(
            conn.execute(
                sa.select(store.etl_issues.c.message).where(store.etl_issues.c.run_id == result.run_id)
            ).scalars()
        )
    engine.dispose()
    return result, messages


def stored_docs(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(sa.select(store.documents.c.doc_id)).scalars())


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (NESTED, "nested deeper than 16 levels"),
        (LAUGHS, "more than 16 aliases"),
        ("---\ntitle: [a, b]\n---\n" + BODY, "field 'title' must be text, not a list"),
        ("---\ntitle: x\npublisher: {a: 1}\n---\n" + BODY, "field 'publisher' must be text, not a dict"),
        ("---\ntitle: x\npublished: [2024]\n---\n" + BODY, "'published' is not an ISO date"),
        ("---\n- just\n- a list\n---\n" + BODY, "must be a set of 'field: value' lines"),
        ("---\ntitle: x\nkind: [article]\n---\n" + BODY, "field 'kind' must be text"),
        ("---\ntitle: x\n---\nNUL \x00 inside", "contains a NUL byte"),
        ("---\ntitle: " + "x" * 70_000 + "\n---\n" + BODY, "over the limit of 65,536"),
    ],
)
def test_front_matter_out_of_bounds_or_of_the_wrong_type_is_refused_quickly(
    folder: Path, content: str, reason: str
) -> None:
    (folder / "bad.md").write_text(content)
    bad = next(s for s in discover(folder) if s.doc_id == "bad")
    began = time.perf_counter()
    with pytest.raises(DocumentError, match=reason):
        parse(bad, folder)
    assert time.perf_counter() - began < 5  # a bound, not a benchmark: the bomb used to run 80 s


def test_a_byte_order_mark_does_not_hide_the_front_matter(folder: Path) -> None:
    (folder / "bom.md").write_bytes(b"\xef\xbb\xbf" + NOTE.format(title="With BOM", body=BODY).encode())
    doc = parse(next(s for s in discover(folder) if s.doc_id == "bom"), folder)
    assert (doc.title, doc.publisher, doc.text) == ("With BOM", "Test desk", BODY)


def test_a_front_matter_datetime_is_stored_as_its_date(folder: Path) -> None:
    (folder / "dt.md").write_text("---\ntitle: x\npublished: 2024-03-01 10:30:00\n---\n" + BODY)
    doc = parse(next(s for s in discover(folder) if s.doc_id == "dt"), folder)
    assert str(doc.published_on) == "2024-03-01"


def test_bombs_nul_bytes_and_oversize_files_are_skipped_and_the_rest_loads(
    backend_settings: Settings, backend_engine: Engine, folder: Path
) -> None:
    (folder / "deep.md").write_text(NESTED)
    (folder / "laughs.md").write_text(LAUGHS)
    (folder / "nul.md").write_bytes(NOTE.format(title="x", body="a\x00b" + BODY).encode())
    (folder / "huge.md").write_bytes(b"x" * (sources.MAX_DOCUMENT_BYTES + 1))
    result, messages = refresh_in(backend_settings, folder)
    assert (result.status, result.documents_changed, result.documents_skipped) == ("succeeded", 1, 4)
    assert stored_docs(backend_engine) == {"good"}
    joined = " | ".join(messages)
    for expected in (
        "deep.md: skipped, broken front matter at line 3, column 19: nested deeper",
        "laughs.md: skipped, broken front matter at line",
        "nul.md: skipped, contains a NUL byte",
        "huge.md: skipped, larger than the 4 MB limit",
    ):
        assert expected in joined


def test_a_vanished_or_unreadable_file_is_skipped_and_keeps_its_stored_version(
    backend_settings: Settings, backend_engine: Engine, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "other.md").write_text(NOTE.format(title="Other", body=BODY))
    assert refresh_in(backend_settings, folder)[0].status == "succeeded"
    (folder / "other.md").write_text(NOTE.format(title="Other, edited", body=BODY))
    (folder / "gone.md").symlink_to(folder / "deleted-meanwhile.md")
    real_open = Path.open

    def refusing_open(path: Path, *args: object, **kwargs: object) -> object:
        if path.name == "other.md":
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", refusing_open)
    result, messages = refresh_in(backend_settings, folder)
    assert (result.status, result.documents_skipped, result.documents_removed) == ("succeeded", 2, 0)
    assert "other.md: skipped, cannot be read (Permission denied)" in messages
    assert "gone.md: skipped, the file disappeared before it could be read" in messages
    assert stored_docs(backend_engine) == {"good", "other"}


def test_a_link_out_of_the_folder_is_refused_and_its_content_never_shown(
    backend_settings: Settings, backend_engine: Engine, folder: Path, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:SECRET-HASH:19000:0:99999:7:::\n")
    (folder / "passwd.md").symlink_to(secret)
    (folder / "inside.md").symlink_to(folder / "good.md")  # a link within the folder is fine
    result, messages = refresh_in(backend_settings, folder)
    assert result.status == "succeeded"
    assert "passwd.md: skipped, a link to a file outside the sources folder; refused" in messages
    assert stored_docs(backend_engine) == {"good", "inside"}
    with backend_engine.connect() as conn:
        texts = " ".join(str(v) for row in conn.execute(sa.select(store.etl_issues)) for v in row)
        texts += " ".join(str(v) for row in conn.execute(sa.select(store.documents)) for v in row)
    assert "SECRET" not in texts


def test_an_emptied_sources_folder_stops_the_refresh_and_says_what_it_would_remove(
    backend_settings: Settings, backend_engine: Engine, folder: Path
) -> None:
    for index in range(7):
        (folder / f"note-{index}.md").write_text(NOTE.format(title=f"n{index}", body=BODY))
    assert refresh_in(backend_settings, folder)[0].status == "succeeded"
    before = stored_docs(backend_engine)
    for path in folder.iterdir():
        path.unlink()  # as an unmounted share looks
    result, _ = refresh_in(backend_settings, folder)
    assert result.status == "failed"
    assert "8 of the 8 stored documents are not in the sources folder" in result.message
    assert "good, note-0, note-1, note-2, note-3 and 3 more" in result.message
    assert "--allow-removals" in result.message
    assert stored_docs(backend_engine) == before
    allowed, _ = refresh_in(backend_settings, folder, allow_removals=True)
    assert (allowed.status, allowed.documents_removed) == ("succeeded", 8)
    assert stored_docs(backend_engine) == set()


def test_removing_a_few_documents_needs_no_permission(
    backend_settings: Settings, backend_engine: Engine, folder: Path
) -> None:
    (folder / "two.md").write_text(NOTE.format(title="Two", body=BODY))
    (folder / "three.md").write_text(NOTE.format(title="Three", body=BODY))
    refresh_in(backend_settings, folder)
    (folder / "three.md").unlink()
    result, _ = refresh_in(backend_settings, folder)
    assert (result.status, result.documents_removed) == ("succeeded", 1)


def test_the_cli_refuses_mass_removal_in_one_line_and_allows_it_when_told(
    settings: Settings, folder: Path
) -> None:
    env = {**os.environ, "MONITOR_SOURCES_DIR": str(folder)}
    command = [sys.executable, "-m", "etl", "refresh"]
    assert subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True).returncode == 0
    (folder / "good.md").unlink()
    stopped = subprocess.run(command, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
    assert stopped.returncode == 1 and "Traceback" not in stopped.stderr
    assert "1 of the 1 stored documents are not in the sources folder" in stopped.stdout
    allowed = subprocess.run(
        [*command, "--allow-removals"], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True
    )
    assert allowed.returncode == 0 and "1 removed" in allowed.stdout
