"""Text from uploaded files is shown as written: Markdown in it never becomes a link or an image."""

from __future__ import annotations

from dashboard.ui import plain


def test_links_images_and_emphasis_are_escaped() -> None:
    shown = plain("![x](http://example.invalid/a.png) [click](http://example.invalid) **bold** _it_")
    for raw in ("![", "](", "**", " _it_"):
        assert raw not in shown
    assert (
        shown.replace("\\", "")
        == "![x](http://example.invalid/a.png) [click](http://example.invalid) **bold** _it_"
    )


def test_ordinary_names_read_unchanged() -> None:
    assert plain("containers_2024.csv").replace("\\", "") == "containers_2024.csv"
    assert plain("Stored containers.csv") == "Stored containers.csv"
