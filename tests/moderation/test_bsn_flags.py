"""A bare valid number outside posts: the writer is warned, ticks that it is
not a BSN, the text is stored and the region's moderators get a flag on the
"Possible BSN" page, which they close (audited). The number never reaches
the flag or the log."""

import pytest
from django.urls import reverse

from banenmarkt.bsn_flags import CHECKED, RAISED, bsn_flag_record
from banenmarkt.models import AuditEntry, BsnFlag
from fairs.models import Reaction
from members.models import Membership
from moderation.models import StaffNote

from ..auth import sign_in_fresh
from ..factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

BARE = "Bel me op 111222333"
NUMBER = "111222333"
CHECKBOX = 'type="checkbox" name="not_a_bsn"'


def _nowhere(number: str) -> None:
    """The number is in no flag and no audit entry."""
    for flag in BsnFlag.objects.all():
        assert number not in f"{flag.target_label} {flag.field} {flag.url}"
    for entry in AuditEntry.objects.all():
        assert number not in f"{entry.target_label} {entry.data}"


def test_a_reaction_with_a_bare_number_is_flagged_and_checked(
    client, twente, publication, member, moderator
):
    url = reverse(
        "fairs:publication", kwargs={"slug": twente.slug, "pk": publication.pk}
    )
    sign_in_fresh(client, member)

    warned = client.post(url, {"text": BARE})
    assert warned.status_code == 200
    page = warned.content.decode()
    assert BARE in page, "what was typed stays"
    assert CHECKBOX in page
    assert not Reaction.objects.exists()

    placed = client.post(url, {"text": BARE, "not_a_bsn": "on"})
    assert placed.status_code == 302
    reaction = Reaction.objects.get()
    assert reaction.text == BARE
    flag = BsnFlag.objects.get()
    assert (flag.region, flag.target_type, flag.target_id, flag.field) == (
        twente,
        "fairs.reaction",
        reaction.pk,
        "text",
    )
    assert flag.written_by == member
    assert flag.url == f"{url}#reactie-{reaction.pk}"
    assert AuditEntry.objects.filter(action=RAISED, target_id=reaction.pk).exists()
    _nowhere(NUMBER)

    client.logout()
    sign_in_fresh(client, moderator)
    queue = client.get(reverse("moderation:queue", kwargs={"slug": twente.slug}))
    flags_url = reverse("moderation:bsn-flags", kwargs={"slug": twente.slug})
    assert flags_url in queue.content.decode()
    listed = client.get(flags_url).content.decode()
    assert publication.post.title in listed
    assert f'href="{flag.url}"' in listed
    assert NUMBER not in listed
    assert member.memberships.get(region=twente).display_name in listed

    checked = client.post(
        reverse(
            "moderation:bsn-flag-checked", kwargs={"slug": twente.slug, "pk": flag.pk}
        )
    )
    assert checked.status_code == 302
    flag.refresh_from_db()
    assert flag.checked_by == moderator and flag.checked_at is not None
    assert AuditEntry.objects.filter(action=CHECKED, actor=moderator).exists()
    assert f'href="{flag.url}"' not in client.get(flags_url).content.decode()
    assert (
        flags_url
        not in client.get(
            reverse("moderation:queue", kwargs={"slug": twente.slug})
        ).content.decode()
    )
    # A second click (another moderator at the same moment) changes nothing.
    client.post(
        reverse(
            "moderation:bsn-flag-checked", kwargs={"slug": twente.slug, "pk": flag.pk}
        )
    )
    assert AuditEntry.objects.filter(action=CHECKED).count() == 1


def test_a_reply_keeps_its_parent_through_the_warning(
    client, twente, publication, member
):
    url = reverse(
        "fairs:publication", kwargs={"slug": twente.slug, "pk": publication.pk}
    )
    sign_in_fresh(client, member)
    first = Reaction.objects.create(publication=publication, author=member, text="Hoi")
    page = client.post(url, {"text": BARE, "parent": first.pk}).content.decode()
    assert f'name="parent" value="{first.pk}"' in page
    client.post(url, {"text": BARE, "parent": first.pk, "not_a_bsn": "on"})
    assert Reaction.objects.get(text=BARE).parent == first


def test_a_join_request_with_a_bare_number_in_the_introduction(client, twente):
    user = UserFactory()
    sign_in_fresh(client, user)
    url = reverse("members:join", kwargs={"slug": twente.slug})
    data = {
        "regions": [twente.pk],
        "display_name": "Jan",
        "kind": "job_seeker",
        "town": "Enschede",
        "introduction": f"Ik zoek werk. {BARE}",
    }
    warned = client.post(url, data)
    assert warned.status_code == 200
    assert CHECKBOX in warned.content.decode()
    assert BARE in warned.content.decode()
    assert not Membership.objects.filter(user=user).exists()

    assert client.post(url, {**data, "not_a_bsn": "on"}).status_code == 302
    membership = Membership.objects.get(user=user)
    flag = BsnFlag.objects.get()
    assert (flag.target_type, flag.target_id, flag.field, flag.written_by) == (
        "members.membership",
        membership.pk,
        "introduction",
        user,
    )
    assert flag.target_label == "Jan"
    _nowhere(NUMBER)


def test_a_staff_note_with_a_bare_number(client, twente, publication, moderator):
    sign_in_fresh(client, moderator)
    url = reverse("moderation:note", kwargs={"slug": twente.slug, "pk": publication.pk})
    warned = client.post(url, {"text": BARE})
    assert warned.status_code == 200
    page = warned.content.decode()
    assert CHECKBOX in page and BARE in page
    assert not StaffNote.objects.exists()

    saved = client.post(url, {"text": BARE, "not_a_bsn": "on"})
    assert saved.status_code == 302
    note = StaffNote.objects.get()
    flag = BsnFlag.objects.get()
    assert (flag.target_type, flag.target_id, flag.field) == (
        "moderation.staffnote",
        note.pk,
        "text",
    )
    # The label names the post, not the note.
    assert flag.target_label == publication.post.title
    _nowhere(NUMBER)


def test_a_label_with_a_number_is_masked(twente, member):
    membership = member.memberships.get(region=twente)
    (flag,) = bsn_flag_record(
        region=twente,
        target=membership,
        fields=["display_name"],
        label=f"Jan {NUMBER}",
        written_by=member,
    )
    assert flag.target_label == "Jan …"
    _nowhere(NUMBER)


def test_no_fields_no_flag(twente, member):
    membership = member.memberships.get(region=twente)
    assert (
        bsn_flag_record(
            region=twente, target=membership, fields=[], label="Jan", written_by=member
        )
        == []
    )
    assert not BsnFlag.objects.exists()
    assert not AuditEntry.objects.filter(action=RAISED).exists()


def test_a_moderator_of_another_region_cannot_close_a_flag(
    client, fair, publication, member
):
    from ..factories import RegionRoleFactory

    twente, nijmegen = fair
    reaction = Reaction.objects.create(
        publication=publication, author=member, text=BARE
    )
    (flag,) = bsn_flag_record(
        region=twente, target=reaction, fields=["text"], label="x", written_by=member
    )
    other = RegionRoleFactory(region=nijmegen, role="moderator").user
    sign_in_fresh(client, other)
    response = client.post(
        reverse(
            "moderation:bsn-flag-checked", kwargs={"slug": nijmegen.slug, "pk": flag.pk}
        )
    )
    assert response.status_code == 404
    flag.refresh_from_db()
    assert flag.checked_at is None


@pytest.mark.parametrize("count", [3, 30])
def test_the_flag_page_runs_a_fixed_number_of_queries(
    client, twente, publication, moderator, count, django_assert_max_num_queries
):
    for _ in range(count):
        author = MembershipFactory(region=twente).user
        reaction = Reaction.objects.create(
            publication=publication, author=author, text=BARE
        )
        bsn_flag_record(
            region=twente,
            target=reaction,
            fields=["text"],
            label=publication.post.title,
            written_by=author,
        )
    sign_in_fresh(client, moderator)
    url = reverse("moderation:bsn-flags", kwargs={"slug": twente.slug})
    client.get(url)
    with django_assert_max_num_queries(9):
        page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count("gecontroleerd/") == min(count, 50)
