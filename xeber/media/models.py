from __future__ import annotations

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import models
from django.utils.translation import gettext_lazy as _


class Image(models.Model):
    """An uploaded picture with what a newsroom must say about it."""

    file = models.ImageField(_("file"), upload_to="images/%Y/%m/", width_field="width",
                             height_field="height")  # fmt: skip
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    alt = models.CharField(
        _("alternative text"), max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )  # fmt: skip
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    credit = models.CharField(_("credit"), max_length=150, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("uploaded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    # The renditions' widths, formats and file names, kept here so that a page showing the
    # image builds its srcset without another query.
    variants = models.JSONField(default=list, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self) -> str:
        return self.alt

    def _srcset(self, fmt: str) -> str:
        return ", ".join(
            f"{default_storage.url(variant['name'])} {variant['width']}w"
            for variant in self.variants
            if variant["format"] == fmt
        )

    @property
    def webp_srcset(self) -> str:
        return self._srcset("webp")

    @property
    def jpeg_srcset(self) -> str:
        return self._srcset("jpeg")

    def _fallback(self) -> dict | None:
        jpegs = sorted(
            (variant for variant in self.variants if variant["format"] == "jpeg"),
            key=lambda variant: variant["width"],
        )
        return jpegs[len(jpegs) // 2] if jpegs else None

    @property
    def fallback_url(self) -> str:
        variant = self._fallback()
        return default_storage.url(variant["name"]) if variant else self.file.url

    @property
    def fallback_size(self) -> int:
        variant = self._fallback()
        return variant.get("size", 0) if variant else self.file.size


class Rendition(models.Model):
    """A resized copy of an image for `srcset`: one width, one format."""

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    format = models.CharField(max_length=8)  # "webp" or "jpeg"
    file = models.ImageField(upload_to="renditions/%Y/%m/")

    class Meta:
        ordering = ["format", "width"]
        constraints = [
            models.UniqueConstraint(fields=["image", "width", "format"], name="rendition_unique")
        ]

    def __str__(self) -> str:
        return f"{self.image_id} {self.width}w {self.format}"


class Gallery(models.Model):
    """An ordered set of images, shown in an article's body as a grid with a lightbox, or
    as the main content of a photo report. Articles carry it expanded into their body
    (xeber/media/blocks.py), so a page reads nothing more for it."""

    title = models.CharField(
        _("title"), max_length=300, blank=True,
        help_text=_("Shown above the pictures; leave empty for none."),
    )  # fmt: skip
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("created by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("gallery")
        verbose_name_plural = _("galleries")

    def __str__(self) -> str:
        return f"{self.shortcode} {self.title}".strip()

    @property
    def shortcode(self) -> str:
        """What an editor writes as a paragraph of its own to put the gallery in a body."""
        return f"[gallery {self.pk}]"


class GalleryItem(models.Model):
    """One picture of a gallery, in its place; the caption may differ from the image's."""

    gallery = models.ForeignKey(
        Gallery, on_delete=models.CASCADE, related_name="items", verbose_name=_("gallery")
    )
    # An image shown in a gallery cannot be deleted from under it.
    image = models.ForeignKey(
        Image, on_delete=models.PROTECT, related_name="gallery_items", verbose_name=_("image")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    caption = models.CharField(
        _("caption"), max_length=300, blank=True,
        help_text=_("Leave empty to use the image's own caption."),
    )  # fmt: skip

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("picture")
        verbose_name_plural = _("pictures")

    def __str__(self) -> str:
        return f"{self.gallery_id}/{self.position}: {self.image_id}"

    @property
    def shown_caption(self) -> str:
        return self.caption or self.image.caption
