"""Which actor an indicator series' entity names ("Russian Federation", "Korea, Rep.", "RUS").

The spellings are data: datasets/reference/country_names.yml (as World Bank, OWID, SIPRI and IMF exports
write states) and the names and aliases of actors.yml. Series of one state from different sources then
share its actor, and its name.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

COUNTRY_NAMES_FILE = "country_names.yml"
ACTORS_FILE = "actors.yml"


@lru_cache(maxsize=4)
def _lookup(reference_dir: Path) -> dict[str, str]:
    """Case-folded spelling -> actor id."""
    found: dict[str, str] = {}
    actors_path = reference_dir / ACTORS_FILE
    if actors_path.exists():
        for actor in yaml.safe_load(actors_path.read_text(encoding="utf-8")).get("actors", []):
            for spelling in [actor["name"], *actor.get("aliases", [])]:
                found.setdefault(str(spelling).casefold(), str(actor["actor_id"]))
    names_path = reference_dir / COUNTRY_NAMES_FILE
    if names_path.exists():
        countries = yaml.safe_load(names_path.read_text(encoding="utf-8")).get("countries", {})
        for actor_id, spellings in countries.items():
            for spelling in spellings:
                # The exports' spellings win over actor aliases ("Korea" is South Korea in IMF files).
                found[str(spelling).casefold()] = str(actor_id)
    return found


def entity_actor(entity: str, reference_dir: Path) -> str | None:
    """The actor id the entity names, or None (a region, a total, an unknown spelling)."""
    return _lookup(reference_dir).get(entity.strip().casefold()) if entity else None
