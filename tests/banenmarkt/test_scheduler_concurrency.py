"""Two schedulers at the same moment (two beat processes by mistake, or a
tick that overlaps the next): every job starts once and nobody gets an email
twice. Real concurrent transactions on PostgreSQL."""

import threading
from datetime import datetime

import pytest
from django.core import mail
from django.db import connection, connections

from banenmarkt import scheduler
from banenmarkt.models import JobRun, Notification
from fairs.schedule import AMSTERDAM

from ..factories import EditionFactory, MembershipFactory, RegionFactory
from ..requirements import require_postgres

pytestmark = pytest.mark.django_db(transaction=True)

WEEK_BEFORE = datetime(2026, 11, 24, 10, 1, tzinfo=AMSTERDAM)


def test_two_ticks_at_once_send_each_reminder_once(time_machine):
    require_postgres(connection)
    time_machine.move_to(datetime(2026, 11, 1, tzinfo=AMSTERDAM), tick=False)
    region = RegionFactory(name="Twente", slug="twente")
    EditionFactory(region=region)  # Tuesday 1 December 2026, 10:00-13:00
    members = [MembershipFactory(region=region).user for _ in range(30)]
    time_machine.move_to(WEEK_BEFORE, tick=False)

    barrier = threading.Barrier(2)
    started: list[list] = [[], []]
    errors: list[BaseException] = []

    def tick(index):
        try:
            barrier.wait(timeout=10)
            started[index] = scheduler.tick(WEEK_BEFORE)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=tick, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []  # both ticks ran to the end

    jobs = [job for run in started for job in run]
    assert len(jobs) == len(set(jobs)) > 0  # each (job, key) started by one tick
    assert JobRun.objects.filter(job="fair_week").count() == 1
    sent = [(m.to[0], m.subject) for m in mail.outbox]
    assert len(sent) == len(set(sent))  # nobody got the same email twice
    # The week-before reminder and the privacy tips, once each, to everyone.
    assert sorted(to for to, _subject in sent) == sorted([u.email for u in members] * 2)
    assert Notification.objects.filter(kind="fair_week").count() == len(members)
