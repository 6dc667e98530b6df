"""The article form's companions while someone writes (static/editorial/writing.js):
autosave into their working copy, the offer to restore it, presence and its soft lock,
and the script check's one-click fixes (working.py, scriptcheck.py)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xeber.core.errors import Invalid
from xeber.core.params import whole_number
from xeber.editorial import services, working
from xeber.editorial.policy import Action, can
from xeber.editorial.views import render_preview
from xeber.news.models import Article

REQUEST_LIMIT = 3 * working.FIELD_LIMIT


class WritingViews:
    """Mixed into the article's ModelAdmin (articles.py)."""

    def writing_urls(self) -> list:
        def view(method):
            return self.admin_site.admin_view(require_POST(method))

        return [
            path("autosave/", view(self.autosave_view), name="news_article_autosave_new"),
            path("<int:object_id>/autosave/", view(self.autosave_view),
                 name="news_article_autosave"),
            path("working-copy/discard/", view(self.discard_view),
                 name="news_article_discard_new"),
            path("<int:object_id>/working-copy/discard/", view(self.discard_view),
                 name="news_article_discard"),
            path("<int:object_id>/presence/", view(self.presence_view),
                 name="news_article_presence"),
            path("<int:object_id>/script-fix/", view(self.script_fix_view),
                 name="news_article_script_fix"),
            path("<int:object_id>/phone-preview/", self.admin_site.admin_view(self.phone_view),
                 name="news_article_phone_preview"),
        ]  # fmt: skip

    def _writable(self, request, object_id: int | None) -> Article | None:
        if object_id is None:
            if not can(request.user, Action.CREATE):
                raise PermissionDenied
            return None
        article = get_object_or_404(Article, pk=object_id)
        if not can(request.user, Action.EDIT, article):
            raise PermissionDenied
        return article

    def autosave_view(self, request, object_id: int | None = None):
        if int(request.META.get("CONTENT_LENGTH") or 0) > REQUEST_LIMIT:
            return JsonResponse({"message": _("Too long to keep.")}, status=413)
        article = self._writable(request, object_id)
        try:
            copy = working.working_copy_keep(
                user=request.user,
                article=article,
                base_version=whole_number(request.POST.get("base_version")),
                fields=request.POST,
            )
        except Invalid as problem:
            return JsonResponse({"message": str(problem)}, status=400)
        newer = article is not None and copy.base_version not in (None, article.version)
        return JsonResponse({"saved_at": copy.saved_at.isoformat(), "newer_saved": newer})

    def discard_view(self, request, object_id: int | None = None):
        article = self._writable(request, object_id)
        working.working_copy_discard(user=request.user, article=article)
        if article is None:
            return HttpResponseRedirect(reverse("admin:news_article_add"))
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))

    def presence_view(self, request, object_id: int):
        article = get_object_or_404(Article, pk=object_id)
        if not can(request.user, Action.VIEW, article):
            raise PermissionDenied
        if request.POST.get("leave"):
            working.presence_leave(user=request.user, article_id=article.pk)
            return JsonResponse({})
        presence = working.presence_beat(
            user=request.user, article_id=article.pk, take_over=bool(request.POST.get("take"))
        )
        return JsonResponse(
            {
                "holding": presence.holding,
                "taken_over": presence.taken_over,
                "holder": _person(presence.holder),
                "others": [_person(other) for other in presence.others],
                "beat": working.PRESENCE_BEAT,
            }
        )

    def phone_view(self, request, object_id: int):
        """The story as a reader's phone would show it with what this person is writing
        (their working copy, kept seconds ago), saved or not."""
        article = get_object_or_404(
            Article.objects.select_related("section", "cover"), pk=object_id
        )
        if not can(request.user, Action.VIEW, article):
            raise PermissionDenied
        # Not a copy older than the last save, nor one that says what the story says.
        copy = working.working_copy_to_offer(request.user, article)
        if copy is not None:
            article = services.article_preview(article, copy.fields)
        return render_preview(request, article)

    def script_fix_view(self, request, object_id: int):
        article = self._writable(request, object_id)
        try:
            services.article_script_fix(
                user=request.user,
                article=article,
                key=request.POST.get("key", ""),
                base_version=whole_number(request.POST.get("base_version")),
            )
        except Invalid as problem:
            messages.error(request, str(problem))
        except services.StaleEdit:
            messages.error(request, _("Someone saved the story meanwhile: check it again."))
        else:
            messages.success(request, _("Fixed."))
        return HttpResponseRedirect(
            reverse("admin:news_article_change", args=[object_id]) + "#script-check"
        )


def _person(present) -> dict | None:
    if present is None:
        return None
    return {"name": present.name, "since": present.since.isoformat()}
