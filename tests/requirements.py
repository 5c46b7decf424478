"""What some tests need from the machine, and what to do when it is missing.

Locally a missing service or browser skips the tests that need it, with the
command that installs it. Under CI=true a missing one fails: CI must never
pass by skipping.
"""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def missing(what: str, how: str) -> None:
    message = f"{what} is not available: {how}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message} (CI=true: a missing requirement fails, it never skips)")
    pytest.skip(message)


def require_chromium() -> str:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        missing("Chromium", "install it with `apt-get install chromium` (Debian)")
    return CHROMIUM


def require_postgres(connection) -> None:
    if connection.vendor != "postgresql":
        missing(
            "PostgreSQL",
            "run PostgreSQL and set DATABASE_URL=postgres://postgres@127.0.0.1:5432/banenmarkt",
        )


def require_redis_broker() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith(("redis://", "rediss://")):
        missing(
            "Redis",
            "run Redis and set CELERY_BROKER_URL=redis://127.0.0.1:6379/0",
        )
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        missing("Redis", f"cannot reach {url} ({exc}); start redis-server")
    return url


def require_ocr() -> None:
    """pdftoppm and Tesseract with its Dutch data (the OCR of scanned CVs;
    the scanned test CVs are made with pdftoppm too)."""
    from fairs import ocr

    what = ocr.missing()
    if what:
        missing(
            f"OCR ({what})",
            "install it with `apt-get install tesseract-ocr tesseract-ocr-nld poppler-utils` (Debian)",
        )
