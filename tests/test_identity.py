"""The newsroom's own identity: set once in the back office by a chief editor, shown by every
page, feed, search engine card, e-mail and push; the engine's name only as "powered by"."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import time
from email.header import decode_header, make_header
from email.utils import parseaddr

import feedparser
import lxml.html
import pytest
from django.conf import settings as django_settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from lxml import etree
from PIL import Image as PillowImage

from tests.factories import build_newsroom
from tests.galleries import picture
from tests.newsroom_staff import login, make_user
from xeber.editorial.models import AuditEntry
from xeber.editorial.roles import Role, ensure_role_groups
from xeber.identity.models import EditionIdentity, Newsroom
from xeber.identity.services import StaleIdentity, identity_update
from xeber.newsletters.mail import sender
from xeber.newsletters.services import digest_compose
from xeber.push.models import PushAlert
from xeber.push.sending import payload

pytestmark = pytest.mark.django_db
NEWS = {"news": "http://www.google.com/schemas/sitemap-news/0.9"}
SHARED = {
    "theme_colour": "#7a1f3d",
    "phone": "+994 12 555 01 02",
    "email": "desk@example.az",
    "telegram": "https://t.me/example_news",
    "facebook": "https://www.facebook.com/examplenews",
    "instagram": "",
    "x": "https://x.com/examplenews",
    "youtube": "",
}
EDITIONS = {
    "ru": {"name": "Пример Новости", "description": "Новости примера",
           "address": "Баку, ул. Примерная, 1", "licence": "Свидетельство СМИ № 000"},
    "az": {"name": "Nümunə Xəbər", "description": "Nümunənin xəbərləri",
           "address": "Bakı, Nümunə küç., 1", "licence": "KİV şəhadətnaməsi № 000"},
    "en": {"name": "Example News", "description": "", "address": "", "licence": ""},
}  # fmt: skip


@pytest.fixture
def chief():
    ensure_role_groups()
    return make_user("leyla", Role.CHIEF)


@pytest.fixture
def branded(chief):
    """A newsroom that has set its identity, with a logo and an icon."""
    newsroom = build_newsroom()
    identity_update(
        by=chief, base_version=0, shared=SHARED, editions=EDITIONS,
        logo=picture(600, 120), icon=picture(256, 256),
    )  # fmt: skip
    return newsroom


def page(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    return response, lxml.html.fromstring(response.content)


def without_footer_credit(document) -> str:
    for credit in document.xpath("//footer/p[last()]"):  # "Powered by Xeber"
        credit.drop_tree()
    return lxml.html.tostring(document, encoding="unicode")


def json_ld(document) -> list[dict]:
    return [
        json.loads(node.text) for node in document.xpath('//script[@type="application/ld+json"]')
    ]


def test_pages_show_the_editions_name_logo_icon_colour_and_footer(client, branded):
    _response, front = page(client, "/ru/")
    assert front.findtext(".//title").endswith("— Пример Новости")
    assert front.xpath('//meta[@name="description"]/@content') == ["Новости примера"]
    assert front.xpath('//meta[@name="theme-color"]/@content') == ["#7a1f3d"]
    logo = front.xpath('//*[@class="brand"]//img')[0]
    assert logo.get("alt") == "Пример Новости"
    assert (logo.get("width"), logo.get("height")) == ("600", "120")
    footer = front.xpath("string(//footer)")
    for text in ("Баку, ул. Примерная, 1", "Свидетельство СМИ № 000", "desk@example.az",
                 "Telegram", "Facebook", "X", "Работает на Xeber"):  # fmt: skip
        assert text in footer, text
    assert front.xpath('//footer//a[starts-with(@href, "tel:")]/@href') == ["tel:+994125550102"]
    assert "Instagram" not in footer  # not set
    assert "Xeber" not in without_footer_credit(front)

    _response, az = page(client, "/az/")
    assert az.findtext(".//title").endswith("— Nümunə Xəbər")
    assert "Bakı, Nümunə küç., 1" in az.xpath("string(//footer)")
    _response, en = page(client, "/en/")
    assert en.findtext(".//title").endswith("— Example News")
    assert en.xpath('//meta[@name="description"]/@content') == ["News of Azerbaijan and the world"]


def test_the_icon_is_made_in_every_size_a_browser_or_phone_asks_for(client, branded):
    _response, front = page(client, "/ru/")
    icon = front.xpath('//link[@rel="icon"]')[0]
    assert (icon.get("sizes"), icon.get("type")) == ("32x32", "image/png")
    touch = front.xpath('//link[@rel="apple-touch-icon"]/@href')[0]
    for href, size in ((icon.get("href"), 32), (touch, 180)):
        name = href.removeprefix("/media/")
        with default_storage.open(name) as stored, PillowImage.open(stored) as made:
            assert made.size == (size, size) and made.format == "PNG"
    assert set(Newsroom.objects.get().icons) == {"32", "180", "192", "512"}


def test_a_colour_of_its_own_is_the_one_inline_style_the_policy_allows(client, branded):
    response, front = page(client, "/ru/")
    styles = front.xpath("//style/text()")
    assert styles == [":root{--band:#7a1f3d}"]
    digest = base64.b64encode(hashlib.sha256(styles[0].encode()).digest()).decode()
    policy = response["Content-Security-Policy"]
    style_src = re.search(r"style-src ([^;]*)", policy).group(1).split()
    assert style_src == ["'self'", f"'sha256-{digest}'"]


def test_a_newsroom_that_set_nothing_looks_as_before(client, newsroom):
    response, front = page(client, "/ru/")
    assert front.xpath("//style") == []
    assert "sha256" not in response["Content-Security-Policy"]
    assert front.xpath('//meta[@name="theme-color"]/@content') == ["#0f2a44"]
    assert front.xpath('//link[@rel="icon"]/@type') == ["image/svg+xml"]
    assert front.xpath('string(//*[@class="brand"])').strip() == "Xeber"
    assert front.xpath('//footer//*[@class="newsroom"]') == []


def test_search_engines_feeds_and_the_news_sitemap_read_each_editions_name(client, branded):
    _response, front = page(client, "/ru/")
    organization = next(item for item in json_ld(front) if item["@type"] == "NewsMediaOrganization")
    assert organization["name"] == "Пример Новости"
    assert organization["logo"]["url"].startswith("http://testserver/media/identity/logo-")
    assert (organization["logo"]["width"], organization["logo"]["height"]) == (600, 120)
    assert organization["sameAs"] == [SHARED["telegram"], SHARED["facebook"], SHARED["x"]]

    _response, article = page(client, branded.main_az.get_absolute_url())
    assert article.xpath('//meta[@property="og:site_name"]/@content') == ["Nümunə Xəbər"]
    news_article = json_ld(article)[0]
    assert news_article["publisher"]["name"] == "Nümunə Xəbər"

    assert feedparser.parse(client.get("/ru/feed/rss/").content).feed.title.startswith(
        "Пример Новости — "
    )
    assert feedparser.parse(client.get("/az/feed/atom/").content).feed.title.startswith(
        "Nümunə Xəbər — "
    )
    sitemap = etree.fromstring(client.get("/sitemap-news.xml").content)
    names = sitemap.xpath("//news:publication/news:name/text()", namespaces=NEWS)
    languages = sitemap.xpath("//news:publication/news:language/text()", namespaces=NEWS)
    assert dict(zip(languages, names, strict=True)) == {
        "ru": "Пример Новости",
        "az": "Nümunə Xəbər",
    }


def test_feeds_carry_the_logo_and_icon_and_phones_get_a_manifest(client, branded):
    rss = etree.fromstring(client.get("/ru/feed/rss/").content)
    assert re.fullmatch(r"http://testserver/media/identity/logo-[0-9a-f]{12}\.png",
                        rss.findtext("channel/image/url"))  # fmt: skip
    assert rss.findtext("channel/image/title").startswith("Пример Новости — ")
    atom = feedparser.parse(client.get("/az/feed/atom/").content).feed
    assert atom.icon.endswith(".png") and "/identity/icon-192-" in atom.icon
    assert "/identity/logo-" in atom.logo

    _response, front = page(client, "/az/")
    link = front.xpath('//link[@rel="manifest"]/@href')
    assert link == ["/az/manifest.webmanifest"]
    response = client.get(link[0])
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert (manifest["name"], manifest["start_url"], manifest["theme_color"]) == (
        "Nümunə Xəbər",
        "/az/",
        "#7a1f3d",
    )
    assert [icon["sizes"] for icon in manifest["icons"]] == ["192x192", "512x512"]


def test_the_manifest_takes_no_input_it_could_be_fooled_by(client, newsroom):
    plain = client.get("/ru/manifest.webmanifest")
    assert plain.status_code == 200
    odd = client.get("/ru/manifest.webmanifest?name=<script>&start_url=https://evil.example/")
    assert odd.status_code == 200 and odd.content == plain.content
    assert client.get("/xx/manifest.webmanifest").status_code == 404
    assert client.post("/ru/manifest.webmanifest", {"name": "x"}).status_code < 500


def test_without_an_icon_the_manifest_offers_the_engines(client, newsroom):
    manifest = json.loads(client.get("/en/manifest.webmanifest").content)
    assert manifest["name"] == "Xeber" and manifest["icons"][0]["sizes"] == "any"
    rss = etree.fromstring(client.get("/ru/feed/rss/").content)
    assert rss.find("channel/image") is None


def test_e_mails_pushes_the_back_office_and_authenticator_apps_carry_the_name(
    client, branded, chief, settings
):
    settings.DIGEST_COMPOSE_AT = "23:59"  # the digest of the 24 hours until now
    assert digest_compose("ru", timezone.localdate()).subject.startswith("Пример Новости: ")
    settings.NEWSLETTER_FROM = "Newsroom <news@example.az>"
    name, address = parseaddr(sender("az"))
    assert (str(make_header(decode_header(name))), address) == ("Nümunə Xəbər", "news@example.az")
    alert = PushAlert(edition="ru", article=branded.main, text="Срочно")
    pushed = json.loads(payload(alert))
    assert pushed["title"] == "Пример Новости"
    assert re.fullmatch(r"/media/identity/icon-192-[0-9a-f]{12}\.png", pushed["icon"])

    login(client, chief)
    assert "Пример Новости" in client.get("/admin/").content.decode()
    device = TOTPDevice(user=chief, name="phone")
    assert "issuer=%D0%9F%D1%80%D0%B8%D0%BC%D0%B5%D1%80" in device.config_url


def test_a_change_reaches_pages_already_cached(client, branded, chief):
    time.sleep(django_settings.PAGE_CACHE_CLOCK_MARGIN_MS / 1000)  # else served but not stored
    assert page(client, "/ru/")[0]["X-Cache"] == "miss"
    assert page(client, "/ru/")[0]["X-Cache"] == "hit"
    identity_update(by=chief, base_version=1, shared={}, editions={"ru": {"name": "Новое имя"}})
    _response, front = page(client, "/ru/")
    assert front.findtext(".//title").endswith("— Новое имя")
    assert front.xpath('//*[@class="brand"]//img/@alt') == ["Новое имя"]
    entry = AuditEntry.objects.filter(action="identity").first()
    assert (entry.user, entry.detail) == (chief, "ru:name")


def test_only_a_chief_editor_may_change_it(client, chief):
    ensure_role_groups()
    for role in (Role.AUTHOR, Role.EDITOR):
        person = make_user(f"someone-{role}", role)
        with pytest.raises(PermissionDenied):
            identity_update(by=person, base_version=0, shared={}, editions={})
        client.logout()
        login(client, person)
        assert client.get("/admin/identity/").status_code == 403
        assert client.post("/admin/identity/", {"base_version": 0}).status_code == 403
        assert "/admin/identity/" not in client.get("/admin/").content.decode()
    assert not Newsroom.objects.exists()
    client.logout()
    assert client.get("/admin/identity/").status_code == 302  # to sign in
    login(client, chief)
    form = client.get("/admin/identity/").content.decode()
    assert 'name="ru_name"' in form and 'name="az_licence"' in form and 'type="color"' in form


def form_data(base_version: int, **changes) -> dict:
    data = {"base_version": base_version, **SHARED}
    for edition, values in EDITIONS.items():
        data.update({f"{edition}_{field}": value for field, value in values.items()})
    return {**data, **changes}


def test_the_form_saves_through_the_service_and_refuses_a_stale_save(client, chief):
    build_newsroom()
    login(client, chief)
    response = client.post("/admin/identity/", form_data(0, logo=picture(300, 60)))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert EditionIdentity.objects.get(edition="ru").name == "Пример Новости"

    colleague = client.__class__()
    other = make_user("rashad", Role.CHIEF)
    login(colleague, other)
    assert colleague.post("/admin/identity/", form_data(1, ru_name="Их имя")).status_code == 302
    stale = client.post("/admin/identity/", form_data(1, ru_name="Моё имя"), follow=True)
    text = stale.content.decode()
    assert "после того, как вы открыли" in text  # refused, and said by whom and when
    assert "Моё имя" in text and "Их имя" in text  # what you sent, what is saved now
    assert EditionIdentity.objects.get(edition="ru").name == "Их имя"
    assert 'name="base_version" value="2"' in text  # the form now holds the saved version
    with pytest.raises(StaleIdentity):
        identity_update(by=chief, base_version=1, shared={}, editions={})


@pytest.mark.parametrize(
    ("changes", "field", "says"),
    [
        ({"theme_colour": "red"}, "theme_colour", "#rrggbb"),
        ({"facebook": "https://evil.example/facebook"}, "facebook", "https://facebook.com/"),
        ({"telegram": "http://t.me/plain"}, "telegram", "https://t.me/"),
        ({"email": "not an address"}, "email", ""),
        ({"theme_colour": "#f0e68c"}, "theme_colour", "4.5:1"),
        ({"ru_name": "Я" * 81}, "ru_name", ""),
        ({"icon": "small"}, "icon", "192×192"),
        ({"icon": "svg"}, "icon", "SVG"),
        ({"logo": "text"}, "logo", ""),
    ],
)
def test_bad_input_says_what_and_where_and_saves_nothing(client, chief, changes, field, says):
    build_newsroom()
    uploads = {
        "small": picture(100, 100),
        "svg": SimpleUploadedFile("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
        "text": SimpleUploadedFile("logo.png", b"not a picture at all"),
    }
    changes = {key: uploads.get(value, value) for key, value in changes.items()}
    login(client, chief)
    response = client.post("/admin/identity/", form_data(0, **changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field], errors
    assert says in " ".join(errors[field])
    assert not EditionIdentity.objects.exists() and not Newsroom.objects.filter(version__gt=0)


def test_every_field_is_one_line_so_no_name_breaks_a_mail_header(chief):
    identity_update(by=chief, base_version=0, shared={"phone": "+994\n12"},
                    editions={"ru": {"name": "Имя\r\nBcc: someone@example.org"}})  # fmt: skip
    assert EditionIdentity.objects.get(edition="ru").name == "Имя Bcc: someone@example.org"
    assert Newsroom.objects.get().phone == "+994 12"


def test_the_service_refuses_an_unknown_edition(chief):
    with pytest.raises(Exception, match="There is no edition"):
        identity_update(by=chief, base_version=0, shared={}, editions={"fr": {"name": "Non"}})
    with pytest.raises(ValidationError):
        identity_update(by=chief, base_version=0, shared={"x": "https://x.com.evil.example/"},
                        editions={})  # fmt: skip


def test_the_digest_mail_shows_the_logo_colour_and_postal_address(branded, settings):
    from xeber.newsletters.mail import _render

    settings.DIGEST_COMPOSE_AT = "23:59"
    letter = digest_compose("ru", timezone.localdate())
    _text, html = _render("letter", "ru", {"letter": letter, "stories": []})
    assert "background:#7a1f3d" in html
    assert re.search(
        r'<img src="http[^"]+/media/identity/logo-[0-9a-f]{12}\.png" alt="Пример', html
    )
    assert "Баку, ул. Примерная, 1" in html and "Свидетельство СМИ № 000" in html
