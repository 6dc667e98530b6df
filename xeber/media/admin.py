from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from xeber.media.models import Image
from xeber.media.services import check_upload, image_upload


class ImageForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["file", "alt", "caption", "credit"]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "size") and not getattr(upload, "_committed", False):
            check_upload(upload)
        return upload


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["alt", "code", "caption", "credit", "width", "height", "created_at"]
    search_fields = ["alt", "caption", "credit"]

    @admin.display(description=_("put in a body as a paragraph"))
    def code(self, image: Image) -> str:
        return f"[image {image.pk}]"

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        saved = image_upload(
            upload=form.cleaned_data["file"], alt=obj.alt, caption=obj.caption,
            credit=obj.credit, user=request.user,
        )  # fmt: skip
        obj.pk, obj.file = saved.pk, saved.file
