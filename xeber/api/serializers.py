from __future__ import annotations

from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from xeber.embeds.markup import api_blocks
from xeber.news.models import Article, Author, BreakingNews, Section, Tag


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


class AuthorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Author
        fields = ["id", "name", "slug", "bio"]


class CoverSerializer(serializers.Serializer):
    url = serializers.CharField(source="fallback_url")
    alt = serializers.CharField()
    caption = serializers.CharField()
    credit = serializers.CharField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class ArticleSerializer(serializers.ModelSerializer):
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    section = SectionSerializer(read_only=True)
    cover = CoverSerializer(read_only=True, allow_null=True)
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="slug")

    class Meta:
        model = Article
        fields = ["id", "edition", "title", "slug", "lead", "section", "tags", "cover",
                  "published_at", "updated_at", "is_main", "source", "url"]  # fmt: skip


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


class ArticleDetailSerializer(ArticleSerializer):
    authors = AuthorSerializer(many=True, read_only=True)
    embeds = serializers.SerializerMethodField()

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "authors", "translation_key", "embeds"]

    @extend_schema_field(EmbedSerializer(many=True))
    def get_embeds(self, article: Article) -> list[dict]:
        request = self.context.get("request")
        absolute = request.build_absolute_uri if request else (lambda path: path)
        return api_blocks(article.body, absolute)


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
