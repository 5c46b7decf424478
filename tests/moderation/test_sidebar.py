"""The review queue's side figures (moderation.sidebar): kept a few seconds
per region, and forgotten at once by what changes them."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from banenmarkt.bsn_flags import bsn_flag_check, bsn_flag_record
from banenmarkt.models import BsnFlag
from moderation import services, sidebar

from ..auth import sign_in_fresh
from ..fairs.conftest import BETWEEN_FAIRS, FAIR_LIVE, publish

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()


def _sidebar(twente):
    return sidebar.queue_sidebar(region=twente, now=timezone.now())


def test_kept_for_a_few_seconds_without_a_query(
    twente, publication, moderator, django_assert_num_queries, time_machine
):
    first = _sidebar(twente)
    with django_assert_num_queries(0):
        assert _sidebar(twente) == first
    # A claim (someone only looking) shows once the kept figures expire.
    services.publication_claim(publication=publication, moderator=moderator)
    assert _sidebar(twente)["activity"]["active"] == []
    time_machine.shift(timedelta(seconds=sidebar.SIDEBAR_SECONDS + 1))
    assert _sidebar(twente)["activity"]["active"] == ["Anna"]


def test_the_oldest_wait_is_counted_from_now(twente, publication, time_machine):
    waited = _sidebar(twente)["activity"]["oldest_wait"]
    time_machine.shift(timedelta(seconds=3))
    assert _sidebar(twente)["activity"]["oldest_wait"] == waited + timedelta(seconds=3)


def test_a_proposal_and_its_decision_show_at_once(
    twente, publication, moderator, project_team
):
    assert _sidebar(twente)["proposals"] == []
    removal = services.publication_propose_removal(
        publication=publication, moderator=moderator, note="Reclame"
    )
    (shown,) = _sidebar(twente)["proposals"]
    assert (shown.pk, shown.publication_pk, shown.title, shown.proposer) == (
        removal.pk,
        publication.pk,
        publication.post.title,
        "Anna",
    )
    services.removal_decide(removal=removal, decider=project_team, confirm=False)
    assert _sidebar(twente)["proposals"] == []


def test_a_like_shows_its_moderator_active_at_once(twente, publication, moderator):
    assert _sidebar(twente)["activity"]["active"] == []
    services.publication_like(publication=publication, moderator=moderator)
    after = _sidebar(twente)["activity"]
    assert after["active"] == ["Anna"]
    assert after["oldest_wait"] is None  # the only waiting post was seen


def test_a_bsn_flag_raised_and_checked_shows_at_once(twente, publication, moderator):
    assert _sidebar(twente)["bsn_flags_open"] == 0
    (flag,) = bsn_flag_record(
        region=twente, target=publication.post, fields=["description"], label="V"
    )
    assert _sidebar(twente)["bsn_flags_open"] == 1
    bsn_flag_check(flag=BsnFlag.objects.get(pk=flag.pk), moderator=moderator)
    assert _sidebar(twente)["bsn_flags_open"] == 0


def test_another_region_keeps_its_figures(fair, twente, publication, moderator):
    nijmegen = fair[1]
    kept = sidebar.queue_sidebar(region=nijmegen, now=timezone.now())
    services.publication_propose_removal(publication=publication, moderator=moderator)
    assert sidebar.queue_sidebar(region=nijmegen, now=timezone.now()) == kept
    assert len(_sidebar(twente)["proposals"]) == 1


def test_the_queue_page_shows_a_proposal_after_proposing(
    client, twente, publication, moderator, project_team
):
    """Without JavaScript the proposer comes back to the page: their
    proposal is there, though the page had kept its figures."""
    sign_in_fresh(client, project_team)
    url = reverse("moderation:queue", kwargs={"slug": twente.slug})
    assert "een tweede persoon beslist" not in client.get(url).content.decode()
    services.publication_propose_removal(publication=publication, moderator=moderator)
    html = client.get(url).content.decode()
    assert "een tweede persoon beslist" in html
    assert "voorgesteld door Anna" in html
    assert publication.post.title in html


@pytest.mark.parametrize(
    ("moment", "polls"), [(FAIR_LIVE, True), (BETWEEN_FAIRS, False)]
)
def test_the_meter_polls_only_while_the_fair_is_live(
    client, twente, employer, moderator, time_machine, moment, polls
):
    time_machine.move_to(moment, tick=False)
    publish(employer, [twente])
    sign_in_fresh(client, moderator)
    html = client.get(
        reverse("moderation:queue", kwargs={"slug": twente.slug})
    ).content.decode()
    assert ('hx-trigger="every 15s"' in html) is polls
