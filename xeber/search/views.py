from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from xeber.core.pagination import page_number
from xeber.search.backends import Filters
from xeber.search.forms import SearchForm
from xeber.search.services import search


def _day_start(day: dt.date | None) -> dt.datetime | None:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min)) if day else None


def search_page(request):
    edition = get_language()
    form = SearchForm(request.GET or None, edition=edition)
    context = {"form": form, "results": None}
    if request.GET and form.is_valid():
        data = form.cleaned_data
        until = data.get("until")
        filters = Filters(
            edition=edition,
            section_id=data["section"].pk if data.get("section") else None,
            since=_day_start(data.get("since")),
            until=_day_start(until + dt.timedelta(days=1)) if until else None,
            by_date=data.get("sort") == "date",
        )
        page = page_number(request.GET.get("page"))
        context["results"] = search(data.get("q", ""), filters, page, settings.PAGE_SIZE)
        context["page"] = page
        context["query_string"] = request.GET.copy()
    status = 400 if request.GET and not form.is_valid() else 200
    response = render(request, "search/search.html", context, status=status)
    response["X-Robots-Tag"] = "noindex"
    return response
