"""One alert, every channel: from the alert desk an editor sets the breaking line, posts to
the edition's Telegram channels, pushes to browsers, mails the alerts list and adds an
entry to a live page in one action, audited once, with each channel's report on the same
screen. Every outside service is a loopback server speaking its real protocol."""

from __future__ import annotations

import secrets

import pytest
from django.urls import reverse

from tests.factories import make_article, make_section
from tests.live_coverage import make_live
from tests.newsroom_staff import login, make_user
from tests.smtp_server import SmtpServer
from tests.task_worker import work
from tests.telegram_bot_api import TelegramBotApi
from tests.web_push_service import WebPushService
from xeber.alerts.models import Alert
from xeber.alerts.services import AlertRequest, Invalid, alert_send
from xeber.deliveries.models import Delivery
from xeber.editorial.models import AuditEntry
from xeber.editorial.roles import Role, ensure_role_groups
from xeber.live.models import LiveEntry
from xeber.news.models import Article, BreakingNews
from xeber.newsletters.models import Subscriber
from xeber.push import keys
from xeber.push.models import PushSubscription
from xeber.telegram.models import TelegramChannel

pytestmark = pytest.mark.django_db(transaction=True)
TOKEN = "123456789:AAE-test-token-of-the-newsroom-bot"
CHAT = "@xeber_ru_news"


@pytest.fixture
def services(settings):
    with TelegramBotApi() as telegram, WebPushService() as push, SmtpServer() as smtp:
        telegram.add_bot(TOKEN)
        telegram.add_chat(TOKEN, CHAT, title="Xeber RU")
        settings.TELEGRAM_API_URL, settings.TELEGRAM_TIMEOUT = telegram.url + "/bot", 2
        settings.PUSH_SERVICE_HOSTS = [push.origin]
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", smtp.port
        settings.SITE_URL = "https://news.example.az"
        yield telegram, push, smtp


@pytest.fixture
def newsroom(services):
    _telegram, push, _smtp = services
    ensure_role_groups()
    section = make_section("ru", "Политика", "politics")
    story = make_article(section, title="Землетрясение в Шемахе")
    live_page = make_article(section, title="Землетрясение: хроника")
    editor = make_user("farid", Role.EDITOR, editions=("ru",))
    make_live(live_page, user=editor)
    TelegramChannel.objects.create(edition="ru", name="Главный", chat_id=CHAT, bot_token=TOKEN)
    subscription = push.subscribe(application_server_key=keys.public_key())
    PushSubscription.objects.create(
        edition="ru", endpoint=subscription["endpoint"], **subscription["keys"]
    )
    Subscriber.objects.create(edition="ru", email="reader@example.org", alerts=True,
                              confirmed_at=story.published_at)  # fmt: skip
    return story, live_page, editor, subscription


def test_one_action_reaches_every_channel_each_with_its_own_text(client, newsroom, services):
    telegram, push, smtp = services
    story, live_page, editor, subscription = newsroom
    login(client, editor)
    desk = reverse("admin:alerts_alert_changelist")
    assert client.get(desk).status_code == 200
    sent = client.post(desk, {"once": "the-token-of-this-form",
        "edition": "ru", "breaking": "Землетрясение магнитудой 5 в Шемахе",
        "article": story.pk, "channels": ["telegram", "push", "newsletter", "live"],
        "push": "Землетрясение в Шемахе: что известно", "newsletter": "",
        "live_page": live_page.pk, "live": "Толчки ощущались и в Баку.",
    })  # fmt: skip
    assert sent.status_code == 302
    # On the site at once: the line and the live entry.
    line = BreakingNews.objects.get()
    assert (line.text, line.article) == ("Землетрясение магнитудой 5 в Шемахе", story)
    entry = LiveEntry.objects.get()
    assert entry.article == live_page and "Толчки ощущались" in entry.body and entry.key_event
    # Nothing was sent by the editor's request; the workers send it all.
    assert telegram.calls == [] and push.pushes() == [] and smtp.received == []
    work()
    (message,) = telegram.messages(CHAT)
    assert message["text"].startswith("🔴 <b>Землетрясение магнитудой 5 в Шемахе</b>")
    assert f"https://news.example.az{story.get_absolute_url()}" in message["text"]
    (pushed,) = push.pushes(subscription["endpoint"])
    assert pushed.json()["body"] == "Землетрясение в Шемахе: что известно"
    (mail,) = smtp.received
    assert mail.message["Subject"].strip() == "Землетрясение магнитудой 5 в Шемахе"
    assert "Землетрясение в Шемахе" in mail.part("text/plain")
    # One audit record for the whole alert.
    audit = AuditEntry.objects.filter(user=editor).exclude(
        action__in=["entry posted", "live started"]
    )
    assert list(audit.values_list("action", flat=True)) == ["alert sent"]
    # The same screen reports each channel.
    page = client.get(desk).content.decode()
    alert = Alert.objects.get()
    row = page[page.index(f'data-alert="{alert.pk}"') :]
    assert 'Главный (ru): <span class="state">' in row
    assert row.count("доставлено 1") == 2 or row.count("delivered 1") == 2


def test_an_alert_that_cannot_be_whole_sends_nothing(newsroom, services):
    _telegram, _push, _smtp = services
    story, _live_page, editor, _subscription = newsroom
    asked = AlertRequest(edition="ru", breaking="Срочно", push="Без статьи")
    with pytest.raises(Invalid, match="push needs the story"):
        alert_send(user=editor, asked=asked)
    ended = make_article(story.section, title="Не live")
    asked = AlertRequest(edition="ru", breaking="Срочно", article=story, live="x", live_page=ended)
    with pytest.raises(Exception, match="not live"):
        alert_send(user=editor, asked=asked)
    assert not BreakingNews.objects.exists() and not Alert.objects.exists()
    assert not Delivery.objects.exists() and not LiveEntry.objects.exists()


def test_a_revoked_bot_is_reported_on_the_desk_and_the_rest_still_goes(client, newsroom, services):
    telegram, push, _smtp = services
    story, _live_page, editor, subscription = newsroom
    telegram.kick(TOKEN, CHAT)
    alert_send(user=editor, asked=AlertRequest(
        edition="ru", breaking="Срочно", article=story, telegram="Срочно!", push="Срочно",
    ))  # fmt: skip
    work()
    delivery = Delivery.objects.get(channel="telegram")
    assert delivery.state == "failed" and "Forbidden" in delivery.last_error
    assert len(push.pushes(subscription["endpoint"])) == 1
    login(client, editor)
    page = client.get(reverse("admin:alerts_alert_changelist")).content.decode()
    assert delivery.last_error in page or delivery.last_error.replace("'", "&#x27;") in page


def test_the_desk_says_what_a_channel_refused_and_sends_nothing(client, newsroom):
    story, _live_page, editor, _subscription = newsroom
    draft = make_article(story.section, title="Черновик", status=Article.Status.DRAFT)
    login(client, editor)
    answer = client.post(reverse("admin:alerts_alert_changelist"), {
        "once": secrets.token_urlsafe(16),
        "edition": "ru", "breaking": "Срочно", "article": draft.pk, "channels": ["push"],
    })  # fmt: skip
    assert answer.status_code == 200 and "сначала опубликуйте её" in answer.content.decode()
    assert not Alert.objects.exists() and not BreakingNews.objects.exists()


def test_who_may_alert(client, newsroom):
    story, _live_page, _editor, _subscription = newsroom
    author = make_user("leyla", Role.AUTHOR, editions=("ru",))
    login(client, author)
    assert client.get(reverse("admin:alerts_alert_changelist")).status_code == 403
    az_editor = make_user("anar", Role.EDITOR, editions=("az",))
    login(client, az_editor)
    answer = client.post(reverse("admin:alerts_alert_changelist"), {
        "once": secrets.token_urlsafe(16),
        "edition": "ru", "breaking": "Срочно", "article": story.pk, "channels": ["push"],
    })  # fmt: skip
    assert answer.status_code == 200 and not Alert.objects.exists()
