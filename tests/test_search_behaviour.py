"""Search behaviour on the current engine: normalisation, query syntax, hostile input,
filters, highlighting, suggestions, and an index that follows publishing."""

import dataclasses
import datetime as dt
import math
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from tests.factories import article_edit, make_article, make_section
from xeber.core.html import paragraphs_to_html
from xeber.editorial.services import article_delete
from xeber.news.models import Article
from xeber.search.backends import Filters, get_backend
from xeber.search.indexing import document_for, reindex
from xeber.search.normalize import analyze, clean, fix_script, lower
from xeber.search.query import MAX_VARIANTS, parse_query
from xeber.search.services import search


class TestNormalisation:
    def test_unicode_is_composed(self):
        assert clean("e\u0301") == "\u00e9"

    def test_azerbaijani_case_folding(self):
        assert lower("İSTANBUL", "az") == "istanbul"
        assert lower("BAKI", "az") == "bakı"
        assert lower("IRAN", "en") == "iran"

    def test_russian_yo_is_ye(self):
        assert analyze("Ёлка", "ru") == analyze("елка", "ru")

    def test_look_alike_letters_follow_the_words_script(self):
        assert fix_script("Mосква") == "Москва"  # Latin M in a Cyrillic word
        assert fix_script("Pаrlament") == "Parlament"  # Cyrillic а in a Latin word

    def test_typographic_quotes_and_dashes_are_not_words(self):
        assert analyze("«Баку» — „форум“", "ru") == analyze("Баку форум", "ru")

    @pytest.mark.parametrize(
        ("forms", "edition"),
        [
            (["Алиев", "Алиева", "Алиеву", "Алиевым"], "ru"),
            (["министр", "министра", "министру", "министром"], "ru"),
            (["сотрудничество", "сотрудничеству", "сотрудничества"], "ru"),
            (["xəbər", "xəbərləri", "xeberleri", "xəbərin"], "az"),
            (["Bakı", "Baki", "Bakıda", "Bakının"], "az"),
            (["şəhər", "seher", "şəhərdə"], "az"),
            (["minister", "ministers"], "en"),
        ],
    )
    def test_inflected_forms_meet(self, forms, edition):
        assert len({analyze(form, edition) for form in forms}) == 1, forms

    def test_a_word_the_dictionary_lacks_is_indexed_by_its_stem(self):
        # pymorphy3 guesses "шушинскай", "шушинский" and "шушинсковать" for these three.
        assert analyze("Шушинская шушинского шушинскую", "ru") == "шушинск шушинск шушинск"
        # A stem that is a word's lemma would find that word: "садых" is no garden ("сад").
        assert analyze("садых", "ru") == "садых"


class TestQuerySyntax:
    def test_phrase_exclusion_and_prefix(self):
        query = parse_query('"цифровой торговли" -Баку минис*', "ru")
        kinds = [(c.kind, c.negated) for c in query.clauses]
        assert kinds == [("phrase", False), ("word", True), ("prefix", False)]

    def test_a_word_stands_for_the_terms_of_its_other_forms(self):
        # "Алекперов" is read as the plural of a first name "Алекпер", "Алекперову" not.
        assert parse_query("Алекперову", "ru").clauses[0].terms == (("алекперов", "алекпер"),)
        assert parse_query("министру", "ru").clauses[0].terms == (("министр",),)

    def test_a_phrase_keeps_its_combinations_of_alternatives_few(self):
        terms = parse_query('"' + "Гейдаровым " * 4 + '"', "ru").clauses[0].terms
        assert len(terms) == 4 and 1 < math.prod(len(t) for t in terms) <= MAX_VARIANTS

    @pytest.mark.parametrize(
        "text",
        [
            "",
            "   ",
            '"',
            "-",
            "*",
            "-*",
            '" OR 1=1 --',
            "NEAR(a b)",
            "title:x",
            "a AND OR NOT b",
            "'; DROP TABLE news_article; --",
            "x" * 10_000,
            "\x00\x01",
            "a" * 41,
        ],
    )
    def test_anything_else_is_plain_words(self, text):
        query = parse_query(text, "ru")
        for clause in query.clauses:
            terms = [term for alternatives in clause.terms for term in alternatives]
            assert all(term.replace("_", "").isalnum() for term in terms)


@pytest.fixture
def desk(db):
    politics = make_section("ru", "Политика", "politics")
    economy = make_section("ru", "Экономика", "economy")
    old = make_article(
        economy,
        title="Министр финансов представил бюджет",
        body=paragraphs_to_html(["Министр выступил в парламенте.", "Бюджет вырос."]),
        published_at=timezone.now() - dt.timedelta(days=40),
    )
    new = make_article(
        politics,
        title="Встреча с министром экономики",
        body=paragraphs_to_html(["О сотрудничестве говорили министры.", "Итоги — завтра."]),
    )
    reindex()
    return {"politics": politics, "economy": economy, "old": old, "new": new}


@pytest.mark.django_db
class TestResults:
    def test_ranking_puts_title_matches_first_and_date_order_on_request(self, desk):
        by_relevance = search("бюджет", Filters("ru")).hits
        assert [hit.article for hit in by_relevance] == [desk["old"]]
        by_date = search("министр", Filters("ru", by_date=True)).hits
        assert [hit.article for hit in by_date] == [desk["new"], desk["old"]]

    def test_filters_by_section_and_date(self, desk):
        assert [
            h.article for h in search("министр", Filters("ru", section_id=desk["economy"].pk)).hits
        ] == [desk["old"]]
        since = timezone.now() - dt.timedelta(days=2)
        assert [h.article for h in search("министр", Filters("ru", since=since)).hits] == [
            desk["new"]
        ]

    def test_matched_words_are_highlighted_and_escaped(self, desk):
        Article.objects.filter(pk=desk["new"].pk).update(lead="<b>Министры</b> & партнёры")
        reindex()
        hit = next(h for h in search("министр", Filters("ru")).hits if h.article == desk["new"])
        assert "<mark>министром</mark>" in hit.title
        assert "&lt;b&gt;<mark>Министры</mark>&lt;/b&gt; &amp;" in hit.snippet

    def test_did_you_mean_when_nothing_is_found(self, desk):
        results = search("минстр", Filters("ru"))
        assert results.hits == [] and results.suggestion == "министр"

    def test_other_editions_are_not_searched(self, desk):
        assert search("министр", Filters("en")).hits == []

    def test_another_form_of_a_name_in_a_phrase_an_exclusion_and_a_highlight(self, desk):
        article = make_article(desk["politics"], title="Художник Алекперов открыл мастерскую")
        reindex()
        hits = search('"художнику Алекперову"', Filters("ru")).hits
        assert [hit.article for hit in hits] == [article]
        assert hits[0].title == "<mark>Художник</mark> <mark>Алекперов</mark> открыл мастерскую"
        assert search("мастерская -Алекперову", Filters("ru")).hits == []

    def test_an_older_headline_competes_with_the_newest_matches(self, desk, monkeypatch):
        """Relevance is ranked among the newest matches of the text plus the newest of the
        headlines, so a common word's older title match is not crowded out."""
        from xeber.search import backends

        monkeypatch.setattr(backends, "CANDIDATES", 2)
        newer = [
            make_article(
                desk["politics"],
                title=f"Заседание номер {n}",
                body=paragraphs_to_html([f"На заседании обсуждали бюджет, пункт {n}."]),
            )
            for n in range(4)
        ]
        reindex()
        found = [hit.article for hit in search("бюджет", Filters("ru")).hits]
        assert found[0] == desk["old"]  # the title match, 40 days old, ranks first
        assert set(found[1:]) == set(newer[-2:])  # and the two newest body matches follow
        section = search("бюджет", Filters("ru", section_id=desk["politics"].pk)).hits
        assert {hit.article for hit in section} == set(newer[-2:])
        # A word excluded anywhere in the article excludes it, a title match included.
        excluded = search("бюджет -парламент", Filters("ru")).hits
        assert desk["old"] not in {hit.article for hit in excluded} and excluded


@pytest.mark.django_db
class TestIndexFollowsPublishing:
    def test_publish_edit_unpublish_delete(self, django_capture_on_commit_callbacks):
        section = make_section("ru", "Общество", "society")
        with django_capture_on_commit_callbacks(execute=True):
            article = make_article(section, title="Открылась библиотека", status="draft")
        assert search("библиотека", Filters("ru")).hits == []
        with django_capture_on_commit_callbacks(execute=True):
            article_edit(article, status=Article.Status.PUBLISHED)
        assert [h.article for h in search("библиотека", Filters("ru")).hits] == [article]
        with django_capture_on_commit_callbacks(execute=True):
            article_edit(article, title="Открылся музей")
        assert search("библиотека", Filters("ru")).hits == []
        assert search("музей", Filters("ru")).hits
        with django_capture_on_commit_callbacks(execute=True):
            article_edit(article, status=Article.Status.UNPUBLISHED)
        assert search("музей", Filters("ru")).hits == []
        with django_capture_on_commit_callbacks(execute=True):
            article_edit(article, status=Article.Status.PUBLISHED)
            article_delete(user=None, article=article)
        assert search("музей", Filters("ru")).hits == []

    def test_a_scheduled_article_is_found_only_from_its_time(
        self, django_capture_on_commit_callbacks
    ):
        section = make_section("ru", "Общество", "society")
        with django_capture_on_commit_callbacks(execute=True):
            make_article(
                section,
                title="Завтрашний концерт",
                published_at=timezone.now() + dt.timedelta(hours=1),
            )
        assert search("концерт", Filters("ru")).hits == []

    def test_reindex_rebuilds_from_scratch(self, desk, capsys):
        from django.core.management import call_command

        call_command("reindex")
        assert "indexed 2 articles" in capsys.readouterr().out

    def test_the_migration_analyses_indexed_articles_again(self, desk):
        migration = import_module("xeber.search.migrations.0004_reanalyse_unknown_russian_words")
        article = make_article(desk["politics"], title="Шушинская крепость открыта")
        reindex()
        old = dataclasses.replace(document_for(article), title="шушинскай крепость открыть")
        get_backend().upsert([old])  # as the guessed lemmas left it
        assert search("шушинского", Filters("ru")).hits == []
        migration.reanalyse(apps, SimpleNamespace(connection=connection))
        assert [hit.article for hit in search("шушинского", Filters("ru")).hits] == [article]


@pytest.mark.django_db
def test_the_search_page_and_the_box_on_every_page(client, desk):
    assert 'action="/ru/search/"' in client.get("/ru/").content.decode()
    html = client.get("/ru/search/", {"q": "министр", "sort": "date"}).content.decode()
    assert "Встреча с" in html and "<mark>" in html
    assert client.get("/ru/search/", {"q": "x", "since": "2026-02-30"}).status_code == 400
    assert client.get("/ru/search/", {"q": "x", "page": "abc"}).status_code == 404


class TestHostileQueries(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        section = make_section("ru", "Политика", "politics")
        make_article(section, title="Министр и бюджет")
        reindex()

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        text=st.one_of(
            st.text(max_size=200),
            st.lists(
                st.sampled_from(
                    [
                        '"',
                        "-",
                        "*",
                        "(",
                        ")",
                        ":",
                        "^",
                        "OR",
                        "NOT",
                        "NEAR",
                        "'",
                        ";",
                        "--",
                        "министр",
                        "Баку",
                        "\\",
                        "%",
                        "_",
                        "!",
                        "&",
                        "|",
                        "<->",
                        ":*",
                    ]
                ),
                max_size=12,
            ).map(" ".join),
        )
    )
    def test_no_query_text_produces_an_error(self, text):
        response = self.client.get("/ru/search/", {"q": text})
        assert response.status_code == 200
