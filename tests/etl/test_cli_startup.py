"""What a quick command loads: `status` and a refresh with nothing changed leave the heavy libraries alone.

Their start-up time is what a user waits for on every call (tests/benchmarks/bench_cli.py measures it
against a bare-import baseline); what a command imports is what makes that time, and unlike a time it
can be checked exactly.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from etl.settings import PROJECT_ROOT, Settings

# Runs one command line in a fresh interpreter, then writes its exit code and every module it loaded.
_RUN = """
import json, sys
out, args = sys.argv[1], sys.argv[2:]
from etl.cli.app import main
sys.argv = ["etl", *args]
try:
    main()
except SystemExit as done:
    code = done.code
with open(out, "w") as f:
    json.dump({"code": code, "modules": sorted(sys.modules)}, f)
"""

# The indicator stack, the extractor, the web, the scheduler, the process pool, the other command
# groups, the rich-text libraries and filelock: none is needed to report status or to find nothing new.
NEVER = (
    "pandas",
    "pyarrow",
    "numpy",
    "clevercsv",
    "etl.extract.reference",
    "etl.extract.candidates",
    "etl.indicators.ingest",
    "httpx",
    "feedparser",
    "apscheduler",
    "multiprocessing",
    "frontmatter",
    "etl.cli.indicators",
    "etl.cli.review",
    "etl.cli.sources",
    "rich",
    "structlog",
    "filelock",  # the refresh lock is fcntl's where there is fcntl
)


def _loaded(tmp_path: Path, *args: str) -> dict[str, Any]:
    out = tmp_path / "loaded.json"
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(out), *args], cwd=PROJECT_ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-3000:]
    loaded: dict[str, Any] = json.loads(out.read_text())
    return loaded


def _heavy(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return [m for m in modules if any(m == name or m.startswith(name + ".") for name in names)]


def test_status_and_a_refresh_with_nothing_new_load_only_what_they_use(
    settings: Settings, tmp_path: Path
) -> None:
    assert _loaded(tmp_path, "refresh")["code"] == 0  # the first refresh reads every document
    again = _loaded(tmp_path, "refresh", "--json")
    assert again["code"] == 0
    assert _heavy(again["modules"], NEVER) == []
    status = _loaded(tmp_path, "status")
    assert status["code"] == 0
    # status writes nothing: no refresh machinery, no lock library, no log set-up.
    assert _heavy(status["modules"], (*NEVER, "etl.pipeline", "etl.logs")) == []
