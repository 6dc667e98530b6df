"""Settings come from the environment, fail loudly, and are secure when DEBUG is off."""

import json
import os
import subprocess
import sys
import tempfile

import pytest

from xeber.core.env import EnvError, env_bool, env_list, env_secret


def settings_in_subprocess(**env) -> dict:
    """Import xeber.settings fresh with exactly this environment."""
    script = (
        "import json, xeber.settings as s; print(json.dumps({"
        "'debug': s.DEBUG, 'session_secure': s.SESSION_COOKIE_SECURE,"
        "'csrf_secure': s.CSRF_COOKIE_SECURE, 'hsts': s.SECURE_HSTS_SECONDS,"
        "'engine': s.DATABASES['default']['ENGINE'], 'cache': s.CACHES['default']['BACKEND'],"
        "'hosts': s.ALLOWED_HOSTS, 'admin': s.ADMIN_URL}))"
    )
    base = {key: value for key, value in os.environ.items() if key in {"PATH", "HOME"}}
    base["XEBER_VAR_DIR"] = tempfile.mkdtemp()  # no var/secret_key unless a test writes one
    result = subprocess.run(
        [sys.executable, "-c", script], env={**base, **env}, capture_output=True, text=True
    )
    if result.returncode:
        return {"error": result.stderr.strip().splitlines()[-1]}
    return json.loads(result.stdout)


def test_production_refuses_to_start_without_a_secret_key():
    assert "SECRET_KEY must be set" in settings_in_subprocess()["error"]


def test_the_key_generated_by_make_install_is_used(tmp_path):
    (tmp_path / "secret_key").write_text("k" * 50 + "\n")
    values = settings_in_subprocess(XEBER_VAR_DIR=str(tmp_path))
    assert "error" not in values and values["debug"] is False


def test_production_defaults_are_secure():
    values = settings_in_subprocess(SECRET_KEY="x" * 50)
    assert values["debug"] is False
    assert values["session_secure"] and values["csrf_secure"]
    assert values["hsts"] >= 31536000
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["cache"].endswith("LocalMemoryCache")


def test_database_and_cache_are_chosen_by_url():
    values = settings_in_subprocess(
        SECRET_KEY="x" * 50,
        DATABASE_URL="postgres://xeber@127.0.0.1:5432/xeber",
        REDIS_URL="redis://127.0.0.1:6379/0",
        ALLOWED_HOSTS="news.example.az, www.news.example.az",
        ADMIN_URL="/back-office/",
    )
    assert values["engine"] == "xeber.core.postgres"  # Django's, with a cheaper health check
    assert values["cache"].endswith("RedisCache")
    assert values["hosts"] == ["news.example.az", "www.news.example.az"]
    assert values["admin"] == "back-office/"


def test_a_malformed_boolean_is_refused():
    assert "DEBUG='maybe' is not a boolean" in settings_in_subprocess(DEBUG="maybe")["error"]


def test_env_helpers(monkeypatch, tmp_path):
    monkeypatch.setenv("FLAG", "Yes")
    assert env_bool("FLAG", False) is True
    monkeypatch.setenv("FLAG", "2")
    with pytest.raises(EnvError):
        env_bool("FLAG", False)
    monkeypatch.setenv("ITEMS", " a, ,b ")
    assert env_list("ITEMS", "") == ["a", "b"]
    secret = tmp_path / "secret"
    secret.write_text("from-file\n")
    monkeypatch.setenv("TOKEN_FILE", str(secret))
    assert env_secret("TOKEN") == "from-file"


def test_the_xeber_command_runs_without_django_settings_module(tmp_path):
    xeber = os.path.join(os.path.dirname(sys.executable), "xeber")
    env = {
        "PATH": os.environ["PATH"],
        "SECRET_KEY": "x" * 50,
        "XEBER_VAR_DIR": str(tmp_path),
    }
    result = subprocess.run([xeber, "help", "import-text"], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "--lang" in result.stdout
