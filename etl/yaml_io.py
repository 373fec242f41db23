"""Reading the project's YAML files: one loader, one error message for a missing or broken file."""

from __future__ import annotations

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
