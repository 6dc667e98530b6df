"""Web push: readers' browsers subscribe from the header's bell, editors send a push about a
story, a worker delivers it through pywebpush to a loopback push service
(tests/web_push_service.py) that decrypts every payload with the subscription's keys and
checks every VAPID signature, as FCM and autopush do."""

from __future__ import annotations

import json
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from py_vapid import Vapid

from tests.factories import make_article, make_section
from tests.loopback import until
from tests.newsroom_staff import login, make_user
from tests.task_worker import time_passes, work, worker_environment
from tests.web_push_service import REASONS, WebPushService
from xeber.deliveries.models import Delivery
from xeber.deliveries.services import deliveries_resume
from xeber.editorial.models import AuditEntry
from xeber.editorial.roles import Role, ensure_role_groups
from xeber.news.models import Article
from xeber.push import keys
from xeber.push.models import PushAlert, PushSubscription
from xeber.push.services import Invalid, push_alert_send

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def service(settings):
    with WebPushService() as push_service:
        settings.PUSH_SERVICE_HOSTS = [*settings.PUSH_SERVICE_HOSTS, push_service.origin]
        settings.PUSH_TIMEOUT = 2
        yield push_service


@pytest.fixture
def newsroom(service):
    ensure_role_groups()
    politics = make_section("ru", "Политика", "politics")
    sport = make_section("ru", "Спорт", "sport")
    story = make_article(politics, title="Парламент принял бюджет", lead="Во втором чтении.")
    editor = make_user("farid", Role.EDITOR, editions=("ru",))
    return politics, sport, story, editor


def _public(vapid: Vapid) -> str:
    point = vapid.public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return keys.b64url(point)


def subscribe(client, subscription: dict, edition="ru", sections=(), **headers):
    body = {"edition": edition, "sections": list(sections), "subscription": subscription}
    return client.post(
        reverse("push:subscribe"), json.dumps(body), content_type="application/json", **headers
    )


def reader(client, service, sections=()) -> dict:
    subscription = service.subscribe(application_server_key=keys.public_key())
    assert subscribe(client, subscription, sections=sections).status_code == 201
    return subscription


# --- Subscribing ---------------------------------------------------------------------------


def test_a_browser_subscribes_to_an_edition_and_to_some_of_its_sections(client, newsroom, service):
    politics, _sport, _story, _editor = newsroom
    subscription = reader(client, service, sections=["politics"])
    saved = PushSubscription.objects.get()
    assert (saved.edition, saved.endpoint) == ("ru", subscription["endpoint"])
    assert list(saved.sections.all()) == [politics]
    # The same browser again: its choice changes, no second row.
    assert subscribe(client, subscription, sections=["sport"]).status_code == 201
    assert [section.slug for section in PushSubscription.objects.get().sections.all()] == ["sport"]
    response = client.post(
        reverse("push:unsubscribe"),
        json.dumps({"endpoint": subscription["endpoint"], "edition": "ru"}),
        content_type="application/json",
    )
    assert response.status_code == 204 and not PushSubscription.objects.exists()


BAD_POINT = "BA" + "A" * 85  # 65 bytes, not a point of the curve
AUTH = "AAAAAAAAAAAAAAAAAAAAAA"


@pytest.mark.parametrize(
    ("field", "value", "error"),
    [
        ("edition", "xx", "unknown edition"),
        ("edition", [], "unknown edition"),
        ("endpoint", "https://a..notify.windows.com/x", "not an address of a known"),
        ("sections", ["weather"], "unknown sections"),
        ("sections", "politics", "must be a list"),
        ("subscription", "x", "PushSubscription.toJSON()"),
        ("endpoint", "https://evil.example/x", "not an address of a known push service"),
        ("endpoint", "http://127.0.0.1:1/x", "not an address of a known push service"),
        ("endpoint", "https://fcm.googleapis.com:99999/x", "not an address of a known"),
        ("keys", {"p256dh": "AAAA", "auth": AUTH}, "keys.p256dh must be 65 bytes"),
        ("keys", {"p256dh": BAD_POINT, "auth": AUTH}, "not a P-256 public key"),
        ("auth", 7, "keys.auth must be a base64url string"),
        ("auth", "AAAA", "keys.auth must be 16 bytes, not 3"),
    ],
)
def test_what_a_browser_sends_wrong_is_refused_with_the_reason(
    client, newsroom, service, field, value, error
):
    body = {"edition": "ru", "sections": [], "subscription": service.subscribe()}
    if field in body:
        body[field] = value
    elif field == "auth":
        body["subscription"]["keys"]["auth"] = value
    else:
        body["subscription"][field] = value
    response = client.post(
        reverse("push:subscribe"), json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 400 and error in response.json()["error"]
    assert not PushSubscription.objects.exists()


def test_only_the_sites_own_pages_subscribe(client, newsroom, service):
    subscription = service.subscribe()
    cross_site = subscribe(client, subscription, HTTP_SEC_FETCH_SITE="cross-site")
    assert cross_site.status_code == 403
    as_a_form = client.post(reverse("push:subscribe"), {"subscription": "x"})
    assert as_a_form.status_code == 415
    huge = client.post(reverse("push:subscribe"), "x" * 5000, content_type="application/json")
    assert huge.status_code == 413
    broken = client.post(reverse("push:subscribe"), "{", content_type="application/json")
    assert broken.status_code == 400
    listed = client.post(reverse("push:subscribe"), "[]", content_type="application/json")
    assert listed.json() == {"error": "the body must be a JSON object"}
    assert client.get(reverse("push:subscribe")).status_code == 405
    assert not PushSubscription.objects.exists()


def test_pages_carry_the_bell_with_the_sites_key_and_the_worker_is_served_for_the_whole_site(
    client, newsroom
):
    _politics, _sport, story, _editor = newsroom
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'data-key="{keys.public_key()}"' in page
    assert 'value="politics"' in page and 'value="sport"' in page  # the sections to choose
    worker = client.get("/push-worker.js")
    assert worker.status_code == 200 and worker["Service-Worker-Allowed"] == "/"
    assert worker["Content-Type"].startswith("text/javascript")
    assert b"showNotification" in worker.content and b"openWindow" in worker.content


def test_without_a_key_there_is_no_bell_and_no_subscription(
    client, newsroom, service, settings, tmp_path
):
    _politics, _sport, story, _editor = newsroom
    settings.VAPID_PRIVATE_KEY_FILE = tmp_path / "none.pem"
    keys.forget()
    try:
        assert b"push-bell" not in client.get(story.get_absolute_url()).content
        assert subscribe(client, service.subscribe()).status_code == 404
    finally:
        keys.forget()


# --- Sending -------------------------------------------------------------------------------


def test_an_editors_push_reaches_every_browser_that_wants_it_decrypted_and_signed(
    client, newsroom, service
):
    _politics, _sport, story, editor = newsroom
    everything = reader(client, service)
    politics_only = reader(client, service, sections=["politics"])
    sport_only = reader(client, service, sections=["sport"])
    push_alert_send(user=editor, article=story, text="Бюджет принят: что изменится")
    assert service.pushes() == []  # the editor's request pushed nothing itself
    work()
    assert service.refusals == []  # every VAPID signature and payload checked out
    for subscription in (everything, politics_only):
        (push,) = service.pushes(subscription["endpoint"])
        assert push.json() == {
            "title": "Xeber",
            "body": "Бюджет принят: что изменится",
            "url": story.get_absolute_url(),
            "tag": f"article-{story.pk}",
            "lang": "ru",
        }
        assert (push.urgency, push.subscriber) == ("high", "mailto:newsroom@example.org")
        assert push.ttl == 4 * 3600 and push.topic.startswith("alert")
        assert push.key == keys.public_key()
    assert service.pushes(sport_only["endpoint"]) == []
    alert = PushAlert.objects.get()
    assert (alert.delivered, alert.removed, alert.undelivered) == (2, 0, 0)
    assert Delivery.objects.get(channel="push").state == "sent"
    assert AuditEntry.objects.filter(action="push sent", user=editor).exists()


def test_expired_subscriptions_are_removed_and_other_refusals_counted(client, newsroom, service):
    _politics, _sport, story, editor = newsroom
    kept = reader(client, service)
    expired, forgotten = reader(client, service), reader(client, service)
    # Subscribed with another site's key: the service refuses our signature (403).
    another_site = Vapid()
    another_site.generate_keys()
    other_key = service.subscribe(application_server_key=_public(another_site))
    subscribe(client, other_key)
    service.expire(expired["endpoint"])
    service.forget(forgotten["endpoint"])
    push_alert_send(user=editor, article=story, text="Срочно")
    work()
    alert = PushAlert.objects.get()
    assert (alert.delivered, alert.removed, alert.undelivered) == (1, 2, 1)
    assert alert.problems == {"403 Forbidden": 1}
    remaining = set(PushSubscription.objects.values_list("endpoint", flat=True))
    assert remaining == {kept["endpoint"], other_key["endpoint"]}
    assert {refusal.reason for refusal in service.refusals} == {
        REASONS["expired"],
        REASONS["unknown"],
        REASONS["mismatch"],
    }


def test_a_busy_push_service_is_tried_again_after_its_retry_after(client, newsroom, service):
    _politics, _sport, story, editor = newsroom
    first, second = reader(client, service), reader(client, service)
    service.fail_next(1, status=429, retry_after=120)
    push_alert_send(user=editor, article=story, text="Срочно")
    work()
    delivery = Delivery.objects.get(channel="push")
    assert delivery.state == "pending" and "1 to try again (429 Too Many Requests: 1)" in (
        delivery.last_error
    )
    assert (delivery.due_at - delivery.updated_at).total_seconds() >= 119
    time_passes()
    work()
    delivery.refresh_from_db()
    assert delivery.state == "sent"
    assert [len(service.pushes(each["endpoint"])) for each in (first, second)] == [1, 1]
    assert PushAlert.objects.get().delivered == 2


def test_an_unreachable_push_service_keeps_the_alert_until_it_is_back(
    client, newsroom, service, settings
):
    _politics, _sport, story, editor = newsroom
    settings.DELIVERY_MAX_ATTEMPTS = 3
    subscription = reader(client, service)
    service.stop()
    push_alert_send(user=editor, article=story, text="Срочно")
    work()
    delivery = Delivery.objects.get(channel="push")
    assert delivery.state == "pending" and "unreachable" in delivery.last_error
    service.start()
    time_passes()
    work()
    assert len(service.pushes(subscription["endpoint"])) == 1
    assert PushAlert.objects.get().delivered == 1


def test_a_push_service_down_for_every_attempt_is_reported_undelivered(
    client, newsroom, service, settings
):
    _politics, _sport, story, editor = newsroom
    settings.DELIVERY_MAX_ATTEMPTS = 2
    reader(client, service)
    service.stop()
    push_alert_send(user=editor, article=story, text="Срочно")
    work()
    time_passes()
    work()
    delivery = Delivery.objects.get(channel="push")
    assert delivery.state == "failed" and "1 undelivered after 2 attempts" in delivery.last_error
    alert = PushAlert.objects.get()
    assert alert.undelivered == 1 and alert.retry == []
    assert PushSubscription.objects.count() == 1  # a service that is down is not a gone reader


def test_one_odd_subscription_does_not_stop_the_others(client, newsroom, service):
    _politics, _sport, story, editor = newsroom
    first = reader(client, service)
    keys_of = first["keys"]  # a row written before addresses were checked as they are now
    PushSubscription.objects.create(
        edition="ru", endpoint="https://a..notify.windows.com/x", **keys_of
    )
    last = reader(client, service)
    push_alert_send(user=editor, article=story, text="Срочно")
    work()
    assert [len(service.pushes(each["endpoint"])) for each in (first, last)] == [1, 1]
    alert = PushAlert.objects.get()
    assert (alert.delivered, alert.undelivered) == (2, 1)
    assert Delivery.objects.get(channel="push").state == "sent"


def test_readers_who_subscribe_after_an_alert_are_not_sent_it_later(client, newsroom, service):
    _politics, _sport, story, editor = newsroom
    early = reader(client, service)
    service.fail_next(1, status=503)
    push_alert_send(user=editor, article=story, text="Срочно")
    work()
    late = reader(client, service)
    time_passes()
    work()
    assert len(service.pushes(early["endpoint"])) == 1
    assert service.pushes(late["endpoint"]) == []


def test_a_silent_push_service_costs_one_timeout_per_batch(client, newsroom, service, settings):
    _politics, _sport, story, editor = newsroom
    settings.PUSH_TIMEOUT, settings.PUSH_CONCURRENCY = 0.5, 2
    for _ in range(6):
        reader(client, service)
    service.hang_next(6, 2)
    push_alert_send(user=editor, article=story, text="Срочно")
    started = time.monotonic()
    work()
    assert time.monotonic() - started < 2.5  # not 6 pushes x 0.5 s one after another
    delivery = Delivery.objects.get(channel="push")
    assert delivery.state == "pending" and "6 to try again" in delivery.last_error


def test_batches_resume_where_the_last_attempt_stopped(client, newsroom, service, settings):
    _politics, _sport, story, editor = newsroom
    settings.BROADCAST_BATCH = 2
    subscriptions = [reader(client, service) for _ in range(5)]
    push_alert_send(user=editor, article=story, text="Срочно")
    work()
    assert [len(service.pushes(each["endpoint"])) for each in subscriptions] == [1] * 5
    assert PushAlert.objects.get().cursor == PushSubscription.objects.order_by("pk").last().pk


def test_who_may_send_a_push(client, newsroom):
    _politics, _sport, story, editor = newsroom
    author = make_user("leyla", Role.AUTHOR, editions=("ru",))
    az_editor = make_user("anar", Role.EDITOR, editions=("az",))
    for person in (author, az_editor):
        with pytest.raises(PermissionDenied, match="alert is not allowed"):
            push_alert_send(user=person, article=story, text="Срочно")
    draft = make_article(story.section, title="Черновик", status=Article.Status.DRAFT)
    with pytest.raises(Invalid, match="publish it first"):
        push_alert_send(user=editor, article=draft, text="Срочно")
    with pytest.raises(Invalid, match="at most 180"):
        push_alert_send(user=editor, article=story, text="я" * 181)
    assert not PushAlert.objects.exists()


def test_the_push_desk_sends_and_reports(client, newsroom, service):
    _politics, _sport, story, editor = newsroom
    reader(client, service)
    login(client, editor)
    desk = reverse("admin:push_pushalert_changelist")
    page = client.get(desk, {"article": story.pk})
    assert page.status_code == 200 and b"ru 1" in page.content
    form = {"article": story.pk, "text": "  Бюджет   принят  ", "once": "a-token-of-this-form"}
    assert client.post(desk, form).status_code == 302
    assert client.post(desk, form).status_code == 302  # a double click: sent once
    assert PushAlert.objects.count() == 1
    work()
    page = client.get(desk).content.decode()
    assert "Бюджет принят" in page and '<td class="delivered">1</td>' in page
    refused = client.post(desk, {"article": 999999, "text": "x", "once": "another-form-token"})
    assert refused.status_code == 200 and "999999" in refused.content.decode()
    assert PushAlert.objects.count() == 1


def test_authors_have_no_push_desk(client, newsroom):
    author = make_user("leyla", Role.AUTHOR, editions=("ru",))
    login(client, author)
    assert client.get(reverse("admin:push_pushalert_changelist")).status_code == 403


def test_the_key_pair_is_made_once_outside_the_repository(settings, tmp_path):
    settings.VAPID_PRIVATE_KEY_FILE = tmp_path / "keys" / "vapid.pem"
    try:
        call_command("vapid_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
        made = settings.VAPID_PRIVATE_KEY_FILE
        assert stat.S_IMODE(made.stat().st_mode) == 0o600
        first = keys.public_key()
        assert len(first) == 87
        call_command("vapid_keys", if_missing=True)
        with pytest.raises(CommandError, match="--replace"):
            call_command("vapid_keys")
        assert keys.public_key() == first
        call_command("vapid_keys", replace=True, stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert keys.public_key() != first
    finally:
        keys.forget()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="a worker in another process: PostgreSQL (SQLite's test database is in memory)",
)
def test_killing_a_worker_mid_alert_loses_nothing(client, newsroom, service, settings):
    """A real worker is killed while the push service holds a push of its second batch;
    the next attempt goes on from the batch it had not finished."""
    _politics, _sport, story, editor = newsroom
    subscriptions = [reader(client, service) for _ in range(6)]
    service.hang_next(1, 30)  # the first push: its batch never finishes in this worker
    push_alert_send(user=editor, article=story, text="Срочно")
    worker = subprocess.Popen(
        [Path(sys.executable).parent / "xeber", "db_worker", "--interval", "0.1"],
        env=worker_environment(
            VAPID_PRIVATE_KEY_FILE=str(settings.VAPID_PRIVATE_KEY_FILE),
            PUSH_SERVICE_HOSTS=service.origin,
            PUSH_CONTACT=settings.PUSH_CONTACT,
            BROADCAST_BATCH="2",
        ),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert until(lambda: Delivery.objects.get(channel="push").state == "sending", seconds=20)
        assert until(lambda: len(service.pushes()) >= 1, seconds=10)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    alert = PushAlert.objects.get()
    assert alert.cursor == 0 and alert.delivered == 0  # its first batch was not recorded
    time.sleep(2.1)  # the dead worker's lease runs out
    assert deliveries_resume() == 1
    settings.BROADCAST_BATCH = 2
    work()
    alert.refresh_from_db()
    assert alert.delivered == 6 and Delivery.objects.get(channel="push").state == "sent"
    # Each browser got it; the unrecorded batch's pushes at most twice (same Topic and tag).
    counts = [len(service.pushes(each["endpoint"])) for each in subscriptions]
    assert all(1 <= count <= 2 for count in counts) and sum(counts) <= 8
