"""Newsletters: double opt-in from the site's box, a daily digest composed by itself and
editable until it goes, an alerts list, one-click unsubscribe (RFC 8058) in every letter,
a subscriber's own choices and "delete my data". Mail goes through Django's SMTP backend
to a real SMTP server on loopback (aiosmtpd: tests/smtp_server.py) that keeps every
message as received."""

from __future__ import annotations

import datetime as dt
import json
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_article, make_section
from tests.loopback import until
from tests.newsroom_staff import login, make_user
from tests.public_site import VNU_JAR, java, required
from tests.smtp_server import SmtpServer
from tests.task_worker import time_passes, work, worker_environment
from xeber.deliveries.models import Delivery
from xeber.deliveries.services import deliveries_resume
from xeber.editorial.roles import Role, ensure_role_groups
from xeber.news.models import Article
from xeber.newsletters import services
from xeber.newsletters.models import Letter, Subscriber

pytestmark = pytest.mark.django_db(transaction=True)
SITE = "https://news.example.az"
ONE_CLICK, FORM = "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded"


@pytest.fixture
def smtp(settings):
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_TIMEOUT = 2
        settings.SITE_URL = SITE
        settings.NEWSLETTER_FROM = "Xeber <news@example.az>"
        yield server


@pytest.fixture
def newsroom(smtp):
    ensure_role_groups()
    section = make_section("ru", "Политика", "politics")
    editor = make_user("farid", Role.EDITOR, editions=("ru",))
    return section, editor


def sign_up(client, email="leyla@example.org", lists=("digest",), edition="ru", **extra):
    data = {"edition": edition, "email": email, "list": list(lists), "website": ""}
    return client.post(reverse("newsletters:subscribe"), data, **extra)


def confirmed(email="leyla@example.org", edition="ru", **lists) -> Subscriber:
    return Subscriber.objects.create(
        edition=edition, email=email, confirmed_at=timezone.now(), **lists
    )


def link_in(text: str, name: str) -> str:
    return re.search(rf"{SITE}/newsletters/{name}/[^\s\"<]+", text).group(0)


# --- Signing up ----------------------------------------------------------------------------


def test_the_box_on_the_front_page_signs_up_with_a_confirmation_mail(client, newsroom, smtp):
    front = client.get("/ru/").content.decode()
    assert 'action="/newsletters/subscribe"' in front and 'name="email"' in front
    answer = sign_up(client, email="Leyla@Example.ORG", lists=("digest", "alerts"))
    assert answer.status_code == 200 and "отправили вам письмо" in answer.content.decode()
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "leyla@example.org" and subscriber.confirmed_at is None
    assert (subscriber.digest, subscriber.alerts) == (True, True)
    assert smtp.received == []  # the reader's request sent nothing itself
    work()
    (received,) = smtp.received
    assert received.recipients == ["leyla@example.org"]
    assert received.message["Subject"].strip() == "Подтвердите подписку на Xeber"
    text, html = received.part("text/plain"), received.part("text/html")
    link = link_in(text, "confirm")
    assert link == f"{SITE}/newsletters/confirm/{subscriber.token}/" and link in html
    # Opening the link (as a mail scanner would) confirms nothing; the button does.
    path = link.removeprefix(SITE)
    assert client.get(path).status_code == 200
    assert Subscriber.objects.get().confirmed_at is None
    assert "Подписка подтверждена" in client.post(path).content.decode()
    assert Subscriber.objects.get().confirmed_at is not None


def test_signing_up_again_sends_no_second_mail_for_a_while(client, newsroom, smtp):
    sign_up(client)
    sign_up(client, lists=("alerts",))
    work()
    assert len(smtp.received) == 1
    assert Subscriber.objects.get().alerts is True  # the second try's choice counts
    Subscriber.objects.update(
        confirmed_at=timezone.now(), mailed_at=timezone.now() - dt.timedelta(minutes=11)
    )
    sign_up(client, lists=("digest",))
    work()
    # An address already confirmed gets a link to its choices, which no stranger can change.
    second = smtp.received[1]
    assert "/newsletters/preferences/" in second.part("text/plain")
    assert Subscriber.objects.get().alerts is True


@pytest.mark.parametrize(
    ("data", "extra", "status", "text"),
    [
        ({"email": "not an address"}, {}, 400, "Введите правильный адрес"),
        ({"list": []}, {}, 400, "Выберите хотя бы одну рассылку"),
        ({"website": "http://spam.example"}, {}, 400, ""),
        ({}, {"HTTP_SEC_FETCH_SITE": "cross-site"}, 403, ""),
        ({"email": "x" * 400 + "@example.org"}, {}, 400, "Введите правильный адрес"),
    ],
)
def test_what_the_box_gets_wrong_is_said_and_nothing_is_kept(
    client, newsroom, data, extra, status, text
):
    body = {"edition": "ru", "email": "leyla@example.org", "list": ["digest"], **data}
    answer = client.post(reverse("newsletters:subscribe"), body, **extra)
    assert answer.status_code == status and text in answer.content.decode()
    assert not Subscriber.objects.exists() and not Delivery.objects.exists()


def test_one_client_cannot_sign_up_the_world(client, newsroom):
    for number in range(20):
        assert sign_up(client, email=f"r{number}@example.org").status_code == 200
    assert sign_up(client, email="one-more@example.org").status_code == 429
    assert sign_up(client, email="LEYLA@example.org").status_code == 429
    assert Subscriber.objects.count() == 20


def test_addresses_never_confirmed_are_forgotten_after_a_week(newsroom):
    services.subscriber_signup(edition="ru", email="a@example.org", digest=True, alerts=False)
    confirmed("b@example.org")
    Subscriber.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    assert services.unconfirmed_forget() == 1
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["b@example.org"]


# --- The daily digest ----------------------------------------------------------------------


def publish_the_days_stories(section) -> list[Article]:
    """Stories of the hour before today's digest window closes: the digest takes the 24
    hours before DIGEST_COMPOSE_AT (or before now, earlier in the day), so after that time
    of day a story of the last hour is the next day's."""
    now = timezone.now()
    hours, minutes = (int(part) for part in settings.DIGEST_COMPOSE_AT.split(":"))
    closes = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(hours, minutes)))
    start = min(closes, now) - dt.timedelta(hours=1)
    stories = [
        make_article(section, title=f"Новость {n}", published_at=start + dt.timedelta(minutes=n))
        for n in range(10)
    ]
    main = make_article(section, title="Главное", published_at=start, is_main=True)
    make_article(section, title="Вчерашнее", published_at=start - dt.timedelta(days=1))
    make_article(section, title="Черновик", published_at=start, status=Article.Status.DRAFT)
    return [main, *stories]


def test_the_digest_composes_itself_once_with_the_days_main_stories_first(newsroom, settings):
    section, _editor = newsroom
    settings.DIGEST_SIZE = 4
    stories = publish_the_days_stories(section)
    day = timezone.localdate()
    letter = services.digest_compose("ru", day)
    assert [item.article.title for item in letter.items.all()] == [
        "Главное", "Новость 9", "Новость 8", "Новость 7"
    ]  # fmt: skip
    assert letter.subject.startswith("Xeber: новости дня, ")
    assert services.digest_compose("ru", day) == letter  # once a day
    assert services.digest_compose("az", day) is None  # a day without stories
    assert Letter.objects.count() == 1 and len(stories) == 11
    delivery = Delivery.objects.get(channel="email", action="letter")
    assert delivery.due_at == letter.send_at >= timezone.now() - dt.timedelta(seconds=5)


def test_the_scheduler_composes_digests_only_once_it_is_time(newsroom, settings):
    section, _editor = newsroom
    publish_the_days_stories(section)
    now = timezone.localtime()
    settings.DIGEST_COMPOSE_AT = (now + dt.timedelta(minutes=2)).strftime("%H:%M")
    if now.strftime("%H:%M") < settings.DIGEST_COMPOSE_AT:  # not across midnight
        assert services.digests_compose_due() == []
    settings.DIGEST_COMPOSE_AT = now.strftime("%H:%M")  # it is time
    settings.DIGEST_SEND_AT = "23:59"
    (letter,) = services.digests_compose_due()
    assert letter.items.count() == settings.DIGEST_SIZE
    assert timezone.localtime(letter.send_at).strftime("%H:%M") in ("23:59", now.strftime("%H:%M"))


def test_every_confirmed_reader_of_the_list_gets_the_digest_with_its_own_unsubscribe(
    client, newsroom, smtp
):
    section, _editor = newsroom
    publish_the_days_stories(section)
    readers = [confirmed(f"reader{n}@example.org", digest=True) for n in range(3)]
    confirmed("alerts-only@example.org", digest=False, alerts=True)
    services.subscriber_signup(edition="ru", email="new@example.org", digest=True, alerts=False)
    Delivery.objects.all().delete()  # that one's confirmation is not what is looked at here
    letter = services.digest_compose("ru", timezone.localdate())
    time_passes()  # to its time (DIGEST_SEND_AT)
    work()
    assert sorted(each.recipients[0] for each in smtp.received) == [
        reader.email for reader in readers
    ]
    for reader in readers:
        (received,) = smtp.to(reader.email)
        message = received.message
        unsubscribe = f"{SITE}/newsletters/unsubscribe/{reader.token}/digest/"
        assert message["List-Unsubscribe"].strip() == f"<{unsubscribe}>"  # may be folded
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert message["List-Id"] == "<digest.ru.news.example.az>"
        assert message["Subject"].strip() == letter.subject
        text, html = received.part("text/plain"), received.part("text/html")
        assert "Главное" in text and "Главное" in html and unsubscribe in html
        assert f"{SITE}/newsletters/preferences/{reader.token}/" in text
        assert "Черновик" not in text and "Вчерашнее" not in text
        assert '<html lang="ru">' in html
    letter.refresh_from_db()
    assert (letter.delivered, letter.undelivered, letter.state) == (3, 0, "sending")


def test_an_editor_changes_the_digest_before_it_goes(client, newsroom, smtp, settings):
    section, editor = newsroom
    stories = publish_the_days_stories(section)
    confirmed(digest=True)
    letter = services.digest_compose("ru", timezone.localdate())
    login(client, editor)
    change = reverse("admin:newsletters_letter_change", args=[letter.pk])
    form = client.get(change)
    assert form.status_code == 200
    later = timezone.localtime() + dt.timedelta(hours=1)
    items = list(letter.items.all())
    data = {
        "subject": "Итоги дня", "intro": "Главное за сегодня.",
        "send_at_0": later.strftime("%Y-%m-%d"), "send_at_1": later.strftime("%H:%M:%S"),
        "items-TOTAL_FORMS": len(items) + 1, "items-INITIAL_FORMS": len(items),
        "items-MIN_NUM_FORMS": 0, "items-MAX_NUM_FORMS": 1000,
    }  # fmt: skip
    for index, item in enumerate(items):
        data |= {
            f"items-{index}-id": item.pk, f"items-{index}-letter": letter.pk,
            f"items-{index}-position": index + 1, f"items-{index}-article": item.article_id,
            f"items-{index}-DELETE": "on" if index else "",
        }  # fmt: skip
    data |= {"items-" + str(len(items)) + "-position": 0,
             "items-" + str(len(items)) + "-article": stories[5].pk}  # fmt: skip
    saved = client.post(change, data)
    assert saved.status_code == 302, saved.content.decode()[:2000]
    delivery = Delivery.objects.get(action="letter")
    assert abs((delivery.due_at - later).total_seconds()) < 1  # the sending moved with it
    work()
    assert smtp.received == []  # not its time yet
    time_passes()
    work()
    (received,) = smtp.received
    text = received.part("text/plain")
    assert received.message["Subject"].strip() == "Итоги дня" and "Главное за сегодня." in text
    assert text.index(stories[5].title) < text.index(stories[0].get_absolute_url())
    assert "Новость 9" not in text
    # Once it has gone it is only looked at.
    assert client.post(change, data).status_code == 403


def test_a_digest_takes_only_stories_of_its_edition(client, newsroom):
    section, editor = newsroom
    publish_the_days_stories(section)
    letter = services.digest_compose("ru", timezone.localdate())
    elsewhere = make_article(make_section("az", "Siyasət", "siyaset"), title="Başqa nəşr")
    login(client, editor)
    change = reverse("admin:newsletters_letter_change", args=[letter.pk])
    items = list(letter.items.all())
    data = {
        "subject": "Итоги дня", "intro": "",
        "send_at_0": timezone.localtime(letter.send_at).strftime("%Y-%m-%d"),
        "send_at_1": timezone.localtime(letter.send_at).strftime("%H:%M:%S"),
        "items-TOTAL_FORMS": len(items) + 1, "items-INITIAL_FORMS": len(items),
        "items-MIN_NUM_FORMS": 0, "items-MAX_NUM_FORMS": 1000,
        f"items-{len(items)}-position": 0, f"items-{len(items)}-article": elsewhere.pk,
    }  # fmt: skip
    for index, item in enumerate(items):
        data |= {
            f"items-{index}-id": item.pk,
            f"items-{index}-letter": letter.pk,
            f"items-{index}-position": index,
            f"items-{index}-article": item.article_id,
        }
    answer = client.post(change, data)
    assert answer.status_code == 200 and not letter.items.filter(article=elsewhere).exists()
    assert Letter.objects.get().subject != "Итоги дня"  # nothing of it was saved


def test_a_cancelled_letter_is_not_sent(newsroom, smtp):
    section, editor = newsroom
    publish_the_days_stories(section)
    confirmed(digest=True)
    letter = services.digest_compose("ru", timezone.localdate())
    assert services.letter_cancel(user=editor, letter=letter)
    work()
    assert smtp.received == []
    assert Delivery.objects.get(action="letter").state == "cancelled"


# --- Alerts --------------------------------------------------------------------------------


def test_an_alert_goes_to_the_alerts_list_only(newsroom, smtp):
    section, editor = newsroom
    story = make_article(section, title="Землетрясение в Шемахе")
    confirmed("alerts@example.org", digest=False, alerts=True)
    confirmed("digest@example.org", digest=True, alerts=False)
    services.alert_letter_send(user=editor, article=story, subject="Срочно: землетрясение")
    work()
    (received,) = smtp.received
    assert received.recipients == ["alerts@example.org"]
    assert received.message["List-Id"] == "<alerts.ru.news.example.az>"
    assert "/alerts/" in received.message["List-Unsubscribe"]
    assert "Землетрясение в Шемахе" in received.part("text/plain")


def test_who_may_mail_an_alert(newsroom):
    section, _editor = newsroom
    story = make_article(section)
    author = make_user("leyla", Role.AUTHOR, editions=("ru",))
    with pytest.raises(PermissionDenied):
        services.alert_letter_send(user=author, article=story, subject="Срочно")
    assert not Letter.objects.exists()


# --- A reader's own choices ----------------------------------------------------------------


def test_one_click_unsubscribe_as_mail_providers_post_it(client, newsroom):
    subscriber = confirmed(digest=True, alerts=True)
    url = reverse("newsletters:unsubscribe", args=[subscriber.token, "digest"])
    assert client.get(url).status_code == 200  # a person clicking: nothing changes yet
    assert Subscriber.objects.get().digest is True
    answer = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert answer.status_code == 200
    assert (Subscriber.objects.get().digest, Subscriber.objects.get().alerts) == (False, True)
    alerts = reverse("newsletters:unsubscribe", args=[subscriber.token, "alerts"])
    client.post(
        alerts, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert not Subscriber.objects.exists()  # no list left: nothing is kept
    assert client.post(alerts).status_code == 404


def test_a_reader_changes_lists_and_deletes_their_data(client, newsroom):
    subscriber = confirmed(digest=True, alerts=False)
    url = reverse("newsletters:preferences", args=[subscriber.token])
    page = client.get(url)
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-store"
    client.post(url, {"list": ["alerts"], "step": "save"})
    assert (Subscriber.objects.get().digest, Subscriber.objects.get().alerts) == (False, True)
    answer = client.post(url, {"step": "forget"})
    assert "удалены" in answer.content.decode() and not Subscriber.objects.exists()


@pytest.mark.parametrize("token", ["x", "a" * 43, "a" * 300, "../../etc"])
def test_unknown_tokens_are_not_found(client, newsroom, token):
    for name in ("confirm", "preferences"):
        assert client.get(f"/newsletters/{name}/{token}/").status_code == 404
    assert client.post(f"/newsletters/unsubscribe/{token}/digest/").status_code == 404


# --- Mail servers that refuse --------------------------------------------------------------


def test_a_refused_address_is_counted_and_the_others_delivered(newsroom, smtp):
    section, editor = newsroom
    story = make_article(section)
    for name in ("a", "b", "c"):
        confirmed(f"{name}@example.org", alerts=True)
    smtp.refuse_recipient("b@example.org", "550 5.1.1 <b@example.org>: Recipient unknown")
    services.alert_letter_send(user=editor, article=story, subject="Срочно")
    work()
    letter = Letter.objects.get()
    assert (letter.delivered, letter.undelivered) == (2, 1)
    assert letter.problems == {"550 5.1.1": 1}  # servers put the address in the rest
    assert "b@example.org" not in Delivery.objects.get(action="letter").last_error
    assert Subscriber.objects.count() == 3


def test_a_mail_server_that_says_later_or_is_down_gets_the_rest_later(newsroom, smtp, settings):
    section, editor = newsroom
    story = make_article(section)
    for name in ("a", "b", "c"):
        confirmed(f"{name}@example.org", alerts=True)
    smtp.fail_next(1)  # 451 for the first message
    services.alert_letter_send(user=editor, article=story, subject="Срочно")
    work()
    delivery = Delivery.objects.get(action="letter")
    assert delivery.state == "pending" and "451 4.3.0: 1" in delivery.last_error
    assert len(smtp.received) == 2
    smtp.stop()
    time_passes()
    work()
    delivery.refresh_from_db()
    assert delivery.state == "pending" and "unreachable" in delivery.last_error
    with SmtpServer() as back:
        settings.EMAIL_PORT = back.port
        time_passes()
        work()
        assert [each.recipients for each in back.received] == [["a@example.org"]]
    delivery.refresh_from_db()
    assert delivery.state == "sent" and Letter.objects.get().delivered == 3


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a worker in another process: PostgreSQL (SQLite's test database is in memory)",
)
def test_killing_a_worker_mid_letter_loses_nothing(newsroom, smtp, settings):
    """A real worker is killed while the mail server holds a letter of its first batch;
    the next attempt goes on from the batch it had not recorded."""
    section, editor = newsroom
    story = make_article(section)
    readers = [confirmed(f"r{number}@example.org", alerts=True).email for number in range(5)]
    smtp.hang_next(1, 30)
    services.alert_letter_send(user=editor, article=story, subject="Срочно")
    worker = subprocess.Popen(
        [Path(sys.executable).parent / "xeber", "db_worker", "--interval", "0.1"],
        env=worker_environment(
            EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp.port), MAIL_BATCH="2",
            NEWSLETTER_FROM=settings.NEWSLETTER_FROM, SITE_URL=SITE,
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        assert until(lambda: Delivery.objects.get(action="letter").state == "sending", 20)
        assert until(lambda: smtp.script.hangs == [], 10)  # the first letter is held
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    assert Letter.objects.get().delivered == 0
    time.sleep(2.1)  # the dead worker's lease runs out
    assert deliveries_resume() == 1
    settings.MAIL_BATCH = 2
    work()
    letter = Letter.objects.get()
    assert letter.delivered == 5 and Delivery.objects.get(action="letter").state == "sent"
    for address in readers:  # each got it; only the unrecorded batch's maybe twice
        assert 1 <= len(smtp.to(address)) <= (2 if address in readers[:2] else 1)


def test_subscribers_are_not_in_the_api(client, newsroom):
    confirmed("secret-reader@example.org", digest=True)
    schema = client.get("/api/v1/schema/").content.decode()
    assert "subscriber" not in schema.lower() and "secret-reader" not in schema


def test_letters_and_pages_are_valid_html(client, newsroom, smtp, tmp_path):
    """What mail clients and browsers get parses as the HTML standard says (Nu checker)."""
    section, _editor = newsroom
    publish_the_days_stories(section)
    subscriber = confirmed(digest=True)
    sign_up(client, email="new@example.org")
    services.digest_compose("ru", timezone.localdate())
    time_passes()
    work()
    documents = {
        f"mail {each.message['Subject']}": each.part("text/html") for each in smtp.received
    }
    for name in ("confirm", "preferences"):
        documents[name] = client.get(f"/newsletters/{name}/{subscriber.token}/").content.decode()
    documents["unsubscribe"] = client.get(
        f"/newsletters/unsubscribe/{subscriber.token}/digest/"
    ).content.decode()
    assert len(documents) == 5
    files = {}
    for number, (name, html) in enumerate(documents.items()):
        file = tmp_path / f"document-{number}.html"
        file.write_text(html, encoding="utf-8")
        files[str(file)] = name
    checker = [java(), "-jar", str(required(VNU_JAR)), "--format", "json", "--errors-only"]
    run = subprocess.run(
        [*checker, "--stdout", *files], capture_output=True, text=True, timeout=300
    )
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: {m['message']}"
        for m in json.loads(run.stdout)["messages"]
    ]
    assert not errors, "\n".join(errors)
