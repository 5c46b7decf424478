import threading
from datetime import datetime

import pytest
from django.db import connection, connections

from fairs import services
from fairs.models import CvView, Edition, Post
from fairs.schedule import AMSTERDAM

from ..factories import MembershipFactory, RegionFactory
from ..requirements import require_postgres
from .conftest import publish

NOW = datetime(2026, 11, 21, 12, tzinfo=AMSTERDAM)


@pytest.mark.django_db(transaction=True)
def test_two_generator_runs_at_once_create_each_edition_once():
    """Two beat runs overlapping (or the command beside the task) must not
    duplicate editions: the unique rule date and ON CONFLICT DO NOTHING hold
    under real concurrent transactions."""
    require_postgres(connection)
    RegionFactory.create_batch(3)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait(timeout=10)
            services.editions_generate(now=NOW)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert Edition.objects.count() == 3 * 7
    assert (
        Edition.objects.values("region", "scheduled_date").distinct().count() == 3 * 7
    )


@pytest.mark.django_db(transaction=True)
def test_parallel_cv_downloads_cannot_pass_the_limit_together(fair, settings):
    """Six downloads by one member at the same moment, limit three: the row
    lock on the viewer makes them count one after the other."""
    require_postgres(connection)
    settings.CV_DOWNLOAD_LIMIT = 3
    twente = fair[0]
    posts = [
        publish(MembershipFactory(region=twente).user, [twente], kind=Post.Kind.PITCH)
        for _ in range(6)
    ]
    harvester = MembershipFactory(region=twente).user
    barrier = threading.Barrier(len(posts))
    outcomes, errors = [], []

    def download(post):
        try:
            barrier.wait(timeout=10)
            services.cv_view_record(post=post, region=twente, viewer=harvester)
            outcomes.append("ok")
        except services.CvDownloadLimit:
            outcomes.append("stopped")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=download, args=(post,)) for post in posts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(outcomes) == ["ok"] * 3 + ["stopped"] * 3
    assert CvView.objects.filter(viewer=harvester).count() == 3


@pytest.mark.django_db(transaction=True)
def test_two_workers_bundling_the_same_reactions_send_one_email(fair, employer):
    """The minutely job and a reaction's own task at the same moment: the
    row locks on the waiting reactions let one of them announce them."""
    from django.core import mail

    from fairs import tasks
    from fairs.models import Reaction

    require_postgres(connection)
    publication = publish(employer, [fair[0]]).publications.get()
    for text in ("Een", "Twee", "Drie"):
        Reaction.objects.create(
            publication=publication,
            author=MembershipFactory(region=fair[0]).user,
            text=text,
        )
    barrier = threading.Barrier(2)
    errors, announced = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            announced.append(tasks.reactions_bundle_send(publication_id=publication.pk))
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert sorted(announced) == [0, 3]
    assert [m.to for m in mail.outbox] == [[employer.email]]
