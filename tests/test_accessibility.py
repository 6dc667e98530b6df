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
