"""The versioned JSON API: thin views over the apps' selectors."""

from __future__ import annotations

import datetime as dt

from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from xeber.rates import selectors as rate_selectors

MAX_HISTORY_DAYS = 366 * 5


def error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _date_param(request, name: str, default: dt.date) -> dt.date:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        return default
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValueError(f"{name}={raw!r} is not a date: use YYYY-MM-DD") from None


@require_GET
def rates(request):
    try:
        day = _date_param(request, "date", timezone.localdate())
    except ValueError as problem:
        return error(str(problem))
    table = rate_selectors.bulletin_table(day, request.GET.get("lang", "en"))
    if table.date is None:
        return error("no official rates stored on or before that date", 404)
    return JsonResponse(
        {
            "date": table.date.isoformat(),
            "requested_date": day.isoformat(),
            "base": "AZN",
            "rates": [
                {
                    "code": row.code,
                    "name": row.name,
                    "nominal": row.nominal,
                    "value": str(row.value),
                    "per_unit": str(round(row.per_unit, 6)),
                    "change": None if row.change is None else str(row.change),
                }
                for row in table.rows
            ],
        }
    )


@require_GET
def rate_history(request, code: str):
    code = code.upper()
    today = timezone.localdate()
    try:
        end = _date_param(request, "to", today)
        start = _date_param(request, "from", end - dt.timedelta(days=30))
    except ValueError as problem:
        return error(str(problem))
    if start > end:
        return error("from is after to")
    if (end - start).days > MAX_HISTORY_DAYS:
        return error(f"at most {MAX_HISTORY_DAYS} days per request")
    points = rate_selectors.history(code, start, end)
    if not points:
        return error(f"no official rates for {code} in that period", 404)
    return JsonResponse(
        {
            "code": code,
            "base": "AZN",
            "from": start.isoformat(),
            "to": end.isoformat(),
            "history": [
                {"date": day.isoformat(), "per_unit": str(round(value, 6))} for day, value in points
            ],
        }
    )
