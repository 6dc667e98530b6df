"""Galleries for the tests: pictures made here, galleries, articles saved as editors save."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from xeber.editorial.services import article_create
from xeber.media.models import Gallery, GalleryItem, Image
from xeber.media.services import image_upload
from xeber.news.models import Article


def picture(
    width=2000, height=1200, color="#24506e", name="photo.jpg", fmt="JPEG"
) -> SimpleUploadedFile:
    """An upload of a plain picture, drawn here."""
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), color).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


def make_image(alt: str, caption: str = "", credit: str = "", **size) -> Image:
    return image_upload(upload=picture(**size), alt=alt, caption=caption, credit=credit)


def make_gallery(title: str, pictures: list[tuple[str, str, str]]) -> Gallery:
    """A gallery of new images, each (alt, caption, credit), in that order."""
    gallery = Gallery.objects.create(title=title)
    for position, (alt, caption, credit) in enumerate(pictures, start=1):
        image = make_image(alt, caption, credit, color=f"#{position * 40:02x}5060")
        GalleryItem.objects.create(gallery=gallery, image=image, position=position)
    return gallery


def saved_article(section, body: str, **fields) -> Article:
    """A published article saved through the save service, as the admin and importers do."""
    data = {
        "edition": section.edition, "section": section, "title": "Фоторепортаж из Шеки",
        "lead": "Город мастеров.", "body": body, **fields,
    }  # fmt: skip
    return article_create(user=None, data=data, status=Article.Status.PUBLISHED)


SUMMER = [
    ("Караван-сарай в Шеки", "Верхний караван-сарай", "Айдан Мамедова"),
    ("Дворец шекинских ханов", "Шебеке дворца", "Айдан Мамедова"),
    ("Мастер делает кялагаи", "Шёлковые платки", ""),
]
