"""Every kind of public page, on a desktop and on a phone, has no serious or critical
accessibility finding by axe-core (npm's axe-core, run in a real Chromium)."""

import pytest

from tests.browser import chromium_page
from tests.public_site import AXE_JS, build_public_site, required

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 3,
    },
}
GRAVE = ("serious", "critical")


@pytest.mark.parametrize("screen", SCREENS)
def test_public_pages_have_no_serious_accessibility_findings(live_server, screen):
    pages = build_public_site()
    axe = str(required(AXE_JS))
    findings = []
    # CSP allows no inline script: the page must let axe in.
    with chromium_page(bypass_csp=True, **SCREENS[screen]) as page:
        for name, (path, status) in pages.items():
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == status, f"{name} ({path}): {response.status}"
            page.add_script_tag(path=axe)
            violations = page.evaluate("axe.run().then(result => result.violations)")
            findings += [
                f"{name} ({path}): {v['id']} ({v['impact']}) {v['help']}; "
                f"nodes: {', '.join(' '.join(map(str, n['target'])) for n in v['nodes'])}"
                for v in violations
                if v["impact"] in GRAVE
            ]
    assert not findings, f"{len(findings)} serious or critical findings on {screen}:\n" + (
        "\n".join(findings)
    )


# The back office is asked of on a 1440 px screen and a 390 px phone (issue 18).
BACK_OFFICE_SCREENS = {**SCREENS, "desktop": {"viewport": {"width": 1440, "height": 900}}}


@pytest.mark.parametrize("screen", ["desktop", "phone"])
@pytest.mark.parametrize("language", ["ru", "az"])
def test_the_desk_the_article_list_and_form_have_no_serious_accessibility_findings(
    live_server, screen, language
):
    from tests.newsroom_staff import build_desk
    from xeber.editorial.models import StaffProfile

    desk = build_desk()
    StaffProfile.objects.filter(user=desk.editor).update(language=language)
    pages = {
        "desk": "/admin/",
        "article list": "/admin/news/article/",
        "article form": f"/admin/news/article/{desk.in_review.pk}/change/",
        "new article": "/admin/news/article/add/",
        "translations": "/admin/desk/translations/",
    }
    assert_no_grave_findings(live_server.url, "farid", pages, screen)


@pytest.mark.parametrize("screen", ["desktop", "phone"])
def test_the_identity_and_sessions_pages_have_no_serious_accessibility_findings(
    live_server, screen
):
    from tests.newsroom_staff import build_desk

    build_desk()
    pages = {"identity": "/admin/identity/", "sessions and passkeys": "/admin/account/sessions/"}
    assert_no_grave_findings(live_server.url, "leyla", pages, screen)


def assert_no_grave_findings(base: str, username: str, pages: dict, screen: str) -> None:
    from tests.test_browser_newsroom import log_in

    axe = str(required(AXE_JS))
    findings = []
    with chromium_page(bypass_csp=True, **BACK_OFFICE_SCREENS[screen]) as page:
        log_in(page, base, username)
        for name, path in pages.items():
            assert page.goto(f"{base}{path}").status == 200, name
            if page.locator("#id_body").count():  # the editor is drawn by a script
                page.locator(".ProseMirror[contenteditable=true][aria-label]").wait_for()
                page.wait_for_load_state("networkidle")
            page.add_script_tag(path=axe)
            violations = page.evaluate("axe.run().then(result => result.violations)")
            findings += [
                f"{name}: {v['id']} ({v['impact']}) {v['help']}; "
                f"{v['nodes'][0].get('any', [{}])[0].get('message', '') if v['nodes'] else ''}; "
                f"nodes: {', '.join(' '.join(map(str, n['target'])) for n in v['nodes'])}"
                for v in violations
                if v["impact"] in GRAVE
            ]
    assert not findings, f"{len(findings)} serious or critical findings:\n" + "\n".join(findings)
