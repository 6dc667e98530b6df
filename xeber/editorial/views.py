from django.conf import settings
from django.core.signing import BadSignature, SignatureExpired, TimestampSigner
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language, override
from django.views.generic import ListView

from xeber.core.pagination import CountlessPaginationMixin
from xeber.editorial.models import Correction
from xeber.editorial.preview import PREVIEW_SALT
from xeber.news.models import Article


def preview(request, token: str):
    """An unpublished article through a signed, expiring link an editor can share."""
    try:
        pk = TimestampSigner(salt=PREVIEW_SALT).unsign(token, max_age=settings.PREVIEW_MAX_AGE)
    except (BadSignature, SignatureExpired):
        raise Http404("This preview link is invalid or has expired.") from None
    article = Article.objects.select_related("section", "cover").filter(pk=pk).first()
    if article is None:
        raise Http404("No such article")
    return render_preview(request, article)


def render_preview(request, article: Article):
    """The article's page as readers would see it, for the newsroom's eyes only."""
    with override(article.edition):
        response = render(
            request, "news/article.html",
            {"article": article, "related": [], "translations": [], "preview": True},
        )  # fmt: skip
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


class CorrectionsView(CountlessPaginationMixin, ListView):
    """The edition's corrections, newest first, each linking to its story (public ones
    only). It names no scope of its own: any change refreshes it (pagecache)."""

    template_name = "editorial/corrections.html"
    paginate_by = settings.PAGE_SIZE
    allow_empty = True

    def get_queryset(self):
        public = Article.objects.published().in_edition(get_language())
        return (
            Correction.objects.filter(article__in=public.values("pk"))
            .select_related("article")
            .only("text", "created_at", "article__edition", "article__slug", "article__title")
        )
