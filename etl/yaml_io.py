"""Reading YAML: the project's reference files, and untrusted front matter within fixed bounds."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from etl.errors import ConfigError

# The C loader (libyaml) when present: the reference files are read on every refresh.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, data: bytes | None = None) -> Any:
    """Parse a reference YAML file (or its bytes, already read); a missing or broken file is a ConfigError."""
    try:
        return yaml.load(path.read_bytes() if data is None else data, Loader=_SafeLoader)
    except FileNotFoundError:
        raise ConfigError(f"Reference file {path} is missing.") from None
    except OSError as exc:
        raise ConfigError(f"Reference file {path} cannot be read: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"Reference file {path} is not valid YAML: {exc}") from None


@dataclass(frozen=True)
class YamlBounds:
    """Limits for YAML that comes from outside: front matter is a handful of short fields."""

    max_chars: int = 64 * 1024
    max_depth: int = 16
    max_aliases: int = 16
    max_nodes: int = 5_000


FRONT_MATTER_BOUNDS = YamlBounds()


class YamlRefused(ValueError):
    """YAML that is malformed or exceeds its bounds; the message names where and why, never the text."""


def load_bounded_yaml(text: str, bounds: YamlBounds = FRONT_MATTER_BOUNDS) -> Any:
    """Parse untrusted YAML after checking its size, nesting depth, alias count and node count.

    The check walks libyaml's event stream, which is iterative: a 5,000-deep nesting or an alias bomb is
    refused before anything recursive or expanding runs.
    """
    if len(text) > bounds.max_chars:
        raise YamlRefused(f"front matter is {len(text):,} characters, over the limit of {bounds.max_chars:,}")
    depth = aliases = nodes = 0
    try:
        for event in yaml.parse(text, Loader=_SafeLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > bounds.max_depth:
                    raise YamlRefused(f"{_where(event)}nested deeper than {bounds.max_depth} levels")
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > bounds.max_aliases:
                    raise YamlRefused(f"{_where(event)}more than {bounds.max_aliases} aliases")
            if isinstance(event, yaml.NodeEvent):
                nodes += 1
                if nodes > bounds.max_nodes:
                    raise YamlRefused(f"{_where(event)}more than {bounds.max_nodes:,} values")
        return yaml.load(text, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"at line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise YamlRefused(f"{where}{getattr(exc, 'problem', None) or type(exc).__name__}") from None


def _where(event: yaml.Event) -> str:
    mark = event.start_mark
    return f"at line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
