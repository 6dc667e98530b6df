from __future__ import annotations

import csv
import datetime as dt

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from xeber.rates import selectors
from xeber.rates.chart import history_svg
from xeber.rates.converter import UnknownCurrency, convert
from xeber.rates.currencies import currency_name
from xeber.rates.forms import PERIODS, RatesQueryForm

MAX_CSV_DAYS = 366 * 30


def rates_page(request):
    form = RatesQueryForm(request.GET or None)
    valid = form.is_valid() if request.GET else True
    data = form.cleaned_data if request.GET and valid else {}
    today = timezone.localdate()
    day = min(data.get("date") or today, today)
    language = get_language()
    table = selectors.bulletin_table(day, language)
    context = {"form": form, "table": table, "day": day, "periods": PERIODS, "today": today}
    if table.date:
        context.update(_converter(data, table), **_chart(data, table, language))
    status = 200 if valid else 400
    return render(request, "rates/rates.html", context, status=status)


def _converter(data: dict, table) -> dict:
    amount, source, target = (
        data.get("amount"),
        data.get("source", "USD"),
        data.get("target", "AZN"),
    )
    result = None
    if amount is not None:
        try:
            result = convert(amount, source, target, table.per_unit())
        except UnknownCurrency as unknown:
            return {"converter_error": _("No official rate for %(code)s.") % {"code": unknown}}
    return {
        "amount": amount,
        "source": source,
        "target": target,
        "result": result,
        "codes": ["AZN", *[row.code for row in table.rows]],
    }


def _chart(data: dict, table, language: str) -> dict:
    code, days = data.get("code", "USD"), data.get("days") or 30
    points = selectors.history(code, table.date - dt.timedelta(days=days), table.date)
    title = _("%(name)s (%(code)s) in manat, %(days)s days") % {
        "name": currency_name(code, language),
        "code": code,
        "days": days,
    }
    return {"chart": history_svg(points, title), "chart_code": code, "chart_days": days}


def rates_csv(request, code: str):
    code = code.upper()
    try:
        days = min(int(request.GET.get("days", "365")), MAX_CSV_DAYS)
    except ValueError:
        raise Http404("days must be a number") from None
    end = timezone.localdate()
    points = selectors.history(code, end - dt.timedelta(days=max(days, 1)), end)
    if not points:
        raise Http404("No rates for this currency")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}-AZN.csv"'
    writer = csv.writer(response)
    writer.writerow(["date", "code", "azn_per_unit"])
    for date, value in points:
        writer.writerow([date.isoformat(), code, f"{value:.6f}".rstrip("0").rstrip(".")])
    return response
