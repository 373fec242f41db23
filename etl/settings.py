"""The only reader of environment variables: every setting, its default and what it is for."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

from etl.errors import ConfigError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"


@dataclass(frozen=True)
class SettingSpec:
    """One environment variable the project reads."""

    name: str
    default: str
    help: str


SETTING_SPECS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "MONITOR_DATA_DIR",
        str(DEFAULT_DATA_DIR),
        "Folder for the SQLite store (its refresh lock sits beside it), logs and exports.",
    ),
    SettingSpec(
        "MONITOR_DB_URL",
        "sqlite:///<MONITOR_DATA_DIR>/monitor.sqlite",
        "SQLAlchemy URL of the store; postgresql+psycopg://user@host/db for a shared team store.",
    ),
    SettingSpec(
        "MONITOR_SOURCES_DIR",
        str(PROJECT_ROOT / "datasets" / "sources"),
        "Folder of source documents (Markdown with YAML front matter) that a refresh reads.",
    ),
    SettingSpec(
        "MONITOR_REFERENCE_DIR",
        str(PROJECT_ROOT / "datasets" / "reference"),
        "Folder of reference YAML: actors, goods, cues, measures.",
    ),
    SettingSpec(
        "MONITOR_INBOX_DIR",
        "<MONITOR_DATA_DIR>/inbox",
        "Folder where indicator CSVs dropped by users are picked up by each refresh.",
    ),
    SettingSpec(
        "MONITOR_FEEDS",
        str(PROJECT_ROOT / "datasets" / "feeds.yml"),
        "YAML list of RSS/Atom feeds and single pages that each refresh fetches (datasets/feeds.yml).",
    ),
    SettingSpec(
        "MONITOR_FETCH_BUDGET",
        "90",
        "Seconds a refresh may spend fetching feeds and pages; what is left waits for the next refresh.",
    ),
    SettingSpec(
        "MONITOR_FETCH_PAUSE",
        "1",
        "Seconds between two requests to the same web host.",
    ),
    SettingSpec(
        "MONITOR_SCHEDULE",
        "0 */6 * * *",
        "Cron expression for `python -m etl schedule` (default: every 6 hours).",
    ),
    SettingSpec(
        "MONITOR_LOCK_TIMEOUT",
        "30",
        "Seconds a refresh waits for a busy store (a long read or an upload) before giving up.",
    ),
    SettingSpec(
        "MONITOR_REVIEWER",
        "",
        "Name recorded on review decisions when no one is signed in (dashboard) and no --by is given (CLI).",
    ),
    SettingSpec(
        "MONITOR_READ_ONLY",
        "false",
        "true turns off every write in the dashboard (reviews, uploads, Refresh now), for a shared view.",
    ),
)

_DEFAULTS = {spec.name: spec.default for spec in SETTING_SPECS}


@dataclass(frozen=True)
class Settings:
    """Resolved settings for one process."""

    data_dir: Path
    db_url: str
    sources_dir: Path
    reference_dir: Path
    inbox_dir: Path
    schedule: str
    lock_timeout: float
    # No feeds file: a Settings made by hand (an embedding program, a test) fetches nothing.
    feeds_path: Path | None = None
    fetch_budget: float = 90.0
    fetch_pause: float = 1.0
    reviewer: str = ""
    read_only: bool = False

    @property
    def logs_dir(self) -> Path:
        return self.data_dir / "logs"

    @property
    def raw_dir(self) -> Path:
        """Raw web responses and uploaded files, each named by its sha256."""
        return self.data_dir / "raw"


def _seconds(name: str, text: str, zero: bool = False) -> float:
    """A finite number of seconds above 0 (or 0 itself when zero), else a ConfigError naming the setting."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value < 0 or (value == 0 and not zero):
        least = "0 or more" if zero else "greater than 0"
        raise ConfigError(f"{name} must be a number of seconds {least}, not {text[:40]!r}.")
    return value


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Read settings from the environment (or a given mapping), filling in the defaults listed above."""
    env = dict(os.environ if environ is None else environ)

    def get(name: str) -> str:
        return env.get(name) or _DEFAULTS[name]

    data_dir = Path(get("MONITOR_DATA_DIR"))
    return Settings(
        data_dir=data_dir,
        # These two defaults live under the data folder, whichever folder that is.
        db_url=env.get("MONITOR_DB_URL") or f"sqlite:///{data_dir / 'monitor.sqlite'}",
        inbox_dir=Path(env.get("MONITOR_INBOX_DIR") or data_dir / "inbox"),
        sources_dir=Path(get("MONITOR_SOURCES_DIR")),
        reference_dir=Path(get("MONITOR_REFERENCE_DIR")),
        schedule=get("MONITOR_SCHEDULE"),
        lock_timeout=_seconds("MONITOR_LOCK_TIMEOUT", get("MONITOR_LOCK_TIMEOUT")),
        feeds_path=Path(get("MONITOR_FEEDS")),
        fetch_budget=_seconds("MONITOR_FETCH_BUDGET", get("MONITOR_FETCH_BUDGET")),
        fetch_pause=_seconds("MONITOR_FETCH_PAUSE", get("MONITOR_FETCH_PAUSE"), zero=True),
        reviewer=get("MONITOR_REVIEWER").strip(),
        read_only=get("MONITOR_READ_ONLY").strip().lower() in ("1", "true", "yes", "on"),
    )
