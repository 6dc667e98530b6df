"""The documented production settings pass Django's deployment checks."""

import os
import secrets
import subprocess
import sys


def test_check_deploy_is_clean_with_the_documented_settings(tmp_path):
    (tmp_path / "secret_key").write_text(secrets.token_urlsafe(50))
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY_FILE": str(tmp_path / "secret_key"),
        "ALLOWED_HOSTS": "news.example.az",
        "CSRF_TRUSTED_ORIGINS": "https://news.example.az",
        "ADMIN_URL": "desk-change-me/",
        "XEBER_VAR_DIR": str(tmp_path),
        "SECURE_SSL_REDIRECT": "true",
    }
    xeber = os.path.join(os.path.dirname(sys.executable), "xeber")
    result = subprocess.run(
        [xeber, "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
