"""The beacon for the test client and anything that reaches Django (production answers it
in front of Django: wsgi.py), and the edition's "most read" page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from xeber.analytics import beacon as beacons
from xeber.analytics.selectors import most_read
from xeber.core.throttle import client_address

PERIOD_LABELS = (("today", _("Today")), ("week", _("This week")), ("month", _("This month")))


@csrf_exempt  # sendBeacon carries no token; a forged read is refused by its token
def beacon(request):
    status, reason = beacons.answer(
        method=request.method,
        body=request.read(beacons.BODY_LIMIT + 1),
        client=client_address(request.META),
        agent=request.headers.get("User-Agent", ""),
    )
    response = HttpResponse(reason, status=status, content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


def most_read_page(request):
    period = request.GET.get("period", "today")
    if period not in dict(PERIOD_LABELS):
        period = "today"
    stories = most_read(get_language(), period, 20)
    context = {"stories": stories, "period": period, "periods": PERIOD_LABELS}
    return render(request, "analytics/most_read.html", context)
