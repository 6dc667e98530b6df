"""The versioned JSON API: read-only resources over the `published()` door, search, and
drafts that token holders may write (publishing stays with the newsroom's editors)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.http import http_date
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, pagination, permissions, serializers, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from xeber.api import serializers as api
from xeber.api.params import date_param
from xeber.core.pagination import MAX_PAGE
from xeber.editorial import services as editorial
from xeber.editorial.policy import Action, can
from xeber.news.models import Article, Author, BreakingNews, Section, Tag
from xeber.search.backends import Filters
from xeber.search.services import search

EDITIONS = [code for code, _ in settings.LANGUAGES]


class NewestFirst(pagination.CursorPagination):
    ordering = ("-published_at", "-id")
    page_size = 20
    page_size_query_param = "limit"
    max_page_size = 100


class ById(NewestFirst):
    ordering = ("id",)


def _edition(request, required: bool = False) -> str | None:
    edition = request.query_params.get("edition")
    if edition is None and not required:
        return None
    if edition not in EDITIONS:
        raise ValidationError({"edition": f"one of {', '.join(EDITIONS)}"})
    return edition


def _day(request, name: str) -> dt.datetime | None:
    try:
        day = date_param(request.query_params, name)
    except ValueError:
        raise ValidationError({name: "a date as YYYY-MM-DD"}) from None
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min)) if day else None


EDITION = OpenApiParameter("edition", str, enum=EDITIONS)
ARTICLE_FILTERS = [
    EDITION,
    OpenApiParameter("section", str, description="section slug"),
    OpenApiParameter("tag", str, description="tag slug"),
    OpenApiParameter("author", str, description="author slug"),
    OpenApiParameter("since", OpenApiTypes.DATE),
    OpenApiParameter("until", OpenApiTypes.DATE),
]


@extend_schema_view(list=extend_schema(parameters=ARTICLE_FILTERS))
class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
    pagination_class = NewestFirst

    def get_serializer_class(self):
        return api.ArticleDetailSerializer if self.action == "retrieve" else api.ArticleSerializer

    def get_queryset(self):
        articles = Article.objects.published().select_related("section", "cover")
        if self.action == "retrieve":
            # The authors' profiles come with them: the byline tells each edition's own.
            return articles.prefetch_related("tags", "authors__profiles")
        request = self.request
        edition = _edition(request)
        if edition:
            articles = articles.in_edition(edition)
        for name, lookup in (
            ("section", "section__slug"),
            ("tag", "tags__slug"),
            ("author", "authors__slug"),
        ):
            value = request.query_params.get(name)
            if value and "\x00" in value:
                raise ValidationError({name: "must not contain NUL characters"})
            if value:
                articles = articles.filter(**{lookup: value[:200]})
        since, until = _day(request, "since"), _day(request, "until")
        if since:
            articles = articles.filter(published_at__gte=since)
        if until:
            articles = articles.filter(published_at__lt=until + dt.timedelta(days=1))
        return articles.prefetch_related("tags").distinct()

    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()  # once: each read costs its prefetches
        response = Response(self.get_serializer(article).data)
        response["Last-Modified"] = http_date(article.updated_at.timestamp())
        return response


@extend_schema_view(list=extend_schema(parameters=[EDITION]))
class SectionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = api.SectionSerializer
    pagination_class = ById

    def get_queryset(self):
        edition = _edition(self.request)
        sections = Section.objects.all()
        return sections.filter(edition=edition) if edition else sections


@extend_schema_view(list=extend_schema(parameters=[EDITION]))
class TagViewSet(SectionViewSet):
    serializer_class = api.TagSerializer

    def get_queryset(self):
        edition = _edition(self.request)
        return Tag.objects.filter(edition=edition) if edition else Tag.objects.all()


class AuthorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = api.AuthorSerializer
    pagination_class = ById
    queryset = Author.objects.all()


@extend_schema_view(list=extend_schema(parameters=[EDITION]))
class BreakingViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = api.BreakingSerializer
    pagination_class = None

    def get_queryset(self):
        lines = BreakingNews.objects.active().select_related("article")
        edition = _edition(self.request)
        return lines.in_edition(edition) if edition else lines


class SearchHitSerializer(serializers.Serializer):
    article = api.ArticleSerializer()
    snippet = serializers.CharField()


class SearchResultsSerializer(serializers.Serializer):
    results = SearchHitSerializer(many=True)
    next_page = serializers.IntegerField(allow_null=True)
    suggestion = serializers.CharField(allow_null=True)


class SearchView(APIView):
    @extend_schema(
        parameters=[
            OpenApiParameter("q", str, required=True),
            EDITION,
            OpenApiParameter("page", int),
        ],
        responses=SearchResultsSerializer,
    )
    def get(self, request):
        edition = _edition(request) or settings.LANGUAGE_CODE
        try:
            page = int(request.query_params.get("page", "1"))
        except ValueError:
            raise ValidationError({"page": "a number"}) from None
        if not 1 <= page <= MAX_PAGE:
            raise ValidationError({"page": f"between 1 and {MAX_PAGE}"})
        results = search(request.query_params.get("q", "")[:300], Filters(edition), page, 20)
        hits = [{"article": hit.article, "snippet": hit.snippet} for hit in results.hits]
        return Response(
            {
                "results": SearchHitSerializer(hits, many=True).data,
                "next_page": page + 1 if results.has_next else None,
                "suggestion": results.suggestion or None,
            }
        )


class CanWriteDrafts(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return bool(request.user and request.user.is_authenticated) and can(
            request.user, Action.CREATE
        )

    def has_object_permission(self, request, view, obj) -> bool:
        action = Action.VIEW if request.method in permissions.SAFE_METHODS else Action.EDIT
        return can(request.user, action, obj)


class DraftViewSet(
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Drafts written by partners and apps with a token; an editor publishes them.

    An edit names the version it was made on: `If-Match` with the ETag a GET returned, or
    the `version` field. An edit of an older version is refused with 409 and the current
    draft; nothing is overwritten.
    """

    serializer_class = api.DraftSerializer
    permission_classes = [CanWriteDrafts]
    http_method_names = ["get", "post", "patch"]
    throttle_classes = []

    def get_queryset(self):
        return Article.objects.exclude(status=Article.Status.PUBLISHED)

    def retrieve(self, request, *args, **kwargs):
        article = self.get_object()
        response = Response(self.get_serializer(article).data)
        response["ETag"] = draft_etag(article)
        return response

    def perform_create(self, serializer):
        serializer.instance = editorial.article_create(
            user=self.request.user, data=serializer.validated_data
        )

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "If-Match",
                str,
                OpenApiParameter.HEADER,
                description="the ETag of the version edited (or send `version`)",
            )
        ],
        responses={200: api.DraftSerializer, 409: api.DraftSerializer},
    )
    def partial_update(self, request, *args, **kwargs):
        article = self.get_object()
        if article.state != Article.State.DRAFT:
            raise PermissionDenied("Only drafts can be changed through the API.")
        base_version = self._base_version(request, article)
        serializer = self.get_serializer(article, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            article = editorial.article_update(
                user=request.user,
                article=article,
                data=serializer.validated_data,
                base_version=base_version,
            )
        except editorial.StaleEdit as stale:
            return self._conflict(stale)
        response = Response(self.get_serializer(article).data)
        response["ETag"] = draft_etag(article)
        return response

    def _base_version(self, request, article: Article) -> int:
        if "HTTP_IF_MATCH" in request.META:
            return version_from_etag(request.META["HTTP_IF_MATCH"], article)
        version = request.data.get("version") if hasattr(request.data, "get") else None
        if version is None:
            raise PreconditionRequired()
        try:
            return int(version)
        except (TypeError, ValueError):
            message = "the version the edit was made on, a number"
            raise ValidationError({"version": message}) from None

    def _conflict(self, stale: editorial.StaleEdit) -> Response:
        body = {
            "detail": str(stale),
            "your_version": stale.base_version,
            "current": self.get_serializer(stale.current).data,
        }
        response = Response(body, status=status.HTTP_409_CONFLICT)
        response["ETag"] = draft_etag(stale.current)
        return response


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = "Say which version you edit: If-Match with the ETag of your GET, or `version`."
    default_code = "precondition_required"


def draft_etag(article: Article) -> str:
    return f'"draft-{article.pk}-v{article.version}"'


def version_from_etag(header: str, article: Article) -> int:
    """The version an If-Match names; one that names another article or no version of
    ours is refused (a 412 would say nothing about why)."""
    prefix = f'"draft-{article.pk}-v'
    tag = header.strip().removeprefix("W/")
    if tag.startswith(prefix) and tag.endswith('"') and tag[len(prefix) : -1].isdigit():
        return int(tag[len(prefix) : -1])
    raise ValidationError({"If-Match": f"an ETag of this draft, such as {draft_etag(article)}"})
