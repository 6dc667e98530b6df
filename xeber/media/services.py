"""Uploading images: checked by Pillow, never SVG, at most 20 MB, with renditions."""

from __future__ import annotations

import io
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image as PillowImage
from PIL import ImageOps, UnidentifiedImageError

from xeber.media.models import Image, Rendition

ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
RENDITION_WIDTHS = (400, 800, 1600)
RENDITION_FORMATS = {"webp": ("WEBP", 80), "jpeg": ("JPEG", 82)}
# A decompression bomb is refused before it is decoded.
PillowImage.MAX_IMAGE_PIXELS = 60_000_000


def check_upload(upload) -> str:
    """The file's real format, or a ValidationError that says what is wrong with it."""
    limit = settings.IMAGE_MAX_BYTES
    if upload.size > limit:
        raise ValidationError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {"size": round(upload.size / 2**20, 1), "limit": limit // 2**20}
        )
    head = upload.read(512)
    upload.seek(0)
    if b"<svg" in head.lower() or os.path.splitext(upload.name)[1].lower() == ".svg":
        raise ValidationError(_("SVG files are not accepted: they can carry scripts."))
    try:
        with PillowImage.open(upload) as probe:
            fmt = probe.format
            probe.verify()
        upload.seek(0)
        # verify() reads the structure only: a truncated or corrupt picture fails when
        # decoded, which the renditions do after the form has been accepted.
        with PillowImage.open(upload) as picture:
            picture.load()
    except (
        UnidentifiedImageError, OSError, SyntaxError, ValueError,
        PillowImage.DecompressionBombError,
    ):  # fmt: skip
        raise ValidationError(_("This file is not an image Xeber can read.")) from None
    finally:
        upload.seek(0)
    if fmt not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("%(format)s images are not accepted: use JPEG, PNG, WebP or GIF.") % {"format": fmt}
        )
    return fmt


def _renditions(image: Image) -> None:
    with image.file.open("rb"), PillowImage.open(image.file) as original:
        picture = ImageOps.exif_transpose(original).convert("RGB")
    for width in RENDITION_WIDTHS:
        if width > picture.width and width != RENDITION_WIDTHS[0]:
            break  # never upscale beyond the smallest rendition
        height = round(picture.height * width / picture.width)
        resized = picture.resize((width, height), PillowImage.Resampling.LANCZOS)
        for fmt, (pillow_format, quality) in RENDITION_FORMATS.items():
            buffer = io.BytesIO()
            resized.save(buffer, pillow_format, quality=quality)
            rendition = Rendition(image=image, width=width, height=height, format=fmt)
            name = f"{image.pk}-{width}.{'jpg' if fmt == 'jpeg' else fmt}"
            rendition.file.save(name, ContentFile(buffer.getvalue()), save=False)
            rendition.save()
            image.variants.append({"width": width, "format": fmt, "name": rendition.file.name,
                                   "size": len(buffer.getvalue())})  # fmt: skip
    image.save(update_fields=["variants"])


@transaction.atomic
def image_upload(*, upload, alt: str, caption: str = "", credit: str = "", user=None) -> Image:
    if not alt.strip():
        raise ValidationError(_("Alternative text is required."))
    check_upload(upload)
    image = Image(alt=alt.strip(), caption=caption, credit=credit, created_by=user)
    image.file.save(os.path.basename(upload.name), upload, save=False)
    image.save()
    _renditions(image)
    return image


def image_discard(image: Image) -> None:
    """Take back an upload nothing came to use (the entry it came with was refused): its
    row, its renditions and their files, so that no address of it stays readable."""
    for name in [image.file.name, *(variant["name"] for variant in image.variants)]:
        if name:
            image.file.storage.delete(name)
    image.delete()
