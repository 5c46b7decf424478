import pytest
from django.utils import translation

from banenmarkt.celery import app as celery_app

from .factories import AdminFactory, RegionFactory, UserFactory


@pytest.fixture(autouse=True)
def _celery_in_process():
    """Tasks run in process in tests, also when CELERY_BROKER_URL is set (CI);
    the worker tests switch this off for themselves."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def _clear_cache():
    """allauth keeps its rate limits in the cache: one test's sign-up must not
    throttle the next one's."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _dutch():
    """Every test starts in the default language, whatever ran before it."""
    with translation.override("nl"):
        yield


@pytest.fixture
def no_post_limit(monkeypatch):
    """For tests that publish many posts by one author in a frozen moment (a
    query budget over 40 rows): the posting limit would stop them."""
    import dataclasses

    from banenmarkt import limits

    monkeypatch.setattr(
        limits, "POSTS", dataclasses.replace(limits.POSTS, per_member=10_000)
    )


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def admin_user(db):
    return AdminFactory()


@pytest.fixture
def region(db):
    return RegionFactory(name="Twente", slug="twente")


def _travel_to_test_now() -> None:
    """With BANENMARKT_TEST_NOW (an ISO moment with its UTC offset, e.g.
    2026-12-01T13:30:00+01:00) the whole run happens at that moment, the
    clock ticking on from there: the live server's thread and the browser
    tests too (same process). CI uses it to run the suite on a fair-day
    afternoon every day, so a clock bug fails on any date."""
    import os
    from datetime import datetime

    import time_machine

    value = os.environ.get("BANENMARKT_TEST_NOW", "").strip()
    if not value:
        return
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("BANENMARKT_TEST_NOW needs a UTC offset, e.g. +01:00")
    time_machine.travel(moment, tick=True).start()


def pytest_report_header(config):
    import os

    value = os.environ.get("BANENMARKT_TEST_NOW")
    return f"BANENMARKT_TEST_NOW: {value}" if value else None


def pytest_configure(config):
    """Plain static storage (the manifest needs collectstatic), a fast password
    hasher and a throw-away folder for uploaded CVs in tests. Applied with
    override_settings so caches built at import time (storages) are reset."""
    import tempfile

    from django.conf import settings

    _travel_to_test_now()
    from django.test.utils import override_settings

    private = tempfile.mkdtemp(prefix="banenmarkt-private-")
    override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # The board's shared copies on in every test (one process, one local
        # cache, cleared between tests): a test that changes a board and
        # reads it again also checks that the change reached the copy.
        BOARD_CACHE_SECONDS=60,
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
            },
            "private": {
                **settings.STORAGES["private"],
                "OPTIONS": {
                    **settings.STORAGES["private"]["OPTIONS"],
                    "location": private,
                },
            },
        },
    ).enable()
    # Post.cv and DataExport.file resolved their storage when the model was
    # defined; point them at the test folder too.
    from django.core.files.storage import storages

    from fairs.models import Post
    from members.models import DataExport

    Post._meta.get_field("cv").storage = storages["private"]
    DataExport._meta.get_field("file").storage = storages["private"]
