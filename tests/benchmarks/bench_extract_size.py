"""Extraction cost per megabyte for one document of 1, 4 and 16 MB: it should stay flat (linear cost).

The documents are synthetic, made by repeating the real sentences of the bundled sources (their
paragraphs in turn) up to the size; they are labelled as such here and never stored. Prints seconds per
MB for each size and the ratio to the 1 MB figure measured in the same run; it does not pass or fail on
time. CPU time is printed beside wall-clock time, which depends on what else the machine runs.
Run with `make bench` or `python -m pytest tests/benchmarks/bench_extract_size.py -s`.
"""

from __future__ import annotations

import time
from datetime import date

import frontmatter
import pytest

from etl.extract.candidates import extract_items
from etl.extract.normalise import normalise_document
from etl.extract.reference import load_reference
from etl.extract.tagging import tag_items
from etl.settings import PROJECT_ROOT

SOURCES = PROJECT_ROOT / "datasets" / "sources"
SIZES_MB = (1, 4, 16)
PUBLISHED = date(2024, 6, 21)


def synthetic_document(megabytes: int) -> str:
    """The bundled sources' paragraphs, repeated in order until the text is that many megabytes."""
    paragraphs = [
        p
        for path in sorted(SOURCES.glob("*.md"))
        if path.stem.lower() != "readme"
        for p in frontmatter.load(path).content.split("\n\n")
        if p.strip()
    ]
    size, parts, index = megabytes * 1_000_000, [], 0
    total = 0
    while total < size:
        paragraph = paragraphs[index % len(paragraphs)]
        parts.append(paragraph)
        total += len(paragraph) + 2
        index += 1
    return "\n\n".join(parts)


@pytest.mark.timeout(0)  # 16 MB on a busy machine may take longer than the suite's per-test limit
def test_extraction_cost_per_megabyte_stays_flat() -> None:
    ref = load_reference(PROJECT_ROOT / "datasets" / "reference")
    per_mb: dict[int, float] = {}
    for megabytes in SIZES_MB:
        text = synthetic_document(megabytes)
        began, cpu = time.perf_counter(), time.process_time()
        rows = normalise_document(extract_items(text, PUBLISHED, ref), "synthetic", PUBLISHED, ref)
        tag_items(rows, ref)
        size = len(text) / 1_000_000
        wall = (time.perf_counter() - began) / size
        per_mb[megabytes] = (time.process_time() - cpu) / size
        print(
            f"\n{megabytes:>3} MB synthetic document: {per_mb[megabytes]:.2f} s/MB of CPU time, "
            f"{wall:.2f} s/MB wall clock ({len(rows)} items)"
        )
    for megabytes in SIZES_MB[1:]:
        print(f"{megabytes} MB vs 1 MB, CPU seconds per MB: {per_mb[megabytes] / per_mb[1]:.2f}x")
