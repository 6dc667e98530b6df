from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.generic import ListView
from django.views.generic.dates import DayArchiveView

from xeber.core.pagination import CountlessPaginationMixin
from xeber.news import selectors
from xeber.news.editions import edition_links
from xeber.news.models import Article, Author, AuthorProfile, Section, Tag
from xeber.news.textio import article_to_text
from xeber.pagecache import dependencies


def root(request):
    return redirect(f"/{settings.LANGUAGE_CODE}/")


def front(request):
    edition = get_language()
    page = selectors.front_page(edition, latest_count=settings.PAGE_SIZE)
    dependencies.scope(
        dependencies.front(edition), *(dependencies.article(a.pk) for a in page.articles)
    )
    return render(request, "news/front.html", {"page": page})


def article_detail(request, slug: str):
    article = selectors.article_detail(get_language(), slug)
    if article is None:
        raise Http404("No such article")
    translations = selectors.translations(article)
    pages = {other.edition: other.get_absolute_url() for other in translations}
    related = selectors.related_articles(article)
    dependencies.scope(
        *dependencies.article_page(article, translations),
        *(dependencies.article(a.pk) for a in related),
    )
    context = {
        "article": article,
        "related": related,
        "translations": translations,
        "edition_links": edition_links(article.edition, pages),
    }
    return render(request, "news/article.html", context)


def article_text(request, slug: str):
    article = selectors.article_detail(get_language(), slug)
    if article is None:
        raise Http404("No such article")
    dependencies.scope(dependencies.article(article.pk))
    return HttpResponse(article_to_text(article), content_type="text/plain; charset=utf-8")


class ArticleListView(CountlessPaginationMixin, ListView):
    """A paginated list of public articles under a heading (section, tag, author)."""

    template_name = "news/article_list.html"
    paginate_by = settings.PAGE_SIZE
    allow_empty = True
    kind = ""

    def get_subject(self):
        raise NotImplementedError

    def shown_lists(self) -> list[str]:
        """The dependency names of the list this page shows (pagecache)."""
        raise NotImplementedError

    def filter_articles(self, articles):
        raise NotImplementedError

    def get_queryset(self):
        self.subject = self.get_subject()
        public = Article.objects.published().in_edition(get_language())
        return self.filter_articles(public).for_listing()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(subject=self.subject, kind=self.kind, **kwargs)
        dependencies.scope(
            *self.shown_lists(), *(dependencies.article(a.pk) for a in context["object_list"])
        )
        return context


class SectionView(ArticleListView):
    kind = "section"

    def get_subject(self):
        return get_object_or_404(Section, edition=get_language(), slug=self.kwargs["slug"])

    def filter_articles(self, articles):
        return articles.filter(section=self.subject)

    def shown_lists(self):
        return [dependencies.section(self.subject.pk)]


class TagView(ArticleListView):
    kind = "tag"

    def get_subject(self):
        return get_object_or_404(Tag, edition=get_language(), slug=self.kwargs["slug"])

    def filter_articles(self, articles):
        return articles.filter(tags=self.subject)

    def shown_lists(self):
        return [dependencies.tag(self.subject.pk)]


class AuthorView(ArticleListView):
    kind = "author"

    def get_subject(self):
        return get_object_or_404(Author, slug=self.kwargs["slug"])

    def filter_articles(self, articles):
        return articles.filter(authors=self.subject)

    def shown_lists(self):
        return [dependencies.author(self.subject.pk), dependencies.author_articles(self.subject.pk)]

    def get_context_data(self, **kwargs):
        """What this edition says about the author (job title, biography), if anything."""
        profile = AuthorProfile.objects.filter(author=self.subject, edition=get_language()).first()
        return super().get_context_data(profile=profile, **kwargs)


class DayArchive(CountlessPaginationMixin, DayArchiveView):
    model = Article
    template_name = "news/day_archive.html"
    date_field = "published_at"
    month_format = "%m"
    paginate_by = settings.PAGE_SIZE
    allow_empty = True
    allow_future = False

    def get_dated_queryset(self, **lookup):
        day_end = lookup[f"{self.date_field}__lt"]
        articles = Article.objects.published(before=day_end).in_edition(get_language())
        return articles.filter(**lookup).for_listing()

    def get_dated_items(self):
        try:
            date_list, articles, extra = super().get_dated_items()
        except (OverflowError, ValueError) as error:  # e.g. year 0001 minus one day
            raise Http404("No such day") from error
        dependencies.scope(dependencies.day(get_language(), extra["day"]))
        return date_list, articles, extra

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        dependencies.shows(*(dependencies.article(a.pk) for a in context["object_list"]))
        return context
