"""Every kind of public page is valid HTML by the W3C Nu HTML checker (npm's vnu-jar)."""

import json
import subprocess

import pytest

from tests.public_site import VNU_JAR, build_public_site, java, required

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("identity", [False, True], ids=["engine defaults", "own identity"])
def test_every_kind_of_public_page_is_valid_html(client, tmp_path, identity):
    site = build_public_site()
    if identity:  # the logo, icons, colour and a full footer (xeber/identity)
        from tests.galleries import picture
        from tests.newsroom_staff import make_user
        from tests.test_identity import EDITIONS, SHARED
        from xeber.editorial.roles import Role, ensure_role_groups
        from xeber.identity.services import identity_update

        ensure_role_groups()
        identity_update(
            by=make_user("leyla", Role.CHIEF), base_version=0, shared=SHARED,
            editions=EDITIONS, logo=picture(600, 120), icon=picture(256, 256),
        )  # fmt: skip
    files = {}
    for number, (name, (path, status)) in enumerate(site.items()):
        response = client.get(path)
        assert response.status_code == status, f"{name} ({path}): {response.status_code}"
        file = tmp_path / f"page-{number}.html"
        file.write_bytes(response.content)
        files[str(file)] = f"{name} ({path})"

    checker = [java(), "-jar", str(required(VNU_JAR)), "--format", "json", "--errors-only"]
    run = subprocess.run(
        [*checker, "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(run.stdout)["messages"]
    errors = [
        f"{files.get(m.get('url', '').removeprefix('file:'), m.get('url'))} "
        f"line {m.get('lastLine', '?')}: "
        f"{m['message']} [{m.get('extract', '').strip()}]"
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
    assert run.returncode == 0, run.stderr
