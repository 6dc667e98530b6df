"""Readers in the back office: what is read now in each of the editor's editions (a screen
that refreshes itself), one story's reads by hour and by source with a chart drawn here
(chart.py), and CSV of each. Editors and chief editors only, in their editions
(Action.READS); nothing here says anything of a reader, only counts."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict

from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xeber.analytics.chart import hourly_svg
from xeber.analytics.models import HourlyReads, Source
from xeber.analytics.selectors import period_start, reads_now
from xeber.editorial.admin.desk import DeskAdmin
from xeber.editorial.policy import Action, can
from xeber.editorial.roles import editions_of
from xeber.news.models import Article

NOW_MINUTES = 30
NOW_COUNT = 20
REFRESH_SECONDS = 30
CHART_DAYS = 7
MOST_READ_COUNT = 100
# The periods of the most-read CSV (selectors.period_start says where each begins).
PERIOD_LABELS = (
    ("day", gettext_lazy("last 24 hours")),
    ("today", gettext_lazy("today")),
    ("week", gettext_lazy("last 7 days")),
    ("month", gettext_lazy("last 30 days")),
)


@admin.register(HourlyReads)
class ReadsAdmin(DeskAdmin):
    """The change list is the "readers now" screen; rows are only counted, never edited."""

    policy_action = Action.READS

    def has_add_permission(self, request) -> bool:
        return False

    def get_urls(self):
        view = self.admin_site.admin_view
        extra = [
            path("now.csv", view(self.now_csv_view), name="analytics_hourlyreads_now_csv"),
            path("most-read.csv", view(self.most_read_csv_view),
                 name="analytics_hourlyreads_most_read_csv"),
            path("<int:article_id>/", view(self.article_view),
                 name="analytics_hourlyreads_article"),
            path("<int:article_id>/csv", view(self.article_csv_view),
                 name="analytics_hourlyreads_article_csv"),
        ]  # fmt: skip
        return extra + super().get_urls()

    # --- who may look, and at what --------------------------------------------------------
    def _editions(self, request) -> list[str]:
        """The editions this editor reads the readers of, in the site's order."""
        if not self._allowed(request):
            raise PermissionDenied
        theirs = set(editions_of(request.user))
        return [code for code, _name in settings.LANGUAGES if code in theirs]

    def _article(self, request, article_id: int) -> Article:
        self._editions(request)  # an author is refused before learning what exists
        article = get_object_or_404(Article, pk=article_id)
        if not can(request.user, Action.READS, article):
            raise PermissionDenied
        return article

    def _context(self, request, title: str, **values) -> dict:
        return {**self.admin_site.each_context(request), "opts": self.model._meta,
                "title": title, **values}  # fmt: skip

    # --- readers now ----------------------------------------------------------------------
    def changelist_view(self, request, extra_context=None):
        names = dict(settings.LANGUAGES)
        now = reads_now(self._editions(request), NOW_MINUTES, NOW_COUNT)
        boards = [(edition, names[edition], stories) for edition, stories in now.items()]
        context = self._context(
            request, _("Readers now"), boards=boards, minutes=NOW_MINUTES,
            refresh=REFRESH_SECONDS, periods=PERIOD_LABELS, now=timezone.now(),
        )  # fmt: skip
        return TemplateResponse(request, "analytics/reads_now.html", context)

    def now_csv_view(self, request):
        rows = [
            [edition, rank, article.pk, _cell(article.title), reads, _address(request, article)]
            for edition, stories in reads_now(
                self._editions(request), NOW_MINUTES, NOW_COUNT
            ).items()
            for rank, (article, reads) in enumerate(stories, 1)
        ]
        stamp = f"{timezone.localtime():%Y%m%d-%H%M}"
        return csv_response(
            f"reads-now-{stamp}.csv",
            ["edition", "rank", "article_id", "title", "reads", "url"],
            rows,
        )

    def most_read_csv_view(self, request):
        edition, period = request.GET.get("edition", ""), request.GET.get("period", "day")
        if edition not in dict(settings.LANGUAGES) or period not in dict(PERIOD_LABELS):
            raise Http404("edition=<edition>&period=day|today|week|month")
        if edition not in self._editions(request):
            raise PermissionDenied
        rows = [
            [rank, article.pk, _cell(article.title), _minute(article.published_at), reads,
             _address(request, article)]
            for rank, (article, reads) in enumerate(most_read_totals(edition, period), 1)
        ]  # fmt: skip
        return csv_response(
            f"most-read-{edition}-{period}-{timezone.localdate():%Y%m%d}.csv",
            ["rank", "article_id", "title", "published", "reads", "url"],
            rows,
        )

    # --- one story ------------------------------------------------------------------------
    def article_view(self, request, article_id: int):
        article = self._article(request, article_id)
        start, end = chart_span(article)
        found = HourlyReads.objects.filter(article=article, hour__gte=start)
        by_hour: dict[dt.datetime, dict[str, int]] = defaultdict(dict)
        for hour, source, reads in found.values_list("hour", "source", "reads"):
            by_hour[hour][source] = by_hour[hour].get(source, 0) + reads
        hours = _hours(start, end)
        points = [(hour, sum(by_hour.get(hour, {}).values())) for hour in hours]
        title = _("Reads of “%(title)s” by hour") % {"title": article.title}
        table = [
            (hour, [by_hour[hour].get(code, 0) for code in Source.values], total)
            for hour, total in reversed(points)
            if total
        ]
        sources = source_totals(article)
        total = sum(reads for _label, reads in sources)
        context = self._context(
            request, _("Reads of “%(title)s”") % {"title": article.title},
            article=article, total=total, chart_total=sum(reads for _h, reads in points),
            sources=[(label, reads, round(100 * reads / total)) for label, reads in sources
                     if reads],
            chart=hourly_svg(points, title), start=hours[0], end=hours[-1],
            columns=Source.labels, table=table,
        )  # fmt: skip
        return TemplateResponse(request, "analytics/article_reads.html", context)

    def article_csv_view(self, request, article_id: int):
        article = self._article(request, article_id)
        rows = HourlyReads.objects.filter(article=article).order_by("hour", "source")
        return csv_response(
            f"reads-{article.pk}.csv",
            ["hour", "source", "reads"],
            (
                [_minute(hour), source, reads]
                for hour, source, reads in rows.values_list("hour", "source", "reads").iterator()
            ),
        )


def chart_span(article: Article, now: dt.datetime | None = None) -> tuple[dt.datetime, dt.datetime]:
    """The first and last hour of the chart: the last CHART_DAYS days, or since publication."""
    end = (now or timezone.now()).astimezone(dt.UTC).replace(minute=0, second=0, microsecond=0)
    start = end - dt.timedelta(days=CHART_DAYS) + dt.timedelta(hours=1)
    if article.published_at is not None:
        published = article.published_at.astimezone(dt.UTC)
        start = max(start, published.replace(minute=0, second=0, microsecond=0))
    return min(start, end), end


def _hours(start: dt.datetime, end: dt.datetime) -> list[dt.datetime]:
    count = int((end - start).total_seconds() // 3600) + 1
    return [start + dt.timedelta(hours=number) for number in range(count)]


def source_totals(article: Article) -> list[tuple[str, int]]:
    """(label, reads) of every source of the story, all time, most first."""
    sums = dict(
        HourlyReads.objects.filter(article=article)
        .values_list("source")
        .annotate(reads=Sum("reads"))
    )
    found = [(label, sums.get(code, 0)) for code, label in Source.choices]
    return sorted(found, key=lambda each: -each[1])


def most_read_totals(edition: str, period: str, count: int = MOST_READ_COUNT):
    """[(article, reads)] of the edition's published stories since the period began, most
    read first (selectors.most_read, with the counts)."""
    totals = (
        HourlyReads.objects.filter(edition=edition, hour__gte=period_start(period))
        .values_list("article")
        .annotate(total=Sum("reads"))
        .order_by("-total", "-article")[: count * 2]  # room for those taken off since
    )
    ranked = list(totals)
    found = Article.objects.published().filter(pk__in=[pk for pk, _n in ranked]).in_bulk()
    return [(found[pk], reads) for pk, reads in ranked if pk in found][:count]


def _minute(moment: dt.datetime) -> str:
    """The site's local time, as spreadsheets read a date and time."""
    return f"{timezone.localtime(moment):%Y-%m-%d %H:%M}"


def _cell(text: str) -> str:
    """A title that begins as a formula does is kept text (a spreadsheet would run it)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _address(request, article: Article) -> str:
    return request.build_absolute_uri(article.get_absolute_url())


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    """A CSV download, UTF-8 with a byte order mark: spreadsheets then read Cyrillic and
    Azerbaijani letters as such."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response
