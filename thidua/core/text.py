"""Vietnamese text folding: the one place that turns text into a search key.

``fold("Sở Công Thương tỉnh Kiên Giang") == "so cong thuong tinh kien giang"``: lower case,
tone marks and other combining marks removed, ``đ`` → ``d``, runs of white space collapsed.
Every stored search key and every search query goes through :func:`fold`.
"""

from __future__ import annotations

import unicodedata

_D_TABLE = str.maketrans({"đ": "d", "Đ": "d", "ð": "d", "Ð": "d"})


def fold(text: str) -> str:
    """Return the diacritic-free, lower-case search key of ``text``."""
    decomposed = unicodedata.normalize("NFD", text.translate(_D_TABLE))
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(bare.casefold().split())
