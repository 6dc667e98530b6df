"""Stories posted to an edition's Telegram channels by a worker, never by the request that
publishes them; Telegram played by a loopback Bot API server (tests/telegram_bot_api.py)
through python-telegram-bot, the client the product uses."""

from __future__ import annotations

import datetime as dt
import logging
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import make_article, make_section
from tests.galleries import make_image
from tests.loopback import until
from tests.newsroom_staff import login, make_user
from tests.task_worker import time_passes, work, worker_environment
from tests.telegram_bot_api import TelegramBotApi
from xeber.deliveries.models import Delivery
from xeber.deliveries.services import deliveries_resume, delivery_retry
from xeber.editorial.roles import Role, ensure_role_groups
from xeber.editorial.services import article_publish, article_schedule, article_unpublish
from xeber.news.models import Article
from xeber.telegram.models import TelegramChannel

pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = "123456789:AAE-test-token-of-the-newsroom-bot"
CHAT = "@xeber_ru_news"


@pytest.fixture
def telegram(settings):
    with TelegramBotApi() as api:
        api.add_bot(TOKEN)
        api.add_chat(TOKEN, CHAT, title="Xeber RU")
        settings.TELEGRAM_API_URL = api.url + "/bot"
        settings.TELEGRAM_TIMEOUT = 2
        settings.SITE_URL = "https://news.example.az"
        yield api


@pytest.fixture
def newsroom(telegram):
    ensure_role_groups()
    section = make_section("ru", "Политика", "politics")
    channel = TelegramChannel.objects.create(
        edition="ru", name="Главный", chat_id=CHAT, bot_token=TOKEN
    )
    editor = make_user("farid", Role.EDITOR)
    draft = make_article(
        section,
        title="Парламент принял бюджет & налоги <2027>",
        lead="Депутаты одобрили документ во втором чтении.",
        status=Article.Status.DRAFT,
    )
    return section, channel, editor, draft


def test_publishing_plans_a_post_that_a_worker_sends(newsroom, telegram):
    _section, _channel, editor, draft = newsroom
    article_publish(user=editor, article=draft)
    delivery = Delivery.objects.get()
    assert (delivery.state, delivery.action, delivery.article_id) == ("pending", "post", draft.pk)
    assert telegram.calls == []  # the request that published asked Telegram nothing
    work()
    (message,) = telegram.messages(CHAT)
    url = f"https://news.example.az{draft.get_absolute_url()}"
    assert message["text"] == (
        f'<b><a href="{url}">Парламент принял бюджет &amp; налоги &lt;2027&gt;</a></b>\n\n'
        "Депутаты одобрили документ во втором чтении."
    )
    assert message["parse_mode"] == "HTML"
    delivery.refresh_from_db()
    assert delivery.state == "sent" and delivery.external_id == str(message["message_id"])


def test_a_story_with_a_cover_goes_as_a_photo_uploaded_with_its_caption(newsroom, telegram):
    _section, _channel, editor, draft = newsroom
    Article.objects.filter(pk=draft.pk).update(cover=make_image("Зал заседаний"))
    draft.refresh_from_db()
    article_publish(user=editor, article=draft)
    work()
    (message,) = telegram.messages(CHAT)
    assert message["photo"][0] == "upload" and message["photo"][2] > 1000
    assert message["caption"].startswith("<b><a href=")


def test_it_is_posted_once_however_often_it_is_published_and_unpublished(newsroom, telegram):
    _section, _channel, editor, draft = newsroom
    article_publish(user=editor, article=draft)
    work()
    (message,) = telegram.messages(CHAT)
    article_unpublish(user=editor, article=Article.objects.get(pk=draft.pk))
    work()
    assert telegram.messages(CHAT) == [] and telegram.deleted(CHAT) == [message["message_id"]]
    article_publish(user=editor, article=Article.objects.get(pk=draft.pk))
    work()
    assert telegram.messages(CHAT) == []  # republished: not posted again
    assert Delivery.objects.filter(action="post").count() == 1


def test_unpublished_before_it_went_it_never_goes(newsroom, telegram):
    _section, _channel, editor, draft = newsroom
    article_publish(user=editor, article=draft)
    article_unpublish(user=editor, article=Article.objects.get(pk=draft.pk))
    work()
    assert telegram.calls == [] and Delivery.objects.get().state == "cancelled"


def test_a_scheduled_story_is_posted_at_its_time(newsroom, telegram):
    _section, _channel, editor, draft = newsroom
    at = timezone.now() + dt.timedelta(hours=2)
    article_schedule(user=editor, article=draft, at=at)
    assert Delivery.objects.get().due_at == at
    work()
    assert telegram.calls == []
    Article.objects.filter(pk=draft.pk).update(published_at=timezone.now())  # its time came
    time_passes()
    work()
    assert len(telegram.messages(CHAT)) == 1


def test_a_rescheduled_story_is_posted_at_its_new_time(newsroom, telegram):
    _section, _channel, editor, draft = newsroom
    article_schedule(user=editor, article=draft, at=timezone.now() + dt.timedelta(hours=2))
    later = timezone.now() + dt.timedelta(hours=5)
    article = Article.objects.get(pk=draft.pk)
    article.status = Article.Status.DRAFT  # back to the desk, then scheduled again
    article.save()
    article_schedule(user=editor, article=article, at=later)
    assert Delivery.objects.get().due_at == later
    article_publish(user=editor, article=Article.objects.get(pk=draft.pk))  # now, after all
    assert Delivery.objects.get().due_at <= timezone.now()
    work()
    assert len(telegram.messages(CHAT)) == 1


def test_a_story_taken_off_before_its_post_went_is_posted_when_published_again(newsroom, telegram):
    _section, _channel, editor, draft = newsroom
    article_publish(user=editor, article=draft)
    article_unpublish(user=editor, article=Article.objects.get(pk=draft.pk))
    article_publish(user=editor, article=Article.objects.get(pk=draft.pk))
    work()
    assert len(telegram.messages(CHAT)) == 1 and Delivery.objects.get().state == "sent"


def test_a_post_being_sent_when_the_story_is_taken_off_is_deleted_once_it_has_gone(
    newsroom, telegram
):
    _section, _channel, editor, draft = newsroom
    article_publish(user=editor, article=draft)
    post = Delivery.objects.get()
    Delivery.objects.filter(pk=post.pk).update(state="sending")  # a worker has it
    article_unpublish(user=editor, article=Article.objects.get(pk=draft.pk))
    deletion = Delivery.objects.get(action="delete")
    work()
    assert Delivery.objects.get(pk=deletion.pk).state == "pending"  # waits for the post
    Delivery.objects.filter(pk=post.pk).update(
        state="sent", external_id=str(_posted(telegram, draft))
    )
    time_passes()
    work()
    assert Delivery.objects.get(pk=deletion.pk).state == "sent"
    assert telegram.messages(CHAT) == []


def _posted(telegram, article) -> int:
    """A post the worker holding it got through, as Telegram saw it."""
    from asgiref.sync import async_to_sync
    from telegram import Bot

    async def send():
        async with Bot(TOKEN, base_url=telegram.url + "/bot") as bot:
            return await bot.send_message(CHAT, article.title)

    return async_to_sync(send)().message_id


def test_a_lead_of_emoji_is_cut_by_telegrams_count(newsroom, telegram):
    """Telegram counts UTF-16 units: 600 emoji are 1,200 of them, over a caption's 1,024."""
    _section, _channel, editor, draft = newsroom
    Article.objects.filter(pk=draft.pk).update(lead="🇦🇿" * 300, cover=make_image("Флаг на ветру"))
    article_publish(user=editor, article=Article.objects.get(pk=draft.pk))
    work()
    (message,) = telegram.messages(CHAT)
    assert message["caption"].endswith("…") and Delivery.objects.get().state == "sent"


def test_the_story_or_its_section_may_say_no(newsroom):
    section, _channel, editor, draft = newsroom
    Article.objects.filter(pk=draft.pk).update(telegram_post=False)
    article_publish(user=editor, article=Article.objects.get(pk=draft.pk))
    section.telegram_post = False
    section.save()
    other = make_article(section, title="Вторая", status=Article.Status.DRAFT)
    article_publish(user=editor, article=other)
    wanted = make_article(section, title="Третья", status=Article.Status.DRAFT)
    Article.objects.filter(pk=wanted.pk).update(telegram_post=True)
    article_publish(user=editor, article=Article.objects.get(pk=wanted.pk))
    assert list(Delivery.objects.values_list("article_id", flat=True)) == [wanted.pk]


def test_too_many_requests_waits_telegrams_retry_after_then_goes(newsroom, telegram):
    _section, _channel, editor, draft = newsroom
    telegram.fail_next(1, status=429, retry_after=40, method="sendMessage")
    before = timezone.now()
    article_publish(user=editor, article=draft)
    work()
    delivery = Delivery.objects.get()
    assert delivery.state == "pending" and delivery.attempts == 1
    assert delivery.due_at >= before + dt.timedelta(seconds=40)
    assert "flood control" in delivery.last_error.lower()
    assert telegram.messages(CHAT) == []
    time_passes()
    work()
    delivery.refresh_from_db()
    assert delivery.state == "sent" and len(telegram.messages(CHAT)) == 1


@pytest.mark.parametrize("fault", ["500", "drop", "down"])
def test_an_unreachable_telegram_fails_no_publication_and_is_tried_again(
    newsroom, telegram, settings, fault
):
    _section, _channel, editor, draft = newsroom
    if fault == "500":
        telegram.fail_next(1, status=500, method="sendMessage")
    elif fault == "drop":
        telegram.drop_next(1, method="sendMessage")
    else:
        settings.TELEGRAM_API_URL = "http://127.0.0.1:9/bot"  # nothing listens there
    article_publish(user=editor, article=draft)
    assert Article.objects.get(pk=draft.pk).is_public
    work()
    delivery = Delivery.objects.get()
    assert delivery.state == "pending" and delivery.last_error
    settings.TELEGRAM_API_URL = telegram.url + "/bot"
    time_passes()
    work()
    assert Delivery.objects.get().state == "sent" and len(telegram.messages(CHAT)) == 1


def test_a_bot_removed_from_its_channel_fails_at_once_for_editors_to_see(
    newsroom, telegram, client
):
    _section, _channel, editor, draft = newsroom
    telegram.kick(TOKEN, CHAT)
    article_publish(user=editor, article=draft)
    work()
    delivery = Delivery.objects.get()
    assert delivery.state == "failed" and delivery.attempts == 1
    assert "kicked" in delivery.last_error
    work()  # not tried again by itself
    assert len(telegram.calls_to("sendMessage")) == 1
    login(client, editor)
    listing = client.get("/admin/deliveries/delivery/").content.decode()
    assert "kicked" in listing and draft.title.split("&")[0].strip() in listing


def test_out_of_attempts_it_fails_and_says_why(newsroom, telegram, settings):
    _section, _channel, editor, draft = newsroom
    settings.DELIVERY_MAX_ATTEMPTS = 2
    telegram.fail_next(2, status=502, method="sendMessage")
    article_publish(user=editor, article=draft)
    work()
    time_passes()
    work()
    delivery = Delivery.objects.get()
    assert delivery.state == "failed" and delivery.last_error.startswith("gave up after 2")


def test_an_editor_tries_a_failed_one_again_from_the_back_office(newsroom, telegram, client):
    _section, _channel, editor, draft = newsroom
    telegram.kick(TOKEN, CHAT)
    article_publish(user=editor, article=draft)
    work()
    telegram.add_chat(TOKEN, CHAT, title="Xeber RU")  # the bot made an admin again
    login(client, editor)
    delivery = Delivery.objects.get()
    client.post(
        "/admin/deliveries/delivery/",
        {"action": "try_again", "_selected_action": [delivery.pk]},
    )
    work()
    assert Delivery.objects.get().state == "sent" and len(telegram.messages(CHAT)) == 1


def test_a_worker_that_died_holding_a_delivery_leaves_it_to_be_sent_again(newsroom, telegram):
    """Its lease runs out; the scheduler's resume enqueues it; it goes once more."""
    _section, _channel, editor, draft = newsroom
    article_publish(user=editor, article=draft)
    DBTaskResult.objects.all().delete()  # the task went with the worker
    Delivery.objects.update(
        state="sending", attempts=1, lease_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert deliveries_resume() == 1
    work()
    assert Delivery.objects.get().state == "sent" and len(telegram.messages(CHAT)) == 1
    assert deliveries_resume() == 0


def test_the_token_is_never_shown_again_nor_logged(newsroom, telegram, client, caplog):
    _section, channel, editor, draft = newsroom
    chief = make_user("leyla", Role.CHIEF)
    login(client, chief)
    page = client.get(f"/admin/telegram/telegramchannel/{channel.pk}/change/").content.decode()
    assert TOKEN not in page and TOKEN.split(":")[1] not in page
    client.post(
        f"/admin/telegram/telegramchannel/{channel.pk}/change/",
        {"edition": "ru", "name": "Главный", "chat_id": CHAT, "bot_token": "", "active": "on"},
    )
    assert TelegramChannel.objects.get().bot_token == TOKEN  # an empty field keeps it
    caplog.set_level(logging.DEBUG)
    telegram.fail_next(1, status=500, method="sendMessage")
    article_publish(user=editor, article=draft)
    work()
    time_passes()
    telegram.fail_next(1, status=401, method="getMe", description="Unauthorized")
    work()
    delivery = Delivery.objects.get()
    assert delivery.attempts == 2 and delivery.last_error  # both answers recorded
    assert "Unauthorized" in caplog.text or "token" in delivery.last_error.lower()
    assert TOKEN not in caplog.text and TOKEN not in delivery.last_error


def test_an_author_sees_no_deliveries_and_an_editor_no_channels(newsroom, client):
    _section, _channel, editor, _draft = newsroom
    author = make_user("aysel", Role.AUTHOR)
    login(client, author)
    assert client.get("/admin/deliveries/delivery/").status_code == 403
    login(client, editor)
    assert client.get("/admin/deliveries/delivery/").status_code == 200
    assert client.get("/admin/telegram/telegramchannel/").status_code == 403


def test_people_of_another_edition_see_neither_its_deliveries_nor_its_channels(newsroom, client):
    _section, channel, editor, draft = newsroom
    article_publish(user=editor, article=draft)
    login(client, make_user("nigar", Role.EDITOR, editions=("az",)))
    assert "Главный" not in client.get("/admin/deliveries/delivery/").content.decode()
    login(client, make_user("rauf", Role.CHIEF, editions=("az",)))
    assert "Главный" not in client.get("/admin/telegram/telegramchannel/").content.decode()
    page = f"/admin/telegram/telegramchannel/{channel.pk}/change/"
    assert client.get(page).status_code == 302  # not among theirs: the admin sends them off
    added = client.get("/admin/telegram/telegramchannel/add/").content.decode()
    assert 'value="az"' in added and 'value="ru"' not in added


def test_migrate_gives_the_roles_the_permissions_of_the_apps_after_editorial():
    """The groups are filled after the last app's post_migrate, so that deliveries and
    channels, installed after editorial, are in them (the test database was migrated)."""
    from django.contrib.auth.models import Group

    editors = Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
    chiefs = Group.objects.get(name="Chief editors").permissions.values_list("codename", flat=True)
    assert "view_delivery" in editors and "add_telegramchannel" in chiefs


def test_only_failed_deliveries_are_tried_again_and_resume_adds_no_second_task(newsroom):
    _section, _channel, editor, draft = newsroom
    article_schedule(user=editor, article=draft, at=timezone.now() + dt.timedelta(hours=2))
    waiting = Delivery.objects.get()
    assert delivery_retry(waiting) is False and Delivery.objects.get().due_at > timezone.now()
    Delivery.objects.update(due_at=timezone.now() - dt.timedelta(minutes=5))
    DBTaskResult.objects.update(run_after=timezone.now() - dt.timedelta(minutes=5))
    assert deliveries_resume() == 0  # its task is still in the queue
    DBTaskResult.objects.all().delete()
    assert deliveries_resume() == 1 and deliveries_resume() == 0


def test_a_delivery_that_keeps_killing_its_worker_fails_after_its_attempts(newsroom, settings):
    _section, _channel, editor, draft = newsroom
    settings.DELIVERY_MAX_ATTEMPTS = 3
    article_publish(user=editor, article=draft)
    Delivery.objects.update(
        state="sending", attempts=3, lease_until=timezone.now() - dt.timedelta(seconds=1)
    )
    work()
    delivery = Delivery.objects.get()
    assert delivery.state == "failed" and "the worker sending it stopped" in delivery.last_error


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a worker in another process: PostgreSQL (SQLite's test database is in memory)",
)
def test_killing_a_worker_mid_post_loses_nothing(newsroom, telegram):
    """A real `xeber db_worker` is killed while Telegram has not answered its post yet;
    once its lease has run out, the scheduler's resume has the post sent again."""
    _section, _channel, editor, draft = newsroom
    telegram.hang_next(1, 3, method="sendMessage")
    article_publish(user=editor, article=draft)
    worker = subprocess.Popen(
        [Path(sys.executable).parent / "xeber", "db_worker", "--interval", "0.1"],
        env=worker_environment(TELEGRAM_API_URL=telegram.url + "/bot"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert until(lambda: Delivery.objects.get().state == "sending", seconds=20)
        assert until(lambda: telegram.calls_to("sendMessage"), seconds=10)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    assert Delivery.objects.get().state == "sending"  # held by a worker that is gone
    time.sleep(2.1)  # its lease (DELIVERY_LEASE_SECONDS=2 in the worker) runs out
    assert deliveries_resume() == 1
    work()
    delivery = Delivery.objects.get()
    assert delivery.state == "sent" and delivery.attempts == 2
    # Telegram may have taken the first post before the worker died: at least once.
    assert 1 <= len(telegram.messages(CHAT)) <= 2
    assert delivery.external_id == str(telegram.messages(CHAT)[-1]["message_id"])
