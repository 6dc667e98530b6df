"""Query-string values of the API, read the same way by every view."""

from __future__ import annotations

import datetime as dt


def date_param(query, name: str) -> dt.date | None:
    """`name` as a YYYY-MM-DD date, None when absent; ValueError that names it otherwise."""
    raw = query.get(name)
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a date: use YYYY-MM-DD") from None
