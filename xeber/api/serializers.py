from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.core.files.storage import default_storage
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xeber.core.links import is_web_link
from xeber.embeds.markup import api_blocks
from xeber.media.models import Image
from xeber.media.selectors import ShownImage, body_media
from xeber.news.models import Article, Author, AuthorProfile, BreakingNews, Section, Tag


class SectionSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Section
        fields = ["id", "edition", "name", "slug", "position", "url"]


class TagSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Tag
        fields = ["id", "edition", "name", "slug", "url"]


def _absolute(serializer: serializers.Serializer) -> Callable[[str], str]:
    """What makes a path a full URL for this request (a path stays one without a request)."""
    request = serializer.context.get("request")
    return request.build_absolute_uri if request else (lambda path: path)


class AuthorLinksSerializer(serializers.Serializer):
    """An author's pages elsewhere, as their page lists them (web addresses only)."""

    telegram = serializers.URLField(allow_null=True)
    x = serializers.URLField(allow_null=True)
    facebook = serializers.URLField(allow_null=True)
    instagram = serializers.URLField(allow_null=True)
    website = serializers.URLField(allow_null=True)
    email = serializers.EmailField(allow_null=True)


class AuthorSerializer(serializers.ModelSerializer):
    photo_url = serializers.SerializerMethodField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = Author
        fields = ["id", "name", "slug", "bio", "photo_url", "links"]

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_photo_url(self, author: Author) -> str | None:
        return _absolute(self)(author.photo.url) if author.photo else None

    @extend_schema_field(AuthorLinksSerializer)
    def get_links(self, author: Author) -> dict:
        pages = {
            "telegram": author.telegram_url, "x": author.x_url,
            "facebook": author.facebook_url, "instagram": author.instagram_url,
            "website": author.website,
        }  # fmt: skip
        links = {name: link if is_web_link(link) else None for name, link in pages.items()}
        return {**links, "email": author.email or None}


class BylineSerializer(AuthorSerializer):
    """An author of an article, with what the article's edition says about them (as their
    page there does): `bio` is that edition's biography, else the general one."""

    url = serializers.SerializerMethodField()
    job_title = serializers.SerializerMethodField()
    bio = serializers.SerializerMethodField()

    class Meta(AuthorSerializer.Meta):
        fields = [*AuthorSerializer.Meta.fields, "url", "job_title"]

    def _profile(self, author: Author) -> AuthorProfile | None:
        """The edition's profile, from the profiles read with the authors (no query)."""
        edition = self.context["edition"]
        return next((each for each in author.profiles.all() if each.edition == edition), None)

    def get_url(self, author: Author) -> str:
        return author.get_absolute_url(self.context["edition"])

    def get_job_title(self, author: Author) -> str:
        profile = self._profile(author)
        return profile.job_title if profile else ""

    def get_bio(self, author: Author) -> str:
        profile = self._profile(author)
        return profile.bio if profile and profile.bio else author.bio


class CoverSerializer(serializers.Serializer):
    url = serializers.CharField(source="fallback_url")
    alt = serializers.CharField()
    caption = serializers.CharField()
    credit = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class CorrectionSerializer(serializers.Serializer):
    """A correction note readers see under the story, with its time."""

    text = serializers.CharField()
    published_at = serializers.DateTimeField(source="at")


class ShownUpdateField(serializers.DateTimeField):
    """The "updated" time readers see on the article page: its last substantive update,
    null when the page shows none (a typo fix moves `updated_at` only)."""

    def get_attribute(self, article: Article) -> dt.datetime | None:
        return article.modified_at if article.shows_update else None


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    section = SectionSerializer(read_only=True)
    cover = CoverSerializer(read_only=True, allow_null=True)
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")
    modified_at = serializers.DateTimeField(
        read_only=True,
        help_text="dateModified, as the article page says it: the last substantive update "
        "after publication, else the publication (`updated_at` follows every change).",
    )
    revised_at = ShownUpdateField(
        read_only=True,
        allow_null=True,
        help_text="The “updated” time the article page shows; null when it shows none.",
    )
    corrections = CorrectionSerializer(
        many=True, read_only=True, source="correction_notes", help_text="Oldest first."
    )

    class Meta:
        model = Article
        fields = ["id", "edition", "kind", "title", "slug", "lead", "section", "tags", "cover",
                  "published_at", "updated_at", "modified_at", "revised_at", "corrections",
                  "is_main", "source", "url"]  # fmt: skip


class EmbedThumbnailSerializer(serializers.Serializer):
    url = serializers.URLField()
    webp_url = serializers.URLField(allow_null=True)
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class EmbedSerializer(serializers.Serializer):
    """A video or post of another site embedded in the body (its <xeber-embed> element)."""

    id = serializers.IntegerField(allow_null=True)
    provider = serializers.CharField()
    provider_name = serializers.CharField()
    kind = serializers.ChoiceField(choices=["video", "post"])
    url = serializers.URLField()
    title = serializers.CharField()
    player_url = serializers.URLField(allow_null=True)
    thumbnail = EmbedThumbnailSerializer(allow_null=True)


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.ChoiceField(choices=["jpeg", "webp"])


class ImageBlockSerializer(serializers.Serializer):
    """One of our pictures in the body (inline, or in a gallery), with its renditions."""

    id = serializers.IntegerField()
    url = serializers.URLField(help_text="A middle-sized JPEG, for clients that pick none.")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    alt = serializers.CharField()
    caption = serializers.CharField(help_text="As readers see it, as text.")
    credit = serializers.CharField()
    renditions = RenditionSerializer(many=True)


class GalleryBlockSerializer(serializers.Serializer):
    """A gallery in the body (`data-gallery` of its figure); a photo report's first one is
    its main content."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    images = ImageBlockSerializer(many=True)


def image_block(shown: ShownImage, absolute: Callable[[str], str]) -> dict:
    image = shown.image
    return {
        "id": image.pk,
        "url": absolute(image.fallback_url),
        "width": image.width,
        "height": image.height,
        "alt": image.alt,
        "caption": shown.caption,
        "credit": image.credit,
        "renditions": [_rendition(image, variant, absolute) for variant in image.variants],
    }


def _rendition(image: Image, variant: dict, absolute: Callable[[str], str]) -> dict:
    width = variant["width"]
    return {
        "url": absolute(default_storage.url(variant["name"])),
        "width": width,
        "height": round(image.height * width / image.width) if image.width else 0,
        "format": variant["format"],
    }


class ArticleDetailSerializer(ArticleSerializer):
    authors = serializers.SerializerMethodField()
    embeds = serializers.SerializerMethodField()
    galleries = serializers.SerializerMethodField()
    images = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "authors", "translation_key", "embeds",
                  "galleries", "images"]  # fmt: skip

    def to_representation(self, article: Article) -> dict:
        # The body's galleries and images, read once for both fields (a constant number
        # of queries, none without media).
        self._media = body_media(article.body)
        return super().to_representation(article)

    @extend_schema_field(BylineSerializer(many=True))
    def get_authors(self, article: Article) -> list[dict]:
        context = {**self.context, "edition": article.edition}
        return BylineSerializer(article.authors.all(), many=True, context=context).data

    @extend_schema_field(EmbedSerializer(many=True))
    def get_embeds(self, article: Article) -> list[dict]:
        return api_blocks(article.body, _absolute(self))

    @extend_schema_field(GalleryBlockSerializer(many=True))
    def get_galleries(self, article: Article) -> list[dict]:
        absolute = _absolute(self)
        return [
            {
                "id": shown.gallery.pk,
                "title": shown.gallery.title,
                "images": [image_block(image, absolute) for image in shown.images],
            }
            for shown in self._media.galleries
        ]

    @extend_schema_field(ImageBlockSerializer(many=True))
    def get_images(self, article: Article) -> list[dict]:
        return [image_block(image, _absolute(self)) for image in self._media.images]


class BreakingSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()

    class Meta:
        model = BreakingNews
        fields = ["id", "edition", "text", "url", "starts_at", "expires_at"]

    def get_url(self, line: BreakingNews) -> str | None:
        """The linked article's address, once readers may see it (its slug tells its title)."""
        article = line.article
        return article.get_absolute_url() if article and article.is_public else None


class DraftSerializer(serializers.ModelSerializer):
    """What a partner or an app may write: a draft, never its publication."""

    edition = serializers.ChoiceField(choices=settings.LANGUAGES)
    section = serializers.PrimaryKeyRelatedField(queryset=Section.objects.all())
    state = serializers.CharField(read_only=True)
    # What the save could not do with the body (a link that stays a link, a provider that
    # did not answer, a gallery that does not exist): the same notes editors see.
    notes = serializers.SerializerMethodField()

    class Meta:
        model = Article
        fields = ["id", "edition", "section", "title", "lead", "body", "source", "slug",
                  "state", "version", "notes"]  # fmt: skip
        read_only_fields = ["slug", "state", "version"]

    def get_notes(self, article: Article) -> list[str]:
        return [str(note) for note in getattr(article, "body_notes", [])]

    def validate(self, data):
        edition = data.get("edition") or getattr(self.instance, "edition", None)
        section = data.get("section") or getattr(self.instance, "section", None)
        if section is not None and section.edition != edition:
            raise serializers.ValidationError(
                {"section": "This section belongs to another edition."}
            )
        return data
