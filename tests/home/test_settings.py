import os
import subprocess
import sys
from pathlib import Path

import environ
import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("False", False), ("false", False), ("0", False), ("", False), ("no", False), ("True", True), ("1", True)],
)
def test_boolean_settings_parse_strings_strictly(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert environ.Env().bool("DEBUG", default=False) is expected


def _clean_environment():
    """The environment without what the suite itself sets (databases, async flag for browser tests)."""
    unwanted = ("DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")
    return {k: v for k, v in os.environ.items() if k not in unwanted}


def _settings_value(module, expression, **env):
    code = f"import django;django.setup();from django.conf import settings;print(repr({expression}))"
    environment = _clean_environment()
    environment.update(env, DJANGO_SETTINGS_MODULE=module)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def test_debug_string_false_is_false_in_dev_settings():
    assert _settings_value("config.settings.dev", "settings.DEBUG", DEBUG="False") == "False"


def test_base_settings_are_safe_by_default():
    assert _settings_value("config.settings.base", "settings.DEBUG") == "False"


def test_redis_url_switches_the_cache_to_redis():
    backend = _settings_value(
        "config.settings.dev", "settings.CACHES['default']['BACKEND']", REDIS_URL="redis://127.0.0.1:6379/1"
    )
    assert backend == "'django_redis.cache.RedisCache'"
    assert _settings_value("config.settings.dev", "settings.CACHES['default']['BACKEND']") == (
        "'django.core.cache.backends.locmem.LocMemCache'"
    )


def test_database_url_selects_postgresql():
    engine = _settings_value(
        "config.settings.dev", "settings.DATABASES['default']['ENGINE']", DATABASE_URL="postgres://u@h:5432/db"
    )
    assert engine == "'django.db.backends.postgresql'"


def test_sqlite_takes_the_write_lock_at_begin():
    mode = _settings_value("config.settings.dev", "settings.DATABASES['default']['OPTIONS']['transaction_mode']")
    assert mode == "'IMMEDIATE'"


def test_allowed_hosts_and_email_are_read_from_the_environment():
    hosts = _settings_value("config.settings.dev", "settings.ALLOWED_HOSTS", ALLOWED_HOSTS="a.fr,b.fr")
    assert hosts == "['a.fr', 'b.fr']"
    sender = _settings_value("config.settings.dev", "settings.DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL="x@y.fr")
    assert sender == "'x@y.fr'"
    anymail = _settings_value("config.settings.dev", "settings.ANYMAIL", ANYMAIL_BREVO_API_KEY="k")
    assert anymail == "{'BREVO_API_KEY': 'k'}"


def test_production_settings_pass_check_deploy_without_warning():
    env = _clean_environment()
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="k" * 20 + "-production-secret-for-the-check-only-0123456789",
        ALLOWED_HOSTS="reussirmonespacesante.fr",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.production")
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
