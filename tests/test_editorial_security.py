"""Security of the back office: sanitised HTML, passwords, login throttling, headers."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth.hashers import check_password, make_password

from tests.factories import make_article, make_section
from tests.newsroom_staff import PASSWORD, build_desk, login

pytestmark = pytest.mark.django_db

# Thirty-odd ways to smuggle script into a body; none may survive the save.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<img src=x oNeRrOr=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    '<iframe src="https://evil.example/"></iframe>',
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="x" onclick="alert(1)">x</a>',
    '<a href="x" onmouseover="alert(1)">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div style="width: expression(alert(1))">x</div>',
    "<object data=javascript:alert(1)></object>",
    '<embed src="javascript:alert(1)">',
    "<form action=javascript:alert(1)><input type=submit></form>",
    '<button formaction="javascript:alert(1)">x</button>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<input autofocus onfocus="alert(1)">',
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    "<base href=javascript:alert(1)//>",
    "<style>@import 'javascript:alert(1)';</style>",
    '<marquee onstart="alert(1)">x</marquee>',
    '<img src="x" alt="&quot; onerror=&quot;alert(1)">',
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<!--<script>alert(1)</script>-->",
    '<p title="</p><script>alert(1)</script>">x</p>',
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    # Galleries and inline images: Xeber's own elements (core/html.py, media/blocks.py).
    '<figure class="gallery" data-gallery="1" onclick="alert(1)">'
    "<img src=x onerror=alert(1)></figure>",
    '<figure class="gallery" data-gallery="1&quot; onmouseover=&quot;alert(1)"></figure>',
    '<figure class="image" data-image="1">'
    "<figcaption><script>alert(1)</script></figcaption></figure>",
    '<a href="javascript:alert(1)" data-pswp-width="1600" data-pswp-height="900"><img src=x></a>',
    '<a href="/x" data-pswp-src="javascript:alert(1)" '
    'data-pswp-srcset="javascript:alert(1) 1x">x</a>',
    '<picture><source srcset="javascript:alert(1)"><img src=x onerror=alert(1)></picture>',
    '<picture><source type="text/html" '
    'srcset="data:text/html,<script>alert(1)</script> 1x"></picture>',
    '<img src="/media/x.jpg" srcset="javascript:alert(1) 1x" sizes="expression(alert(1))">',
    '<video><source src="javascript:alert(1)" srcset="/a.webp 1x"></video>',
    '<span class="credit" onmouseover="alert(1)">x</span>',
    '<p>[gallery 1" onload="alert(1)]</p><p>[image 1><script>alert(1)</script>]</p>',
    # Embeds: a provider's markup never survives; Xeber's element keeps checked values only.
    '<blockquote class="twitter-tweet"><a href="https://x.com/a/status/1">x</a></blockquote>'
    '<script async src="https://platform.twitter.com/widgets.js"></script>',
    '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ" allowfullscreen></iframe>',
    '<xeber-embed data-url="javascript:alert(1)" data-player="javascript:alert(1)"><p>x</p>'
    "</xeber-embed>",
    '<xeber-embed data-embed="1" data-provider="youtube" data-kind="video" '
    'data-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ" data-thumbnail="javascript:alert(1)" '
    'onclick="alert(1)" style="x"><p>x</p></xeber-embed>',
    '<xeber-embed data-url="https://x.com/a/status/1" data-title="&quot;><script>alert(1)'
    '</script>"><iframe srcdoc="<script>alert(1)</script>"></iframe></xeber-embed>',
    '<xeber-embed data-url="https://t.me/a/1" data-thumbnail="data:image/svg+xml,<svg onload='
    'alert(1)>"><script src="https://telegram.org/js/telegram-widget.js"></script></xeber-embed>',
    '<xeber-embed data-url="https://x.com/a/status/1"><xeber-embed data-url="javascript:1">'
    "<img src=x onerror=alert(1)></xeber-embed></xeber-embed>",
]
FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "form", "input", "button", "style",
                  "meta", "link", "base", "svg", "math", "video", "audio", "source", "details",
                  "marquee", "body", "noscript"}  # fmt: skip
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "srcdoc", "data-pswp-src",
                  "data-player"}  # fmt: skip
SRCSET_ATTRIBUTES = {"srcset", "data-pswp-srcset"}  # lists of URLs


class LiveMarkup(HTMLParser):
    """Collects what a browser would treat as markup: tags and their attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.pictures = 0  # a <source> is harmless inside <picture> (our images) only

    def handle_starttag(self, tag, attrs) -> None:
        self.pictures += tag == "picture"
        if tag in FORBIDDEN_TAGS and not (tag == "source" and self.pictures):
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            urls = (value or "").split(",") if name in SRCSET_ATTRIBUTES else [value or ""]
            schemes = {"".join(url.split()).lower().split(":", 1)[0] for url in urls}
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            elif (name in URL_ATTRIBUTES or name in SRCSET_ATTRIBUTES) and schemes & {
                "javascript", "vbscript", "data"
            }:  # fmt: skip
                self.problems.append(f"{tag}[{name}={value}]")

    def handle_endtag(self, tag) -> None:
        self.pictures -= tag == "picture" and self.pictures > 0


def live_problems(html: str) -> list[str]:
    checker = LiveMarkup()
    checker.feed(html)
    return checker.problems


def test_there_are_at_least_thirty_payloads():
    assert len(XSS_PAYLOADS) >= 30


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_stored_body_loses_every_script_vector(payload, client):
    section = make_section("en", "World", "world")
    article = make_article(section, title="Payload", body=f"<p>Before</p>{payload}<p>After</p>")
    assert live_problems(article.body) == [], article.body
    html = client.get(article.get_absolute_url()).content.decode()
    start = html.index('<div class="body">')
    assert live_problems(html[start : html.index("</div>", start)]) == []


def test_the_checker_itself_catches_live_markup():
    assert live_problems('<img src=x onerror="alert(1)">') == ["img[onerror]"]
    assert live_problems('<img srcset="/a.jpg 1x, javascript:alert(1) 2x">') != []
    assert live_problems('<video><source srcset="/a.webp"></video>') == ["<video>", "<source>"]
    assert live_problems('<picture><source srcset="/a.webp 400w"></picture>') == []
    assert live_problems('<a href=" JavaScript:alert(1)">x</a>') == ["a[href= JavaScript:alert(1)]"]
    assert live_problems("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>") == []


def test_clean_markup_survives_sanitising():
    section = make_section("en", "World", "world")
    body = (
        "<h2>Heading</h2><p>Text with <strong>bold</strong>, <em>italic</em> and "
        '<a href="https://example.org/">a link</a>.</p><ul><li>one</li></ul>'
        "<blockquote><p>Quote</p></blockquote>"
    )
    article = make_article(section, title="Clean", body=body)
    assert '<a href="https://example.org/" rel="noopener noreferrer">a link</a>' in article.body
    for tag in ("<h2>", "<strong>", "<em>", "<ul>", "<li>", "<blockquote>"):
        assert tag in article.body


def test_production_hashes_passwords_with_argon2(settings):
    from xeber import settings as production

    assert production.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS
    hashed = make_password("secret")
    assert hashed.startswith("argon2$") and check_password("secret", hashed)


def test_repeated_wrong_passwords_lock_the_account_with_a_message(client, settings):
    desk = build_desk()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/admin/login/", {"username": desk.author.username, "password": "wrong"})
    right = {"username": desk.author.username, "password": PASSWORD}
    response = client.post("/admin/login/", right, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_behind_nginx_a_lockout_is_of_the_attackers_address_not_everyones(settings):
    """Every attempt comes from nginx (127.0.0.1): the lockout counts the address nginx
    forwards, so someone hammering an editor's name does not lock the editor out."""
    from django.test import Client

    desk = build_desk()
    attacker = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.66")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        attacker.post("/admin/login/", {"username": desk.author.username, "password": "wrong"})
    right = {"username": desk.author.username, "password": PASSWORD}
    assert attacker.post("/admin/login/", right).status_code == 429
    editor = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.20")
    assert editor.post("/admin/login/", right).status_code == 302


def test_the_back_office_pages_carry_csp_and_allow_only_the_editors_import_map(client):
    desk = build_desk()
    login(client, desk.editor)
    response = client.get(f"/admin/news/article/{desk.own_draft.pk}/change/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'sha256-" in policy and "unsafe-inline" not in policy
    assert '<script type="importmap">' in response.content.decode()
    public = client.get("/ru/")["Content-Security-Policy"]
    assert "sha256-" not in public


def test_forms_refuse_posts_without_a_csrf_token():
    from django.test import Client

    desk = build_desk()
    client = Client(enforce_csrf_checks=True)
    client.force_login(desk.editor)
    response = client.post(
        "/admin/news/breakingnews/", {"step": "add", "edition": "ru", "text": "x"}
    )
    assert response.status_code == 403


def test_the_admin_lives_at_a_configurable_address():
    import subprocess
    import sys
    import tempfile

    script = "import xeber.settings as s; print(s.ADMIN_URL)"
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True,
        env={"SECRET_KEY": "x", "ADMIN_URL": "desk-7f3a", "XEBER_VAR_DIR": tempfile.mkdtemp()},
    )  # fmt: skip
    assert result.stdout.strip() == "desk-7f3a/"


def test_hostile_gallery_captions_credits_and_titles_stay_text(client):
    from tests.galleries import make_gallery, saved_article

    payload = '<script>alert(1)</script><img src=x onerror=alert(1)>"'
    gallery = make_gallery(payload, [(payload, payload, payload)])
    image = gallery.items.get().image
    section = make_section("en", "World", "world")
    article = saved_article(section, f"<p>[gallery {gallery.pk}]</p><p>[image {image.pk}]</p>")
    assert live_problems(article.body) == [], article.body
    html = client.get(article.get_absolute_url()).content.decode()
    start = html.index('<div class="body">')
    body = html[start : html.index("</div>", start)]
    assert live_problems(body) == [] and body.count("&lt;script&gt;") >= 4
