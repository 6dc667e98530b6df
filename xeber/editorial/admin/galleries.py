"""Galleries in the back office: ordered pictures, picked from our images or uploaded.

An editor puts a gallery in a body with its code, `[gallery 12]`, as a paragraph of its
own (shown here and in the list). Saving a gallery, or an image's caption, credit or
alternative text, expands it again in every article that shows it.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Max
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xeber.editorial.galleries import articles_refresh_media
from xeber.media.admin import ImageAdmin
from xeber.media.models import Gallery, GalleryItem, Image
from xeber.media.services import check_upload, image_upload
from xeber.news.models import Article


class GalleryItemForm(forms.ModelForm):
    """A picture: one of our images, or a new file with what a newsroom must say of it."""

    upload = forms.FileField(
        label=gettext_lazy("or upload a new one"), required=False,
        help_text=gettext_lazy("JPEG, PNG, WebP or GIF, up to 20 MB."),
    )  # fmt: skip
    alt = forms.CharField(
        label=gettext_lazy("Alternative text"), required=False, max_length=300,
        help_text=gettext_lazy("Required for a new upload."),
    )  # fmt: skip
    credit = forms.CharField(label=gettext_lazy("Credit"), required=False, max_length=150)

    class Meta:
        model = GalleryItem
        fields = ["position", "image", "upload", "alt", "credit", "caption"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].required = False
        position = self.fields["position"]
        position.required, position.initial = False, None
        position.help_text = _("Empty: after the others.")

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("upload")
        if upload:
            if not (cleaned.get("alt") or "").strip():
                self.add_error("alt", _("Alternative text is required for an image."))
            try:
                check_upload(upload)
            except ValidationError as error:
                self.add_error("upload", error)
        elif not cleaned.get("image") and not cleaned.get("DELETE"):
            self.add_error("image", _("Choose an image or upload one."))
        return cleaned


class GalleryItemInline(admin.TabularInline):
    model = GalleryItem
    form = GalleryItemForm
    extra = 3
    autocomplete_fields = ["image"]
    ordering = ["position", "id"]


@admin.register(Gallery)
class GalleryAdmin(admin.ModelAdmin):
    inlines = [GalleryItemInline]
    list_display = ["title", "code", "pictures", "updated_at"]
    search_fields = ["title"]
    readonly_fields = ["code", "shown_in"]
    fields = ["title", "code", "shown_in"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(picture_count=Count("items"))

    @admin.display(description=gettext_lazy("put in a body as a paragraph"))
    def code(self, gallery: Gallery) -> str:
        return gallery.shortcode if gallery.pk else _("(after saving)")

    @admin.display(description=gettext_lazy("shown in"))
    def shown_in(self, gallery: Gallery) -> str:
        """The articles showing it (found by their stored markup, as the refresh finds
        them), so that no one deletes a gallery readers still see."""
        if not gallery.pk:
            return "-"
        showing = Article.objects.filter(body__contains=f'data-gallery="{gallery.pk}"')
        links = [
            format_html('<a href="{}">{}</a>', reverse("admin:news_article_change", args=[a.pk]), a)
            for a in showing.only("pk", "title").order_by("-pk")[:20]
        ]
        return format_html_join(mark_safe("<br>"), "{}", ((link,) for link in links)) or "-"

    @admin.display(description=gettext_lazy("pictures"), ordering="picture_count")
    def pictures(self, gallery: Gallery) -> int:
        return gallery.picture_count

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        """New uploads become images (checked again, resized) before their pictures are
        saved (the caption typed with an upload is the new image's own); pictures without
        a position go last, in the order given."""
        items = formset.save(commit=False)
        given = [each.cleaned_data.get("position") or 0 for each in formset.forms]
        stored = formset.instance.items.aggregate(last=Max("position"))["last"] or 0
        last = max([stored, *given])
        for item_form in formset.forms:
            item = item_form.instance
            if item not in items:
                continue
            upload = item_form.cleaned_data.get("upload")
            if upload:
                item.image = image_upload(
                    upload=upload, alt=item_form.cleaned_data["alt"],
                    caption=item.caption, credit=item_form.cleaned_data.get("credit", ""),
                    user=request.user,
                )  # fmt: skip
                item.caption = ""
            if not item.position:  # left empty: after the others
                last += 1
                item.position = last
            item.save()
        for item in formset.deleted_objects:
            item.delete()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        _refreshed(request, articles_refresh_media(galleries=[form.instance.pk]))


class ImageDeskAdmin(ImageAdmin):
    """The image admin of xeber/media, which expands an edited image again in the articles
    and galleries that show it (media knows nothing of articles)."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            _refreshed(request, articles_refresh_media(images=[obj.pk]))


def _refreshed(request, count: int) -> None:
    if count:
        messages.info(
            request, _("Updated in %(count)s article(s) that show it.") % {"count": count}
        )


admin.site.unregister(Image)
admin.site.register(Image, ImageDeskAdmin)
