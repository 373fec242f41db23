"""Typography folded before matching: curly quotes and apostrophes, unusual spaces, invisible characters.

"Democratic People’s Republic of Korea" must match the alias written with a straight apostrophe, and a
soft hyphen inside "Pyong\u00adyang" must not hide the name. Quotes keep pointing into the original text:
folding is one character for one, and deleted characters are tracked in an offset map.
"""

from __future__ import annotations

import re

_ONE_FOR_ONE = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
        **dict.fromkeys(
            "\u00a0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000", " "
        ),
    }
)
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")


class Folded:
    """A text with its typography folded, and the way back to offsets in the original."""

    def __init__(self, original: str) -> None:
        self.original = original
        translated = original.translate(_ONE_FOR_ONE)
        self._kept: list[int] | None = None
        if _INVISIBLE.search(translated):
            self._kept = [i for i, ch in enumerate(translated) if not _INVISIBLE.match(ch)]
            translated = _INVISIBLE.sub("", translated)
        self.text = translated

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the folded span start..end."""
        if self._kept is None or end <= start:
            return start, end
        return self._kept[start], self._kept[end - 1] + 1
