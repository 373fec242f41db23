"""The reference data that says how indicator CSVs are read (datasets/reference/indicator_formats.yml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from etl.errors import ConfigError
from etl.settings import load_settings
from etl.yaml_io import read_yaml

ROLES = ("date", "indicator", "value", "entity", "unit", "source", "ignore")


@dataclass(frozen=True)
class PeriodFormat:
    granularity: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class IndicatorFormats:
    fallback_encodings: tuple[str, ...]
    missing_tokens: frozenset[str]  # upper-cased
    role_by_header: dict[str, str]  # normalised header -> role
    total_labels: frozenset[str]  # normalised
    month_by_name: dict[str, int]
    period_formats: tuple[PeriodFormat, ...]
    # Words that open a bracket holding a qualifier, not a unit ("(at least)", "(reported)"); normalised.
    not_units: tuple[str, ...] = ()

    def role_for(self, header: str) -> str | None:
        return self.role_by_header.get(normalise_header(header))

    def is_total(self, label: str) -> bool:
        return normalise_header(label) in self.total_labels

    def is_missing(self, cell: str) -> bool:
        return cell.strip().upper() in self.missing_tokens

    def is_unit(self, bracketed: str) -> bool:
        """Whether a name's bracketed ending is a unit ("% of GDP") rather than a qualifier ("at least")."""
        words = normalise_header(bracketed)
        return not any(words == q or words.startswith(q + " ") for q in self.not_units)


def normalise_header(header: str) -> str:
    """Lower case, punctuation and underscores as single spaces: 'Obs_Value' -> 'obs value'."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", header.lower()).split())


@lru_cache(maxsize=4)
def _load(path: Path) -> IndicatorFormats:
    raw = read_yaml(path)
    roles: dict[str, str] = {}
    for role, names in raw["roles"].items():
        if role not in ROLES:
            raise ConfigError(f"{path.name}: unknown role {role!r}; roles are {', '.join(ROLES)}")
        roles.update({normalise_header(name): role for name in names})
    months = {name: int(number) for number, names in raw["months"].items() for name in names}
    formats = tuple(
        PeriodFormat(f["granularity"], re.compile(f["regex"], re.IGNORECASE)) for f in raw["period_formats"]
    )
    return IndicatorFormats(
        fallback_encodings=tuple(raw["fallback_encodings"]),
        missing_tokens=frozenset(token.upper() for token in raw["missing_tokens"]),
        role_by_header=roles,
        total_labels=frozenset(normalise_header(label) for label in raw["total_labels"]),
        month_by_name=months,
        period_formats=formats,
        not_units=tuple(normalise_header(words) for words in raw.get("not_units", [])),
    )


def indicator_formats() -> IndicatorFormats:
    """The formats in force, read once per process from the reference folder."""
    return _load(load_settings().reference_dir / "indicator_formats.yml")
