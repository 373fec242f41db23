"""Source discovery and parsing: front matter, hashing, and the reasons a file is skipped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from etl.sources import DocumentError, discover, parse


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def test_front_matter_becomes_metadata_and_body_is_the_text(tmp_path: Path) -> None:
    write(
        tmp_path,
        "note.md",
        "---\ntitle: A note\npublisher: KCNA\npublished: 2024-02-20\nkind: analyst_note\n---\n"
        "Pyongyang received a car.\n",
    )
    [source] = discover(tmp_path)
    doc = parse(source, tmp_path)
    assert (doc.doc_id, doc.title, doc.publisher, doc.kind) == ("note", "A note", "KCNA", "analyst_note")
    assert doc.published_on == date(2024, 2, 20)
    assert doc.text == "Pyongyang received a car."
    assert len(doc.sha256) == 64


def test_readme_files_are_not_sources(tmp_path: Path) -> None:
    write(tmp_path, "README.md", "# About this folder\n")
    write(tmp_path, "a.md", "---\ntitle: a\n---\ntext")
    assert [s.doc_id for s in discover(tmp_path)] == ["a"]


def test_subfolders_are_read_in_path_order_but_linked_folders_and_hidden_files_are_not(
    tmp_path: Path,
) -> None:
    sources, elsewhere = tmp_path / "sources", tmp_path / "elsewhere"
    for folder in (sources / "un" / "2024", sources / "un-archive", elsewhere):
        folder.mkdir(parents=True)
    note = "---\ntitle: a\n---\ntext"
    for path in ("un/2024/b.md", "un/a.txt", "un-archive/c.markdown", "z.md", ".draft.md", "un/notes.csv"):
        write(sources, path, note)
    write(elsewhere, "outside.md", note)
    (sources / "linked").symlink_to(elsewhere, target_is_directory=True)
    ids = [s.doc_id for s in discover(sources)]
    assert ids == ["un--2024--b", "un--a", "un-archive--c", "z"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"---\ntitle: [unclosed\n---\ntext", "broken front matter at line"),
        (b"---\ntitle: empty\n---\n   \n", "no text"),
        ("---\ntitle: x\n---\nCaf\xe9 in Pyongyang".encode("latin-1"), "not UTF-8"),
        (b"---\ntitle: x\npublished: 21 June 2024\n---\ntext", "not an ISO date"),
        (b"---\ntitle: x\nkind: rumour\n---\ntext", "'kind' must be one of"),
    ],
)
def test_unusable_documents_say_why(tmp_path: Path, content: bytes, reason: str) -> None:
    write(tmp_path, "bad.md", content)
    [source] = discover(tmp_path)
    with pytest.raises(DocumentError, match=reason):
        parse(source, tmp_path)


def test_the_seed_article_ships_with_its_metadata() -> None:
    sources = Path(__file__).parents[2] / "datasets" / "sources"
    seed = next(s for s in discover(sources) if s.doc_id == "chatham-house-kim-putin-partnership-2024-06")
    doc = parse(seed, sources)
    assert doc.publisher == "Chatham House"
    assert (doc.published_on, doc.updated_on, doc.kind) == (date(2024, 6, 21), date(2024, 6, 27), "article")
    assert "Aurus limousine" in doc.text
