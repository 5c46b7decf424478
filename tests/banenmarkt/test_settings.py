"""Settings come from the environment only. Each case runs in a fresh process
with exactly the variables given, as a deployment would."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DJANGO_SECRET_KEY": "k9Jx2-vQe7Lr8pWm4Zt6Yb1Nc3Hd5Fg0Sa_uXo7Ei9Rw2Ty6Up4Iq8Ol1Kj3Mh5Gf",
    "DJANGO_ALLOWED_HOSTS": "banenmarkt.example.nl",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DATABASE_URL": "postgres://banenmarkt:geheim@db.internal:5432/banenmarkt",
    "CELERY_BROKER_URL": "redis://redis.internal:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:geheim@smtp.example.nl:587",
    "SITE_URL": "https://banenmarkt.example.nl",
}

PROBE = """
import json, django
from django.conf import settings
django.setup()
from banenmarkt.celery import app
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "DB_ENGINE": settings.DATABASES["default"]["ENGINE"],
    "DB_HOST": settings.DATABASES["default"].get("HOST", ""),
    "EAGER": app.conf.task_always_eager,
    "BROKER": app.conf.broker_url,
    "MAILER": settings.MAILERS["default"]["BACKEND"],
    "MAILER_OPTIONS": settings.MAILERS["default"].get("OPTIONS", {}),
    "LANGUAGE_CODE": settings.LANGUAGE_CODE,
    "TIME_ZONE": settings.TIME_ZONE,
    "CACHE": settings.CACHES["default"]["BACKEND"],
    "PROVIDERS": settings.SOCIALACCOUNT_PROVIDERS,
    "CONN": [settings.DATABASES["default"]["CONN_MAX_AGE"],
             settings.DATABASES["default"]["CONN_HEALTH_CHECKS"]],
    "PRIVATE": settings.STORAGES["private"]["OPTIONS"].get("file_permissions_mode"),
}))
"""


def clean_env(**variables) -> dict:
    """Only what a process needs to start, plus the given variables: nothing
    from CI's own DATABASE_URL or CELERY_BROKER_URL leaks in."""
    env = {
        key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ
    }
    env["DJANGO_SETTINGS_MODULE"] = "banenmarkt.settings"
    env.update(variables)
    return env


def settings_with(**variables) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def manage(*args, **variables) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_env(**variables),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_embedded_default_without_variables():
    values = settings_with()
    assert values["DEBUG"] is False
    assert values["DB_ENGINE"] == "django.db.backends.sqlite3"
    assert values["EAGER"] is True
    assert values["MAILER"] == "django.core.mail.backends.console.EmailBackend"
    assert values["LANGUAGE_CODE"] == "nl"
    assert values["TIME_ZONE"] == "Europe/Amsterdam"
    assert values["PROVIDERS"] == {}
    assert values["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"


def test_services_from_variables():
    values = settings_with(
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/banenmarkt",
        CELERY_BROKER_URL="redis://127.0.0.1:6379/0",
        EMAIL_URL="smtp+tls://mailer:geheim@smtp.example.nl:587",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert values["DB_ENGINE"] == "django.db.backends.postgresql"
    assert values["CACHE"] == "banenmarkt.cache.FailOpenRedisCache"
    assert values["DB_HOST"] == "127.0.0.1"
    assert values["EAGER"] is False
    assert values["BROKER"] == "redis://127.0.0.1:6379/0"
    assert values["MAILER"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["MAILER_OPTIONS"]["host"] == "smtp.example.nl"
    assert values["MAILER_OPTIONS"]["port"] == 587
    assert values["MAILER_OPTIONS"]["use_tls"] is True


def test_debug_only_when_asked_for():
    assert settings_with(DJANGO_DEBUG="true")["DEBUG"] is True
    assert settings_with(DJANGO_DEBUG="false")["DEBUG"] is False


def test_linkedin_provider_from_variables():
    values = settings_with(LINKEDIN_CLIENT_ID="abc", LINKEDIN_CLIENT_SECRET="xyz")
    app = values["PROVIDERS"]["openid_connect"]["APPS"][0]
    assert (app["provider_id"], app["client_id"], app["secret"]) == (
        "linkedin",
        "abc",
        "xyz",
    )
    assert settings_with(LINKEDIN_CLIENT_ID="abc")["PROVIDERS"] == {}


def test_check_deploy_is_clean_with_production_variables():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "check_id"),
    [
        ("DJANGO_SECRET_KEY", "security.W009"),
        ("EMAIL_URL", "mail.E001"),
        ("DJANGO_SECURE_HSTS_SECONDS", "security.W004"),
    ],
)
def test_check_deploy_fails_without_a_production_variable(missing, check_id):
    variables = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **variables)
    assert result.returncode != 0
    assert check_id in result.stdout + result.stderr


def test_kept_database_connections_are_checked_before_use():
    assert settings_with()["CONN"] == [0, False]  # SQLite: one per request
    postgres = "postgres://postgres@127.0.0.1:5432/banenmarkt"
    # PostgreSQL: kept a minute by default (a new one costs ~5 ms a request).
    assert settings_with(DATABASE_URL=postgres)["CONN"] == [60, True]
    assert settings_with(DATABASE_URL=postgres, DATABASE_CONN_MAX_AGE="0")["CONN"] == [
        0,
        False,
    ]
    assert settings_with(DATABASE_CONN_MAX_AGE="60")["CONN"] == [60, True]


def test_private_files_are_readable_by_the_app_only():
    assert settings_with()["PRIVATE"] == 0o600
