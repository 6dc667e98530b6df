"""Numbers sent by a browser, read without surprises."""

from __future__ import annotations


def whole_number(raw, digits: int = 11) -> int | None:
    """`raw` as an int when it is ASCII digits alone (at most `digits`), else None: an id
    or a version from a form, never a 500 for what a client made up."""
    if isinstance(raw, str) and raw.isascii() and raw.isdigit() and len(raw) <= digits:
        return int(raw)
    return None
