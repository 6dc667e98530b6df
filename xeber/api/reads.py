"""Most read stories in the JSON API: ranks, never counts per reader."""

from __future__ import annotations

from django.conf import settings
from django.http import JsonResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import api_view

from xeber.analytics.selectors import PERIODS, most_read
from xeber.api.rates import ERRORS, error

LIMIT = 20


@extend_schema(
    summary="The most read stories of an edition",
    parameters=[
        OpenApiParameter("edition", str, enum=[code for code, _name in settings.LANGUAGES]),
        OpenApiParameter("period", str, enum=list(PERIODS), description="default: day (24 h)"),
    ],
    responses={200: OpenApiTypes.OBJECT, **ERRORS},
)
@api_view(["GET"])
def most_read_list(request):
    edition = request.GET.get("edition", settings.LANGUAGE_CODE)
    period = request.GET.get("period", "day")
    if edition not in dict(settings.LANGUAGES):
        return error("edition must be one of " + ", ".join(dict(settings.LANGUAGES)))
    if period not in PERIODS:
        return error("period must be one of " + ", ".join(PERIODS))
    stories = most_read(edition, period, LIMIT)
    site = request.build_absolute_uri("/").rstrip("/")
    return JsonResponse(
        {
            "edition": edition,
            "period": period,
            "articles": [
                {
                    "rank": rank,
                    "id": story.pk,
                    "title": story.title,
                    "url": site + story.get_absolute_url(),
                    "published_at": story.published_at.isoformat(),
                }
                for rank, story in enumerate(stories, start=1)
            ],
        }
    )
