from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget

from xeber.editorial.services import article_claim_version
from xeber.media.services import check_upload
from xeber.news.models import Article
from xeber.news.services import unique_article_slug

BODY_EDITOR = {
    "extensions": {
        "Bold": True, "Italic": True, "Subscript": True, "Superscript": True,
        "Heading": {"levels": [2, 3, 4]}, "BulletList": True, "OrderedList": True,
        "Blockquote": True, "Link": {"protocols": ["http", "https", "mailto"]},
        "HardBreak": True, "Figure": True, "Caption": True, "Image": True, "ListItem": True,
        "History": True,
    }
}  # fmt: skip


class ArticleAdminForm(forms.ModelForm):
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    cover_upload = forms.FileField(
        label=_("Upload a cover image"), required=False,
        help_text=_("JPEG, PNG, WebP or GIF, up to 20 MB. Resized copies are made for phones."),
    )  # fmt: skip
    cover_alt = forms.CharField(label=_("Alternative text"), required=False, max_length=300)
    cover_caption = forms.CharField(label=_("Caption"), required=False, max_length=300)
    cover_credit = forms.CharField(label=_("Credit"), required=False, max_length=150)

    class Meta:
        model = Article
        fields = [
            "edition", "section", "title", "slug", "lead", "body", "cover", "authors", "tags",
            "source", "published_at", "is_main", "translation_key", "header_breaking",
            "header_rate_fixed", "header_usd",
        ]  # fmt: skip
        widgets = {"body": AdminProseEditorWidget(config=BODY_EDITOR, preset="configurable")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.conflict: Article | None = None
        if self.instance.pk:
            self.fields["base_version"].initial = self.instance.version
        if "slug" in self.fields:
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _("Leave empty to make one from the title.")
        if "published_at" in self.fields:
            self.fields["published_at"].help_text = _(
                "Newsroom time (%(zone)s). A future time schedules the article."
            ) % {"zone": settings.TIME_ZONE}

    def clean_slug(self):
        slug = self.cleaned_data.get("slug")
        if slug:
            return slug
        if self.instance.slug:
            return self.instance.slug
        edition = self.cleaned_data.get("edition") or self.instance.edition
        return unique_article_slug(
            edition=edition, title=self.cleaned_data.get("title") or "article"
        )

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
            self._claim_version(cleaned.get("base_version"))
        return cleaned

    def _claim_version(self, base_version) -> None:
        if base_version is None or not article_claim_version(
            article_pk=self.instance.pk, base_version=base_version
        ):
            self.conflict = Article.objects.get(pk=self.instance.pk)
            raise ValidationError(
                _(
                    "Not saved: this article was changed by someone else (now version "
                    "%(current)s, you started from %(yours)s). Both versions are shown "
                    "below; copy what you need from yours, then save again."
                ),
                code="stale",
                params={"current": self.conflict.version, "yours": base_version},
            )
        self.instance.version = base_version + 1
