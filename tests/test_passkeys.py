"""Passkeys as the second factor (xeber/accounts/passkeys.py): a chief editor enrols with
one in a real Chromium (its virtual authenticator, driven through the DevTools protocol,
is the browser's own WebAuthn stack), is asked for it at the next sign-in and signs in
with it; forged, replayed and malformed answers are refused with a 4xx that says why."""

from __future__ import annotations

import json
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.conf import settings
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_static.models import StaticDevice
from playwright.sync_api import expect

from tests.browser import chromium_page
from tests.newsroom_staff import build_desk, signed_in
from tests.test_browser_newsroom import log_in
from xeber.accounts import services
from xeber.accounts.models import PasskeyDevice
from xeber.editorial.models import AuditEntry

pytestmark = pytest.mark.django_db
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
WIDE = {"viewport": {"width": 1440, "height": 1000}}
REGISTER = "/admin/two-factor/passkey/register/"
VERIFY = "/admin/two-factor/passkey/verify/"
AUTHENTICATOR = {
    "protocol": "ctap2", "transport": "internal", "hasResidentKey": True,
    "hasUserVerification": True, "isUserVerified": True, "automaticPresenceSimulation": True,
}  # fmt: skip


@pytest.fixture
def desk(settings):
    settings.TWO_FACTOR_REQUIRED = True
    return build_desk()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_chief_editor_enrols_with_a_passkey_and_signs_in_with_it_next_time(live_server, desk):
    base = live_server.url
    with chromium_page(**WIDE) as page:
        devtools = page.context.new_cdp_session(page)
        devtools.send("WebAuthn.enable")
        authenticator = devtools.send(
            "WebAuthn.addVirtualAuthenticator", {"options": AUTHENTICATOR}
        )

        log_in(page, base, "leyla")
        page.wait_for_url("**/admin/two-factor/setup/**")
        page.fill("#passkey-name", "Рабочий ноутбук")
        page.click("[data-passkey=register]")
        page.locator(".two-factor-codes li").first.wait_for()
        assert page.locator(".two-factor-codes li").count() == services.RECOVERY_CODES
        page.locator(".two-factor a.button").click()
        page.locator("#desk-drafts").wait_for()
        held = devtools.send("WebAuthn.getCredentials", authenticator)["credentials"]
        assert len(held) == 1 and held[0]["rpId"] == "localhost"

        page.context.clear_cookies()  # signed out: the next sign-in asks for the passkey
        log_in(page, base, "leyla")
        page.wait_for_url("**/admin/two-factor/verify/**")
        assert page.locator("#desk-drafts").count() == 0
        page.click("[data-passkey=verify]")
        page.locator("#desk-drafts").wait_for()

        # The passkey gone from the authenticator: the browser has none to offer, and
        # the page says so instead of signing in.
        devtools.send("WebAuthn.clearCredentials", authenticator)
        page.context.clear_cookies()
        log_in(page, base, "leyla")
        page.wait_for_url("**/admin/two-factor/verify/**")
        page.click("[data-passkey=verify]")
        expect(page.locator("#passkey-status")).not_to_be_empty()  # no eval: the CSP has none
        assert "/two-factor/verify/" in page.url
    # The database is read after the browser is gone: inside Playwright's sync API the
    # test runs in a greenlet, where Django would open a connection of its own.
    (passkey,) = PasskeyDevice.objects.filter(user=desk.chief)
    assert passkey.name == "Рабочий ноутбук" and services.two_factor_enrolled(desk.chief)
    assert passkey.last_used_at is not None and passkey.sign_count >= 1


def stored_passkey(user, name: str, credential_id: str) -> PasskeyDevice:
    """A passkey on record (its key is never checked in these tests)."""
    return PasskeyDevice.objects.create(
        user=user, name=name, confirmed=True, credential_id=credential_id, public_key=b"\x00"
    )


def answer(client, url: str, body) -> tuple[int, dict]:
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    response = client.post(url, data, content_type="application/json")
    return response.status_code, response.json()


def test_an_answer_without_a_challenge_or_not_json_is_refused_and_saves_nothing(desk):
    client = signed_in(desk.author)  # no second factor: may enrol with a passkey
    status, body = answer(client, REGISTER, {"credential": {"id": "abc", "response": {}}})
    assert (status, body["error"]) == (400, "Запрос ключа доступа устарел: попробуйте ещё раз.")

    options = client.get(REGISTER).json()
    assert options["rp"]["id"] == "testserver" and options["challenge"]
    assert options["user"]["name"] == desk.author.username
    status, body = answer(client, REGISTER, b"{not json")
    assert status == 400 and "не JSON" in body["error"]

    client.get(REGISTER)
    forged = {"id": "AAAA", "rawId": "AAAA", "type": "public-key",
              "response": {"clientDataJSON": "e30", "attestationObject": "oA"}}  # fmt: skip
    status, body = answer(client, REGISTER, {"credential": forged, "name": "x"})
    assert status == 400 and body["error"].startswith("Ключ доступа не принят: ")
    status, body = answer(client, REGISTER, {"credential": forged})  # the challenge is used up
    assert "устарел" in body["error"]
    assert not PasskeyDevice.objects.exists() and not StaticDevice.objects.exists()


def test_sign_in_options_name_only_ones_own_passkeys_and_refuse_anothers(desk):
    stored_passkey(desk.chief, "key", "Y2hpZWY")
    stored_passkey(desk.editor, "key", "ZWRpdG9y")
    client = signed_in(desk.chief)
    assert client.get("/admin/").status_code == 302  # to the second factor
    options = client.get(VERIFY).json()
    assert [known["id"] for known in options["allowCredentials"]] == ["Y2hpZWY"]
    status, body = answer(client, VERIFY, {"credential": {"id": "ZWRpdG9y", "response": {}}})
    assert (status, body["error"]) == (400, "Этот ключ доступа не ваш.")
    assert client.get("/admin/").status_code == 302  # still not verified

    # Enrolled but not yet verified: a password alone cannot add a passkey of its own.
    assert client.get(REGISTER).status_code == 403
    other = signed_in(desk.author)
    assert other.get(VERIFY).status_code == 404  # has none
    assert not AuditEntry.objects.filter(action="passkey added").exists()


def test_a_person_removes_only_their_own_passkeys(desk, settings):
    settings.TWO_FACTOR_REQUIRED = False
    mine = stored_passkey(desk.author, "mine", "bWluZQ")
    theirs = stored_passkey(desk.editor, "theirs", "dGhlaXJz")
    client = signed_in(desk.author)
    # The author's passkey makes them enrolled: verify first, as the gate asks.
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = mine.persistent_id
    session.save()
    page = client.get("/admin/account/sessions/").content.decode()
    assert "mine" in page and "theirs" not in page
    client.post("/admin/account/passkeys/remove/", {"passkey": theirs.pk})
    client.post("/admin/account/passkeys/remove/", {"passkey": "not a number"})
    assert PasskeyDevice.objects.filter(pk=theirs.pk).exists()
    client.post("/admin/account/passkeys/remove/", {"passkey": mine.pk})
    assert not PasskeyDevice.objects.filter(pk=mine.pk).exists()


def test_two_answers_at_once_cannot_both_use_one_challenge(desk):
    """The challenge is taken by a delete in the shared cache, which only one wins."""
    from xeber.accounts import passkeys

    client = signed_in(desk.author)
    client.get(REGISTER)
    # Two requests at once: each loads the session as it was, challenge and all.
    key = client.session.session_key
    first, second = (SimpleNamespace(session=SessionStore(key)) for _ in range(2))
    assert passkeys._take_challenge(first, "register")  # the first answer takes it
    with pytest.raises(passkeys.Invalid):
        passkeys._take_challenge(second, "register")  # the second finds none
