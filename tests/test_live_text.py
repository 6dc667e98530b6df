"""A live page in the plain-text rendition (README, "Live coverage"): the layout parsed
and written, its refusals, and a live page exported, imported and exported again byte for
byte."""

import dataclasses
import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.db_triggers import installed
from tests.factories import make_article, make_section
from tests.galleries import make_image
from tests.live_coverage import make_live, post
from tests.test_textformat import CANONICAL, line_text
from xeber.live import services
from xeber.live.models import LiveCoverage, LiveEntry
from xeber.news.models import Article, Author
from xeber.news.textformat import TextEntry, TextFormatError, TextLive, parse_text, render_text
from xeber.news.textio import article_to_text
from xeber.syndication.textimport import import_text_files

LIVE_SECTION = (
    "--- live 2026-03-14 18:00 until 2026-03-14 23:10\n\n"
    "Итоги вечера: закон принят.\n\n"
    "--- 2026-03-14 18:05 by leyla-gasanova\n\n"
    "Заседание открылось.\n\n"
    "Спикер приветствует депутатов.\n\n"
    "--- 2026-03-14 18:05 pinned\n\n"
    "Вторая запись той же минуты.\n\n"
    "--- 2026-03-14 21:40 key: Голосование\n\n"
    "Депутаты голосуют.\n\n"
).encode()
LIVE_FILE = CANONICAL + LIVE_SECTION


def test_it_parses_the_coverage_and_its_entries_after_the_body():
    text = parse_text(LIVE_FILE)
    assert len(text.paragraphs) == 2  # the body alone
    live = text.live
    assert live.started == dt.datetime(2026, 3, 14, 18, 0)
    assert live.ended == dt.datetime(2026, 3, 14, 23, 10)
    assert live.summary == ("Итоги вечера: закон принят.",)
    first, second, third = live.entries
    assert (first.at, first.author, first.paragraphs) == (
        dt.datetime(2026, 3, 14, 18, 5),
        "leyla-gasanova",
        ("Заседание открылось.", "Спикер приветствует депутатов."),
    )
    assert second.pinned and not second.key_title
    assert third.key_title == "Голосование" and not third.pinned


def test_rendering_a_canonical_live_file_gives_the_same_bytes():
    assert render_text(parse_text(LIVE_FILE)).encode() == LIVE_FILE
    assert parse_text(CANONICAL).live is None  # an ordinary article has no live part


@pytest.mark.parametrize(
    ("section", "line", "message"),
    [
        ("--- live yesterday\n\n", 10, "bad live line"),
        ("--- live 2026-03-14 18:00\n\n--- 18:05\n\nТекст.\n\n", 12, "bad entry line"),
        ("--- live 2026-03-14 18:00\n\n--- 2026-03-14 18:05\n\n", 12, "without text"),
        ("--- live 2026-02-30 18:00\n\n", 10, "bad time"),
        ("--- live 2026-03-14 18:00\n\n--- 2026-03-14 25:00\n\nТекст.\n\n", 12, "bad time"),
        (
            "--- live 2026-03-14 18:00\n\n--- 2026-03-14 18:05 pinned\n\nПервая.\n\n"
            "--- 2026-03-14 18:06 pinned\n\nВторая.\n\n",
            16,
            "a second pinned entry",
        ),
        (
            f"--- live 2026-03-14 18:00\n\n--- 2026-03-14 18:05 key: {'Я' * 201}\n\nТекст.\n\n",
            12,
            "key event title over 200 characters",
        ),
    ],
)
def test_a_malformed_live_part_is_refused_with_its_line(section, line, message):
    with pytest.raises(TextFormatError) as refused:
        parse_text(CANONICAL + section.encode())
    assert refused.value.line == line and message in refused.value.message


minutes = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2099, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)
# Text that reads like the layout's lines too: written with a backslash before it.
entry_text = st.one_of(
    line_text,
    line_text.map(lambda value: f"--- {value}"),
    line_text.map(lambda value: f"\\--- {value}"),
    st.just("--- live 2026-03-14 18:00"),
)


def _one_pinned(entries: tuple[TextEntry, ...]) -> tuple[TextEntry, ...]:
    """A live page pins one entry at most (a second is refused)."""
    first = next((number for number, entry in enumerate(entries) if entry.pinned), None)
    return tuple(
        entry
        if entry.pinned is False or number == first
        else dataclasses.replace(entry, pinned=False)
        for number, entry in enumerate(entries)
    )


lives = st.builds(
    TextLive,
    started=minutes,
    ended=st.one_of(st.none(), minutes),
    summary=st.lists(entry_text, max_size=2).map(tuple),
    entries=st.lists(
        st.builds(
            TextEntry,
            at=minutes,
            paragraphs=st.lists(entry_text, min_size=1, max_size=3).map(tuple),
            author=st.one_of(st.just(""), st.from_regex(r"[a-z0-9-]{1,12}", fullmatch=True)),
            pinned=st.booleans(),
            key_title=st.one_of(st.just(""), line_text.map(str.strip).filter(bool)),
        ),
        max_size=4,
    )
    .map(tuple)
    .map(_one_pinned),
)


@settings(max_examples=200, deadline=None)
@given(lives)
def test_any_live_part_survives_render_and_parse(live):
    article = parse_text(CANONICAL)
    body = (*article.paragraphs, "--- live 2026-03-14 18:00", "\\--- not a line")
    text = type(article)(article.date, article.usd, article.breaking, article.title, body, live)
    canonical = render_text(text)
    assert parse_text(canonical.encode()) == text
    assert render_text(parse_text(canonical.encode())) == canonical


# --- through the database -----------------------------------------------------------------


@pytest.fixture
def live(db):
    """A live page with every kind of entry: a byline, a picture, a key event, a pinned one,
    two in one minute, one deleted; ended with a summary of two paragraphs."""
    section = make_section("ru", "Политика", "politics")
    author = Author.objects.create(name="Лейла Гасанова", slug="leyla-gasanova")
    article = make_live(make_article(section, title="Парламент: онлайн"))
    start = timezone.now().replace(second=0, microsecond=0) - dt.timedelta(hours=2)
    LiveCoverage.objects.filter(article=article).update(started_at=start)
    picture = make_image("Зал заседаний", caption="Депутаты в зале")
    entries = [
        post(article, "Заседание открылось.\n\nСпикер приветствует депутатов.", author=author),
        post(article, "Вторая запись той же минуты."),
        services.entry_post(user=None, article=article, body="<p>Фото из зала.</p>", image=picture),
        post(article, "Депутаты голосуют.", key_event=True, key_title="Голосование"),
        post(article, "Закреплённая запись.", pinned=True),
        post(article, "Удалённая запись."),
        post(article, "Ссылка без встраивания:\n\nhttps://example.org/report"),
    ]
    minutes = [5, 5, 20, 40, 41, 42, 43]
    for number, (minute, entry) in enumerate(zip(minutes, entries, strict=True)):
        moment = start + dt.timedelta(minutes=minute, seconds=number)  # two in minute 5
        LiveEntry.objects.filter(pk=entry.pk).update(posted_at=moment)
    services.entry_delete(user=None, entry=LiveEntry.objects.get(pk=entries[5].pk))
    services.live_end(user=None, article=article, summary="Закон принят.\n\nОн вступит весной.")
    return Article.objects.get(pk=article.pk)


def test_the_text_of_a_live_page_carries_its_entries_oldest_first(live):
    text = article_to_text(live)
    start = timezone.localtime(live.live_coverage.started_at)
    assert f"\n\n--- live {start:%Y-%m-%d %H:%M} until " in text
    assert "\n\nЗакон принят.\n\nОн вступит весной.\n\n" in text
    assert f"\n\n--- {start + dt.timedelta(minutes=5):%Y-%m-%d %H:%M} by leyla-gasanova\n\n" in text
    assert "\n\n[image " in text and "key: Голосование\n\n" in text
    assert " pinned\n\nЗакреплённая запись.\n\n" in text
    assert "Удалённая запись." not in text
    assert text.index("Заседание открылось.") < text.index("Депутаты голосуют.")


def test_the_text_page_of_a_live_article_follows_its_entries(client, live):
    url = live.get_text_url()
    assert client.get(url).content.decode() == article_to_text(live)
    services.live_start(user=None, article=live)
    post(live, "Трансляция продолжается.")
    assert "Трансляция продолжается." in client.get(url).content.decode()


def test_a_live_page_exported_and_imported_is_exported_byte_for_byte(live, tmp_path):
    text = article_to_text(live)
    path = tmp_path / "live.txt"
    path.write_text(text.replace("Парламент: онлайн", "Парламент: копия"), encoding="utf-8")
    call_command("import-text", str(path))
    imported = Article.objects.get(title="Парламент: копия")
    assert imported.live == Article.Live.ENDED
    assert LiveEntry.objects.filter(article=imported).count() == 6
    assert article_to_text(imported) == text.replace("Парламент: онлайн", "Парламент: копия")
    again = tmp_path / "again.txt"
    again.write_text(article_to_text(imported), encoding="utf-8")
    assert again.read_bytes() == path.read_bytes()


def test_an_imported_running_live_page_is_live_and_its_pinned_entry_pinned(db, tmp_path):
    make_section("ru", "Политика", "politics")
    path = tmp_path / "running.txt"
    path.write_bytes(
        CANONICAL
        + (
            "--- live 2026-03-14 18:00\n\n"
            "--- 2026-03-14 18:05 pinned key: Открытие\n\nЗаседание открылось.\n\n"
        ).encode()
    )
    call_command("import-text", str(path))
    article = Article.objects.get()
    entry = LiveEntry.objects.get(article=article)
    assert article.live == Article.Live.LIVE
    assert (entry.pinned, entry.key_event, entry.key_title) == (True, True, "Открытие")
    assert timezone.localtime(entry.posted_at).strftime("%Y-%m-%d %H:%M") == "2026-03-14 18:05"
    assert article_to_text(article).encode() == path.read_bytes()


REFUSE_ENTRY = {
    "sqlite": [
        """CREATE TRIGGER refuse_entry BEFORE INSERT ON live_liveentry
           WHEN NEW.body LIKE '%Refused entry%'
           BEGIN SELECT RAISE(ABORT, 'entry refused by a trigger'); END"""
    ],
    "postgresql": [
        """CREATE FUNCTION refuse_entry() RETURNS trigger AS $$ BEGIN
             IF NEW.body LIKE '%Refused entry%' THEN
               RAISE EXCEPTION 'entry refused by a trigger' USING ERRCODE = 'check_violation';
             END IF; RETURN NEW; END $$ LANGUAGE plpgsql""",
        """CREATE TRIGGER refuse_entry BEFORE INSERT ON live_liveentry
           FOR EACH ROW EXECUTE FUNCTION refuse_entry()""",
    ],
}

DROP_REFUSE_ENTRY = {
    "sqlite": ["DROP TRIGGER refuse_entry"],
    "postgresql": ["DROP TRIGGER refuse_entry ON live_liveentry", "DROP FUNCTION refuse_entry()"],
}


@pytest.mark.django_db(transaction=True)
def test_a_live_page_whose_entries_the_database_refuses_is_refused_whole(tmp_path):
    """A live page's file is one all-or-nothing unit with its entries: the article does
    not stay without them, and the other files of the batch go in."""
    make_section("ru", "Политика", "politics")
    live_part = "--- live 2026-03-14 18:00\n\n--- 2026-03-14 18:05\n\n{}\n\n"
    refused, kept = tmp_path / "refused.txt", tmp_path / "kept.txt"
    refused.write_bytes(CANONICAL + live_part.format("Refused entry.").encode())
    kept.write_bytes(
        CANONICAL.replace("Парламент одобрил закон".encode(), "Другой заголовок".encode())
        + live_part.format("Принятая запись.").encode()
    )
    with installed(REFUSE_ENTRY, DROP_REFUSE_ENTRY):
        outcomes = list(import_text_files([refused, kept], edition="ru"))
    assert [outcome.status for outcome in outcomes] == ["refused", "imported"]
    assert "entry refused by a trigger" in outcomes[0].detail
    assert list(Article.objects.values_list("title", flat=True)) == ["Другой заголовок"]
    assert list(LiveEntry.objects.values_list("body", flat=True)) == ["<p>Принятая запись.</p>"]
