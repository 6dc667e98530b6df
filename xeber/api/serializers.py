from __future__ import annotations

from django.conf import settings
from rest_framework import serializers

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


class ArticleDetailSerializer(ArticleSerializer):
    authors = AuthorSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "authors", "translation_key"]


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

    class Meta:
        model = Article
        fields = ["id", "edition", "section", "title", "lead", "body", "source", "slug",
                  "state", "version"]  # fmt: skip
        read_only_fields = ["slug", "state", "version"]

    def validate(self, data):
        edition = data.get("edition") or getattr(self.instance, "edition", None)
        section = data.get("section") or getattr(self.instance, "section", None)
        if section is not None and section.edition != edition:
            raise serializers.ValidationError(
                {"section": "This section belongs to another edition."}
            )
        return data
