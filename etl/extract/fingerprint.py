"""Which extractor and which reference data produced a document's items, as one cheap hash.

Kept apart from the reference loader so that a refresh with nothing changed can compare fingerprints
without importing or compiling the extractor's lexicons.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

REFERENCE_FILES = ("actors.yml", "goods.yml", "cues.yml", "measures.yml", "dates.yml", "summaries.yml")
# Bump when extraction logic changes in a way that should re-extract unchanged documents.
EXTRACTOR_VERSION = "169"


def read_reference_files(reference_dir: Path) -> dict[str, bytes]:
    """The bytes of each reference file present in the folder, by file name."""
    return {
        name: (reference_dir / name).read_bytes()
        for name in REFERENCE_FILES
        if (reference_dir / name).exists()
    }


def fingerprint_of(raw: dict[str, bytes]) -> str:
    """The fingerprint of reference files already read (see read_reference_files)."""
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for data in raw.values():
        digest.update(data)
    return digest.hexdigest()


def reference_fingerprint(reference_dir: Path) -> str:
    """The fingerprint of the reference folder as it is now."""
    return fingerprint_of(read_reference_files(reference_dir))
