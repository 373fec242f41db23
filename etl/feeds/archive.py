"""The raw bytes of every fetched response and uploaded file, kept under the data folder by sha256."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def keep_raw(raw_dir: Path, content: bytes) -> str:
    """Store content as raw_dir/<sha256> (once) and return the sha256."""
    digest = hashlib.sha256(content).hexdigest()
    target = raw_dir / digest
    if not target.exists():
        raw_dir.mkdir(parents=True, exist_ok=True)
        # Written beside the target and renamed, so a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=raw_dir, prefix=".incoming-")
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.replace(temporary, target)
    return digest


def read_raw(raw_dir: Path, digest: str | None) -> bytes | None:
    """The kept bytes for digest, or None when they are not (or no longer) there."""
    if not digest:
        return None
    path = raw_dir / digest
    return path.read_bytes() if path.is_file() else None
