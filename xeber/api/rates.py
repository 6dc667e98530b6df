"""Official rates in the JSON API: thin views over the rates app's selectors."""

from __future__ import annotations

import datetime as dt

from django.http import JsonResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view

from xeber.api.params import date_param
from xeber.rates import selectors as rate_selectors

MAX_HISTORY_DAYS = 366 * 5


def error(message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


def _date_param(request, name: str, default: dt.date) -> dt.date:
    day = date_param(request.GET, name)
    return default if day is None else day


def _date(name: str, description: str) -> OpenApiParameter:
    return OpenApiParameter(name, OpenApiTypes.DATE, description=description)


ERRORS = {400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT}


@extend_schema(
    summary="The bulletin in force on a day",
    parameters=[_date("date", "YYYY-MM-DD; default today"), OpenApiParameter("lang", str)],
    responses={200: OpenApiTypes.OBJECT, **ERRORS},
)
@api_view(["GET"])
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


@extend_schema(
    summary="One currency's official rate over time",
    parameters=[_date("from", "default 30 days before `to`"), _date("to", "default today")],
    responses={200: OpenApiTypes.OBJECT, **ERRORS},
)
@api_view(["GET"])
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
