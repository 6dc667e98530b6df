"""The article desk: writing, the workflow buttons, revisions and the stale-save guard."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from xeber.core.html import html_to_paragraphs
from xeber.editorial import services, working
from xeber.editorial.admin.writing import WritingViews
from xeber.editorial.diff import side_by_side
from xeber.editorial.forms import ArticleAdminForm, CorrectionForm
from xeber.editorial.models import AuditEntry, Correction, Revision
from xeber.editorial.policy import Action, can
from xeber.editorial.preview import preview_token
from xeber.editorial.roles import Role, editions_of, role_of
from xeber.embeds.preview import preview_link
from xeber.news.models import Article

WORKFLOW = [
    ("submit", Action.SUBMIT, gettext_lazy("Submit for review"), services.SUBMITTABLE),
    ("publish", Action.PUBLISH, gettext_lazy("Publish now"), services.PUBLISHABLE),
    ("schedule", Action.SCHEDULE, gettext_lazy("Schedule at the publication time"),
     services.PUBLISHABLE),
    ("unpublish", Action.UNPUBLISH, gettext_lazy("Unpublish"), services.UNPUBLISHABLE),
    ("return", Action.RETURN, gettext_lazy("Return to draft"), services.RETURNABLE),
]  # fmt: skip


@admin.register(Article)
class ArticleAdmin(WritingViews, admin.ModelAdmin):
    form = ArticleAdminForm
    change_form_template = "editorial/article_change_form.html"
    list_display = ["title", "edition", "section", "state_label", "published_at", "is_main",
                    "created_by"]  # fmt: skip
    list_filter = ["edition", "status", "is_main", "section"]
    search_fields = ["title", "lead"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["tags", "authors", "cover"]
    list_select_related = ["section", "created_by"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "edition",
                    "section",
                    "kind",
                    "title",
                    "slug",
                    "lead",
                    "body",
                    "base_version",
                ]
            },
        ),
        (
            gettext_lazy("Cover"),
            {"fields": ["cover", "cover_upload", "cover_alt", "cover_caption", "cover_credit"]},
        ),
        (gettext_lazy("People and tags"), {"fields": ["authors", "tags", "source"]}),
        (
            gettext_lazy("Publication"),
            {
                "fields": [
                    "state_label",
                    "substantive",
                    "published_at",
                    "is_main",
                    "telegram_post",
                    "translation_key",
                    "version",
                    "created_by",
                    "updated_at",
                ]
            },
        ),
        (
            gettext_lazy("Header at publication"),
            {
                "classes": ["collapse"],
                "fields": ["header_breaking", "header_rate_fixed", "header_usd"],
            },
        ),
    ]

    @admin.display(description=gettext_lazy("state"), ordering="status")
    def state_label(self, article: Article) -> str:
        return str(article.state.label)

    # --- who sees what -------------------------------------------------------------
    def get_queryset(self, request):
        articles = super().get_queryset(request).select_related("section", "created_by")
        if request.resolver_match and request.resolver_match.url_name.endswith("changelist"):
            # The list shows what one may open; opening anything else is a 403, not a 404.
            role = role_of(request.user)
            if role is Role.AUTHOR and not request.user.is_superuser:
                articles = articles.filter(created_by=request.user)
            elif role is Role.EDITOR and not request.user.is_superuser:
                articles = articles.filter(edition__in=editions_of(request.user))
        return articles

    def has_module_permission(self, request) -> bool:
        return can(request.user, Action.CREATE)

    def has_view_permission(self, request, obj=None) -> bool:
        return (
            can(request.user, Action.CREATE) if obj is None else can(request.user, Action.VIEW, obj)
        )

    def has_change_permission(self, request, obj=None) -> bool:
        return (
            can(request.user, Action.CREATE) if obj is None else can(request.user, Action.EDIT, obj)
        )

    def has_add_permission(self, request) -> bool:
        return can(request.user, Action.CREATE)

    def has_delete_permission(self, request, obj=None) -> bool:
        return can(request.user, Action.DELETE, obj)

    def get_readonly_fields(self, request, obj=None):
        fields = ["state_label", "version", "created_by", "updated_at"]
        if obj and obj.status in services.SLUG_FIXED:
            fields.append("slug")  # readers have seen it: it never changes
        return fields

    def get_fieldsets(self, request, obj=None):
        """The substantive-update box only where it means something: a story readers see."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.is_public:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "substantive"]})
            for name, options in fieldsets
        ]

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj and obj.status != Article.Status.DRAFT else {"slug": ["title"]}

    # --- saving: one call of the save service, which also runs the workflow step --------
    def save_model(self, request, obj, form, change):
        if change:
            services.article_update(
                user=request.user,
                article=obj,
                data=form.article_data(),
                base_version=form.cleaned_data.get("base_version"),
                step=form.step,
                substantive=form.cleaned_data.get("substantive", False),
            )
        else:
            services.article_create(
                user=request.user, data=form.article_data(), step=form.step, article=obj
            )
        # Saved: what was kept while writing is in the article now.
        working.working_copy_discard(user=request.user, article=obj if change else None)
        # Galleries and images (media/blocks.py), embeds (embeds/services.py).
        for note in getattr(obj, "body_notes", []):
            messages.warning(request, note)
        if form.step:
            messages.success(request, _("Done: %(state)s.") % {"state": self.state_label(obj)})

    def delete_model(self, request, obj):
        services.article_delete(user=request.user, article=obj)

    def delete_queryset(self, request, queryset):
        for article in queryset:
            services.article_delete(user=request.user, article=article)

    def save_related(self, request, form, formsets, change):
        """The save service has set the tags and authors already."""
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)

    # --- the change form's extra context ----------------------------------------------
    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["workflow_buttons"] = [
            (value, label)
            for value, action, label, states in WORKFLOW
            if (obj is None and value == "submit") or (
                obj is not None and obj.state in states and can(request.user, action, obj)
            )
        ]  # fmt: skip
        if obj is not None:
            context["preview_url"] = request.build_absolute_uri(
                reverse("editorial:preview", args=[preview_token(obj)])
            )
            context["audit"] = AuditEntry.objects.filter(article=obj).select_related("user")[:10]
            context["revisions_url"] = reverse("admin:news_article_revisions", args=[obj.pk])
            context["corrections"] = Correction.objects.filter(article=obj)
            if obj.is_public and can(request.user, Action.CORRECT, obj):
                context["correction_form"] = CorrectionForm()
                context["correction_url"] = reverse(
                    "admin:news_article_correction_add", args=[obj.pk]
                )
        context["writing"] = self._writing_context(request, obj)
        form = context["adminform"].form
        if getattr(form, "conflict", None) is not None:
            context["conflict"] = _conflict_rows(form)
        context["time_zone"] = timezone.get_current_timezone_name()
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _writing_context(self, request, obj) -> dict:
        """What writing.js needs, and the working copy to offer back (unless restored now)."""
        suffix = [obj.pk] if obj is not None else []
        name = "news_article_{}" if obj is not None else "news_article_{}_new"
        texts = services.editor_texts(obj) if obj is not None else None  # read once for both
        offered = None
        if request.method == "GET" and not request.GET.get("restore"):
            offered = working.working_copy_to_offer(request.user, obj, texts)
        return {
            "autosave_url": reverse("admin:" + name.format("autosave"), args=suffix),
            "discard_url": reverse("admin:" + name.format("discard"), args=suffix),
            "presence_url": reverse("admin:news_article_presence", args=suffix) if obj else "",
            "offered": offered,
            "findings": services.script_findings(obj, texts) if obj is not None else [],
            "fix_url": reverse("admin:news_article_script_fix", args=suffix) if obj else "",
            "may_fix": obj is not None and can(request.user, Action.EDIT, obj),
        }

    def get_form(self, request, obj=None, change=False, **kwargs):
        """The form checks the workflow step pressed with the save, for this user; opened
        with ?restore=1, it shows the person's working copy instead of the saved text."""
        form = super().get_form(request, obj, change, **kwargs)
        step = request.POST.get("_workflow") or None
        attributes = {"user": request.user, "step": step}
        if request.method == "GET" and request.GET.get("restore"):
            attributes["restored"] = working.working_copy_to_offer(request.user, obj)
        return type(form.__name__, (form,), attributes)

    # --- revisions ---------------------------------------------------------------------
    def get_urls(self):
        extra = [
            path("<int:object_id>/revisions/", self.admin_site.admin_view(self.revisions_view),
                 name="news_article_revisions"),
            path("<int:object_id>/revisions/diff/",
                 self.admin_site.admin_view(self.revision_diff_view),
                 name="news_article_revision_diff"),
            path("<int:object_id>/revisions/<int:number>/restore/",
                 self.admin_site.admin_view(require_POST(self.revision_restore_view)),
                 name="news_article_revision_restore"),
            path("<int:object_id>/corrections/add/",
                 self.admin_site.admin_view(require_POST(self.correction_add_view)),
                 name="news_article_correction_add"),
            path("embed-preview/",
                 self.admin_site.admin_view(require_POST(self.embed_preview_view)),
                 name="news_article_embed_preview"),
        ]  # fmt: skip
        return extra + self.writing_urls() + super().get_urls()

    def _article_for(self, request, object_id: int, action: Action) -> Article:
        article = get_object_or_404(Article, pk=object_id)
        if not can(request.user, action, article):
            raise PermissionDenied
        return article

    def revisions_view(self, request, object_id: int):
        article = self._article_for(request, object_id, Action.VIEW)
        revisions = Revision.objects.filter(article_key=article.pk).select_related("created_by")
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta,
            "article": article, "revisions": revisions,
            "can_restore": can(request.user, Action.RESTORE, article),
            "title": _("Revisions of “%(title)s”") % {"title": article.title},
        }  # fmt: skip
        return TemplateResponse(request, "editorial/revisions.html", context)

    def revision_diff_view(self, request, object_id: int):
        article = self._article_for(request, object_id, Action.VIEW)
        try:
            numbers = int(request.GET["a"]), int(request.GET["b"])
        except (KeyError, ValueError):
            raise Http404("choose two revisions") from None
        found = {
            r.number: r for r in Revision.objects.filter(article_key=article.pk, number__in=numbers)
        }
        if len(found) != len(set(numbers)):
            raise Http404("no such revision")
        old, new = found[numbers[0]], found[numbers[1]]
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "article": article,
            "old": old, "new": new, "tables": revision_diff_tables(old.data, new.data),
            "title": _("Revision %(a)s and %(b)s") % {"a": old.number, "b": new.number},
        }  # fmt: skip
        return TemplateResponse(request, "editorial/revision_diff.html", context)

    def revision_restore_view(self, request, object_id: int, number: int):
        article = self._article_for(request, object_id, Action.RESTORE)
        revision = get_object_or_404(Revision, article_key=article.pk, number=number)
        new = services.revision_restore(user=request.user, article=article, revision=revision)
        messages.success(request, _("Revision %(old)s restored as revision %(new)s.")
                         % {"old": number, "new": new.number})  # fmt: skip
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))

    # --- corrections ---------------------------------------------------------------------
    def correction_add_view(self, request, object_id: int):
        article = self._article_for(request, object_id, Action.CORRECT)
        form = CorrectionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Not added: a correction needs its text (up to 2000 "
                                      "characters)."))  # fmt: skip
        else:
            try:
                services.correction_add(
                    user=request.user, article=article, text=form.cleaned_data["text"]
                )
            except services.InvalidTransition as problem:
                messages.error(request, str(problem))
            else:
                messages.success(request, _("Correction added: readers see it now."))
        return HttpResponseRedirect(reverse("admin:news_article_change", args=[article.pk]))

    # --- the body editor's embed preview (static/xeber/editor-embeds.js) -------------------
    def embed_preview_view(self, request):
        """What a link will become when saved, as JSON. A POST (with the CSRF token), since
        it may send requests to the provider; nothing is stored."""
        if not self.has_change_permission(request):
            return JsonResponse({"message": _("You may not write articles.")}, status=403)
        address = request.POST.get("url", "").strip()
        if not address:
            return JsonResponse({"message": _("Give the link of a post or video.")}, status=400)
        return JsonResponse(preview_link(address).as_dict())


DIFF_FIELDS = [
    ("title", gettext_lazy("Title")), ("lead", gettext_lazy("Lead")),
    ("body", gettext_lazy("Body")), ("slug", gettext_lazy("Slug")),
    ("section_id", gettext_lazy("Section")), ("tag_ids", gettext_lazy("Tags")),
    ("author_ids", gettext_lazy("Authors")), ("cover_id", gettext_lazy("Cover")),
    ("source", gettext_lazy("Source")), ("is_main", gettext_lazy("Main story")),
]  # fmt: skip


def _lines(name: str, value) -> list[str]:
    if name == "body":
        return html_to_paragraphs(value or "")
    if value is None:
        return []
    return [str(value)]


def revision_diff_tables(old: dict, new: dict) -> list[tuple[str, list]]:
    """(field label, side-by-side rows) for each field that differs."""
    tables = []
    for name, label in DIFF_FIELDS:
        before, after = _lines(name, old.get(name)), _lines(name, new.get(name))
        if before != after:
            tables.append((str(label), side_by_side(before, after)))
    return tables


def _conflict_rows(form) -> list[tuple[str, str, str]]:
    """(field, what you submitted, what is saved now) for the stale-save screen."""
    current = form.conflict
    rows = []
    for name in ["title", "lead", "body", "source"]:
        yours = form.data.get(name, "")
        saved = getattr(current, name)
        if name == "body":
            yours, saved = (
                "\n\n".join(html_to_paragraphs(yours)),
                "\n\n".join(html_to_paragraphs(saved)),
            )
        rows.append((str(Article._meta.get_field(name).verbose_name), yours, saved))
    return rows
