"""The newsroom's colour in a real browser: applied under the page's security policy,
which refuses every other inline style."""

import pytest

from tests.browser import chromium_page
from tests.factories import build_newsroom
from tests.newsroom_staff import make_user
from xeber.editorial.roles import Role, ensure_role_groups
from xeber.identity.services import identity_update

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# Collects the page's security policy violations from its first script on.
RECORD_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation",
    (event) => window.violations.push(event.violatedDirective + " " + event.blockedURI));
"""
BAND = "() => getComputedStyle(document.querySelector('.topline')).backgroundColor"


def test_the_header_band_takes_the_newsrooms_colour_and_nothing_else_inline_runs(live_server):
    build_newsroom()
    ensure_role_groups()
    # The database is written between the two browsers, never inside one: within
    # Playwright's sync API the test runs in a greenlet, where Django would open a
    # connection of its own.
    with chromium_page() as page:
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto(f"{live_server.url}/ru/")
        assert page.evaluate(BAND) == "rgb(15, 42, 68)"  # the engine's own, #0f2a44
    identity_update(
        by=make_user("leyla", Role.CHIEF), base_version=0,
        shared={"theme_colour": "#7A1F3D"}, editions={"ru": {"name": "Пример"}},
    )  # fmt: skip
    with chromium_page() as page:
        page.add_init_script(RECORD_VIOLATIONS)
        page.goto(f"{live_server.url}/ru/")
        assert page.title().endswith("— Пример")
        assert page.evaluate(BAND) == "rgb(122, 31, 61)"
        assert page.evaluate("window.violations") == []
        # Any other inline style is still refused by the policy.
        page.evaluate("""() => { const style = document.createElement('style');
            style.textContent = '.topline { background: rgb(1, 2, 3) }';
            document.head.appendChild(style); }""")
        for _poll in range(50):  # wait_for_function would need eval, which the CSP refuses
            if page.evaluate("window.violations.length"):
                break
            page.wait_for_timeout(100)
        assert page.evaluate("window.violations.length") > 0
        assert page.evaluate(BAND) == "rgb(122, 31, 61)"
