"""Cue phrases written with choices ("express {deep |grave |}concern"): each choice spelled out, so the
lexicons say once what would otherwise be listed phrase by phrase."""

from __future__ import annotations

import itertools
import re
from typing import Any

__all__ = ["expand", "expand_lists"]

_CHOICE = re.compile(r"\{([^{}]*)\}")


def expand(phrase: str) -> list[str]:
    """Every phrase the choices in braces spell ("{voice|voiced} {grave |}concern" gives four); a phrase
    without braces is itself."""
    parts = _CHOICE.split(phrase)
    if len(parts) == 1:
        return [phrase]
    # split() alternates text and the groups' contents: odd positions hold the choices.
    options = [part.split("|") if index % 2 else [part] for index, part in enumerate(parts)]
    return [" ".join("".join(p).split()) for p in itertools.product(*options)]


def expand_lists(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with every list of phrases, and every list in a mapping of lists, spelled out."""

    def spelled(values: list[Any]) -> list[Any]:
        out = [e for v in values for e in (expand(v) if isinstance(v, str) else [v])]
        return list(dict.fromkeys(out))

    expanded: dict[str, Any] = {}
    for key, value in doc.items():
        if isinstance(value, list):
            expanded[key] = spelled(value)
        elif isinstance(value, dict) and all(isinstance(v, list) for v in value.values()):
            expanded[key] = {k: spelled(v) for k, v in value.items()}
        else:
            expanded[key] = value
    return expanded
