from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget

from xeber.editorial.services import CoverUpload, InvalidTransition, editor_texts, step_check
from xeber.embeds import providers as embed_providers
from xeber.media.services import check_upload
from xeber.news.models import Article

BODY_EDITOR = {
    "extensions": {
        "Bold": True, "Italic": True, "Subscript": True, "Superscript": True,
        "Heading": {"levels": [2, 3, 4]}, "BulletList": True, "OrderedList": True,
        "Blockquote": True, "Link": {"protocols": ["http", "https", "mailto"]},
        "HardBreak": True, "Figure": True, "Caption": True, "Image": True, "ListItem": True,
        "History": True,
    }
}  # fmt: skip


class BodyEditorWidget(AdminProseEditorWidget):
    """The body's editor with Xeber's embeds: an Embed button and a preview of what each
    lone link becomes (a TipTap extension, static/xeber/editor-embeds.js, which the
    configurable preset loads as a module of its own)."""

    def get_config(self) -> dict:
        config = super().get_config()
        config["extensions"]["XeberEmbed"] = embed_editor_options()
        config["js_modules"] = [*config["js_modules"], static("xeber/editor-embeds.js")]
        return config


def embed_editor_options() -> dict:
    """The extension's options, in the editor's language (rendered with each form)."""
    names = ", ".join(provider.name for provider in embed_providers.enabled())
    return {
        "previewUrl": reverse("admin:news_article_embed_preview"),
        "labels": {
            "button": _("Embed a post or video"),
            "link": _("Link"),
            "help": _("A post or video of %(providers)s. It goes in as a paragraph of its "
                      "own and becomes an embed when you save.") % {"providers": names or "-"},
            "submit": _("Embed"),
            "heading": _("Embeds"),
            "intro": _("What each link alone in a paragraph becomes when you save:"),
            "checking": _("Checking the link…"),
            "noPicture": _("No picture"),
            "notEmbedded": _("Stays a plain link"),
            "unavailable": _("The link could not be checked just now."),
        },
    }  # fmt: skip


class ArticleAdminForm(forms.ModelForm):
    # Set by the admin per request: who saves, and the workflow step pressed with the save.
    user = None
    step: str | None = None
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    cover_upload = forms.FileField(
        label=_("Upload a cover image"), required=False,
        help_text=_("JPEG, PNG, WebP or GIF, up to 20 MB. Resized copies are made for phones."),
    )  # fmt: skip
    cover_alt = forms.CharField(label=_("Alternative text"), required=False, max_length=300)
    cover_caption = forms.CharField(label=_("Caption"), required=False, max_length=300)
    cover_credit = forms.CharField(label=_("Credit"), required=False, max_length=150)
    substantive = forms.BooleanField(
        label=_("Substantive update"), required=False,
        help_text=_("Tick when the facts change: readers see an “updated” time and search "
                    "engines a new modification date. Leave it for typo fixes."),
    )  # fmt: skip

    class Meta:
        model = Article
        fields = [
            "edition", "section", "kind", "title", "slug", "lead", "body", "cover", "authors",
            "tags", "source", "published_at", "is_main", "translation_key", "header_breaking",
            "header_rate_fixed", "header_usd", "telegram_post",
        ]  # fmt: skip
        widgets = {"body": BodyEditorWidget(config=BODY_EDITOR, preset="configurable")}

    restored = None  # a working copy to show instead of the saved text (admin/articles.py)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: Article | None = None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
            self.initial["body"] = editor_texts(self.instance)["body"]
        self._restore(getattr(self, "restored", None))
        if "published_at" in self.fields:  # the admin's date and time boxes have no label
            date, time = self.fields["published_at"].widget.widgets
            date.attrs["aria-label"] = _("Publication date")
            time.attrs["aria-label"] = _("Publication time")
        if "kind" in self.fields:  # a client that leaves it out keeps the article's kind
            self.fields["kind"].required = False
        if "body" in self.fields:
            self.fields["body"].help_text = _(
                "A gallery or one of our images goes in as a paragraph of its own: "
                "[gallery 12], [image 7] (their numbers are in Media)."
            )
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leave empty to make one from the title.")
        if "published_at" in self.fields:
            self.fields["published_at"].help_text = _(
                "Newsroom time (%(zone)s). A future time schedules the article."
            ) % {"zone": settings.TIME_ZONE}

    def clean_kind(self) -> str:
        return self.cleaned_data.get("kind") or self.instance.kind or Article.Kind.ARTICLE

    def _restore(self, copy) -> None:
        """The working copy's text, on the version it was written on: saving it over a
        later save leads to the conflict screen, as any stale save does."""
        if copy is None or self.is_bound:
            return
        self.initial.update({name: copy.fields.get(name, "") for name in ("title", "lead", "body")})
        if copy.base_version is not None:
            self.initial["base_version"] = copy.base_version

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("cover_upload")
        if upload:
            if not (cleaned.get("cover_alt") or "").strip():
                self.add_error("cover_alt", _("Alternative text is required for an image."))
            try:
                check_upload(upload)
            except ValidationError as error:
                self.add_error("cover_upload", error)
        if self.instance.pk and not self.errors:
            self._check_version(cleaned.get("base_version"))
        return cleaned

    def _post_clean(self):
        """With the edited values on the instance: may this user take the step pressed?"""
        super()._post_clean()
        if self.step is None or self.errors:
            return
        if self.instance.pk is None:
            self.instance.created_by = self.user
        try:  # a step this user may never take is a PermissionDenied: a 403 page
            step_check(user=self.user, article=self.instance, step=self.step)
        except InvalidTransition as problem:
            self.add_error(None, str(problem))

    def _check_version(self, base_version) -> None:
        """Refuse an edit made on an older version, showing the newer one. Only a check:
        the save service claims the version. The admin validates inside the transaction
        that saves, so the row read here (locked on PostgreSQL; SQLite's transactions are
        IMMEDIATE) is the one the service updates."""
        current = Article.objects.select_for_update(no_key=True).get(pk=self.instance.pk)
        if base_version == current.version:
            return
        self.conflict = current
        raise ValidationError(
            _(
                "Not saved: this article was changed by someone else (now version "
                "%(current)s, you started from %(yours)s). Both versions are shown "
                "below; copy what you need from yours, then save again."
            ),
            code="stale",
            params={"current": current.version, "yours": base_version},
        )

    def article_data(self) -> dict:
        """What the save service stores: the model fields this form edits."""
        data = {
            name: self.cleaned_data[name]
            for name in self._meta.fields
            if name in self.cleaned_data and name in self.fields
        }
        upload = self.cleaned_data.get("cover_upload")
        if upload:
            data["cover_upload"] = CoverUpload(
                upload=upload,
                alt=self.cleaned_data["cover_alt"],
                caption=self.cleaned_data.get("cover_caption", ""),
                credit=self.cleaned_data.get("cover_credit", ""),
            )
        return data


class CorrectionForm(forms.Form):
    """A correction note on a published story (the article's change page)."""

    text = forms.CharField(
        label=_("Correction"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What was wrong and what is right. Readers see it with its time; it "
                    "cannot be taken back."),
    )  # fmt: skip
