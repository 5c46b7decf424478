"""Scheduled jobs register themselves: the scheduler finds every app's
jobs.py (autodiscover), and a new app's job needs no change to banenmarkt."""

import os
import subprocess
import sys

import pytest

from banenmarkt import scheduler
from banenmarkt.scheduler import Job

EXPECTED = {
    "fairs": {"fair_week", "privacy_tips", "fair_day", "fair_open", "follow_up"},
    "members": {"join_digest"},
    "placements": {"staff_lists", "survey"},
    "speeddates": {"speed_date_reminder"},
}


def test_a_fresh_process_discovers_every_apps_jobs():
    """In a new process nothing has imported the jobs modules yet: only the
    scheduler's autodiscovery can have registered them."""
    code = (
        "import django; django.setup();"
        "from banenmarkt.scheduler import jobs;"
        "print(' '.join(sorted(jobs())))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "banenmarkt.settings"},
    ).stdout.split()
    assert set(out) == set().union(*EXPECTED.values())


@pytest.mark.parametrize("app", sorted(EXPECTED))
def test_each_app_registers_its_own_jobs(app):
    from importlib import import_module

    module = import_module(f"{app}.jobs")
    assert {job.name for job in module.JOBS} == EXPECTED[app]
    for job in module.JOBS:
        assert scheduler.jobs()[job.name] is job


def test_two_jobs_with_one_name_are_refused():
    existing = scheduler.jobs()["survey"]
    clash = Job(
        name="survey",
        kind=existing.kind,
        due=lambda now: [],
        users=existing.users,
        messages=existing.messages,
    )
    with pytest.raises(ValueError, match="survey"):
        scheduler.jobs_register(clash)
    assert scheduler.jobs()["survey"] is existing


def test_keys_are_built_in_one_place():
    from datetime import date

    assert scheduler.edition_key(12) == "edition:12"
    key = scheduler.edition_key(12, date(2026, 12, 1))
    assert key == "edition:12@2026-12-01"
    assert scheduler.edition_id_from_key(key) == 12
