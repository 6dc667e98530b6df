"""Converting between any two currencies through the manat, as the bank's rates allow."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

PLACES = Decimal("0.0001")


class UnknownCurrency(KeyError):
    pass


def convert(amount: Decimal, source: str, target: str, per_unit: dict[str, Decimal]) -> Decimal:
    """`amount` of `source` in `target`; `per_unit` maps codes to manat per one unit
    (so per-100 quotes are already divided) and includes AZN = 1."""
    for code in (source, target):
        if code not in per_unit:
            raise UnknownCurrency(code)
    manat = amount * per_unit[source]
    return (manat / per_unit[target]).quantize(PLACES, rounding=ROUND_HALF_UP)
