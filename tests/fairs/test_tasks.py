from datetime import datetime

import pytest
from django.core.management import call_command

from banenmarkt.celery import app
from fairs import tasks
from fairs.models import Edition
from fairs.schedule import AMSTERDAM

from ..factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_generate_editions_command_is_idempotent(time_machine, capsys):
    time_machine.move_to(datetime(2026, 11, 21, 12, tzinfo=AMSTERDAM))
    RegionFactory()

    call_command("generate_editions")
    first = capsys.readouterr().out
    count = Edition.objects.count()
    call_command("generate_editions")
    second = capsys.readouterr().out

    assert count == 7
    assert first.startswith("7 edition(s) created")
    assert second.startswith("0 edition(s) created")
    assert Edition.objects.count() == count


def test_generate_editions_command_months_option(time_machine, capsys):
    time_machine.move_to(datetime(2026, 11, 21, 12, tzinfo=AMSTERDAM))
    RegionFactory()
    call_command("generate_editions", "--months", "24")
    assert Edition.objects.count() == 12


def test_editions_generate_task_is_idempotent(time_machine):
    time_machine.move_to(datetime(2026, 11, 21, 12, tzinfo=AMSTERDAM))
    RegionFactory()

    assert tasks.editions_generate.delay().get() == 7
    assert tasks.editions_generate.delay().get() == 0


def test_editions_generate_task_is_on_the_beat_schedule():
    entries = {e["task"]: e for e in app.conf.beat_schedule.values()}
    schedule = entries["fairs.tasks.editions_generate"]["schedule"]
    # Outside the hour a DST change skips or repeats.
    assert not ({2} & set(schedule.hour))
    assert "fairs.tasks.editions_generate" in app.tasks
