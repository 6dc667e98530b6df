"""Two-factor sign-in (xeber/accounts): editors and chief editors must enrol an
authenticator where TWO_FACTOR_REQUIRED, authors may; a code is asked after the password;
recovery codes work once; a chief editor may reset a colleague's devices."""

from __future__ import annotations

import re
import time

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.newsroom_staff import build_desk, signed_in
from xeber.accounts import services
from xeber.accounts.models import SignIn

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(settings):
    settings.TWO_FACTOR_REQUIRED = True
    return build_desk()


def code_now(user, drift: int = 0) -> str:
    """What the person's app shows (drift 1: in the next 30 s, which the device accepts,
    since a code once used is refused until the next one)."""
    device = TOTPDevice.objects.get(user=user)
    return f"{totp(device.bin_key, step=device.step, drift=drift, digits=device.digits):06d}"


def enrolled(user) -> tuple[Client, list[str]]:
    """A browser where `user` signed in and set up their authenticator, and their codes."""
    client = signed_in(user)
    return client, enrol(client, user)


def enrol(client, user) -> list[str]:
    page = client.get("/admin/two-factor/setup/").content.decode()
    assert "<svg" in page and services.secret_of(TOTPDevice.objects.get(user=user)) in page
    answer = client.post("/admin/two-factor/setup/", {"code": code_now(user), "next": "/admin/"})
    return re.findall(r"<li><code>(\w+)</code></li>", answer.content.decode())


def test_a_chief_editor_must_enrol_and_is_asked_for_a_code_next_time(desk):
    first = signed_in(desk.chief)
    answer = first.get("/admin/news/article/")
    assert answer.status_code == 302 and answer["Location"].startswith("/admin/two-factor/setup/")
    assert first.post("/admin/two-factor/setup/", {"code": "000000"}).status_code == 200
    assert not services.two_factor_enrolled(desk.chief)  # a wrong code confirms nothing
    codes = enrol(first, desk.chief)
    assert len(codes) == services.RECOVERY_CODES
    assert first.get("/admin/news/article/").status_code == 200

    second = signed_in(desk.chief)
    asked = second.get("/admin/news/article/")
    assert asked["Location"].startswith("/admin/two-factor/verify/?next=/admin/news/article/")
    wrong = second.post("/admin/two-factor/verify/", {"code": "123456"})
    assert wrong.status_code == 200 and second.get("/admin/").status_code == 302
    time.sleep(1.1)  # django-otp refuses every code for a second after a wrong one
    right = second.post(
        "/admin/two-factor/verify/",
        {"code": code_now(desk.chief, 1), "next": "/admin/news/article/"},
    )
    assert right["Location"] == "/admin/news/article/"
    assert second.get("/admin/news/article/").status_code == 200


def test_codes_sent_too_fast_after_a_wrong_one_are_told_to_wait(desk):
    enrolled(desk.chief)
    second = signed_in(desk.chief)
    wrong = second.post("/admin/two-factor/verify/", {"code": "123456"}).content.decode()
    assert "Код неверен или уже использован." in wrong
    again = second.post("/admin/two-factor/verify/", {"code": code_now(desk.chief, 1)})
    assert "Слишком много неверных кодов" in again.content.decode()
    assert second.get("/admin/").status_code == 302  # the right code was not even checked
    time.sleep(1.1)
    right = second.post("/admin/two-factor/verify/", {"code": code_now(desk.chief, 1)})
    assert right.status_code == 302


def test_a_recovery_code_signs_in_once(desk):
    _client, codes = enrolled(desk.editor)
    for attempt in (1, 2):
        other = signed_in(desk.editor)
        other.post("/admin/two-factor/verify/", {"code": codes[0]})
        allowed = other.get("/admin/").status_code == 200
        assert allowed is (attempt == 1)


def test_authors_may_but_need_not_and_the_demo_setting_turns_it_off(desk, settings):
    author = signed_in(desk.author)
    assert author.get("/admin/").status_code == 200  # an author without a device
    settings.TWO_FACTOR_REQUIRED = False
    editor = signed_in(desk.editor)
    assert editor.get("/admin/").status_code == 200


def test_a_next_address_elsewhere_is_not_followed(desk):
    enrolled(desk.chief)
    again = signed_in(desk.chief)
    answer = again.post(
        "/admin/two-factor/verify/",
        {"code": code_now(desk.chief, 1), "next": "https://evil.example/"},
    )
    assert answer["Location"] == "/admin/"


def test_a_chief_editor_resets_a_colleagues_devices_and_others_may_not(desk):
    enrolled(desk.editor)
    with pytest.raises(PermissionDenied):
        services.two_factor_reset(by=desk.author, user=desk.editor)
    services.two_factor_reset(by=desk.chief, user=desk.editor)
    assert not services.two_factor_enrolled(desk.editor)


# --- Sessions ------------------------------------------------------------------------------


def test_a_journalist_sees_where_they_are_signed_in_and_ends_a_session(desk):
    laptop, phone = (
        signed_in(desk.author),
        signed_in(desk.author, HTTP_USER_AGENT="Phone browser 1.0"),
    )
    page = laptop.get("/admin/account/sessions/").content.decode()
    assert page.count("data-sign-in=") == 2 and "Phone browser 1.0" in page
    other = SignIn.objects.get(browser="Phone browser 1.0")
    laptop.post("/admin/account/sessions/", {"end": other.pk})
    assert phone.get("/admin/").status_code == 302  # signed out there
    assert laptop.get("/admin/").status_code == 200
    assert SignIn.objects.filter(user=desk.author).count() == 1


def test_a_chief_editor_ends_a_colleagues_sessions_and_an_author_may_not(desk, settings):
    settings.TWO_FACTOR_REQUIRED = False  # signed in or out is what is asked here
    editor, chief, author = (signed_in(user) for user in (desk.editor, desk.chief, desk.author))
    url = f"/admin/account/sessions/?user={desk.editor.pk}"
    assert author.get(url).status_code == 403
    assert author.post(url, {"all": "1"}).status_code == 403
    assert editor.get("/admin/").status_code == 200
    chief.post(url, {"all": "1", "user": desk.editor.pk})
    assert editor.get("/admin/").status_code == 302
    assert not SignIn.objects.filter(user=desk.editor).exists()


def test_signing_out_forgets_the_session(desk):
    client = signed_in(desk.author)
    client.post("/admin/logout/")
    assert not SignIn.objects.exists()


def test_the_chief_editors_list_of_sign_ins_ends_them_and_resets_two_factor(desk):
    (editor, _codes), (chief, _codes) = enrolled(desk.editor), enrolled(desk.chief)
    assert editor.get("/admin/accounts/signin/").status_code == 403
    mine = SignIn.objects.get(user=desk.editor)
    answer = chief.post(
        "/admin/accounts/signin/",
        {"action": "reset_two_factor", "_selected_action": [mine.pk]},
    )
    assert answer.status_code == 302
    assert not services.two_factor_enrolled(desk.editor)
    assert (
        editor.get("/admin/").status_code == 302
        and not SignIn.objects.filter(user=desk.editor).exists()
    )


def test_a_password_alone_cannot_replace_an_enrolled_authenticator(desk):
    enrolled(desk.chief)
    thief = signed_in(desk.chief)  # the password, without the phone
    answer = thief.get("/admin/two-factor/setup/")
    assert answer.status_code == 302 and "/two-factor/verify/" in answer["Location"]
    thief.post("/admin/two-factor/setup/", {"code": "000000"})
    assert TOTPDevice.objects.filter(user=desk.chief, confirmed=True).count() == 1
    assert TOTPDevice.objects.filter(user=desk.chief, confirmed=False).count() == 0
