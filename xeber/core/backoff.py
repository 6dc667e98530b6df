"""Waiting longer after each failure: the rates fetch and the deliveries both do."""

from __future__ import annotations

import datetime as dt


def backoff(failures: int, first: dt.timedelta, longest: dt.timedelta) -> dt.timedelta:
    """`first` after the first failure, doubling with each one after it, `longest` at most."""
    return min(first * 2 ** max(failures - 1, 0), longest)
