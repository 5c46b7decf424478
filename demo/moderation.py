"""Demo moderation for `manage.py load_demo`: a queue with flagged, reported
and plain posts, some already seen, and a commercial removal waiting for a
second person."""

from datetime import datetime, timedelta

from django.contrib.auth import get_user_model

from fairs import services as fair_services
from fairs.models import Post, Publication, Region
from fairs.moments import fair_moment
from moderation import services
from moderation.models import Removal, Report, Review


def load(now: datetime) -> None:
    """On Twente's fair that matters now: posted while it was open."""
    users = {
        u.email: u for u in get_user_model().objects.filter(email__endswith="@demo.nl")
    }
    moderator, agency, seeker = (
        users["beheerder@demo.nl"],
        users["uitzendbureau@demo.nl"],
        users["werkzoekende@demo.nl"],
    )
    twente = Region.objects.get(slug="twente")
    moment = fair_moment(region=twente, now=now)
    edition = moment.board
    if edition is None or Removal.objects.filter(publication__edition=edition).exists():
        return  # loaded before
    # A moment at which a post counts for that edition.
    at = (
        now
        if edition != moment.last_closed
        else edition.ends_at - timedelta(minutes=20)
    )

    flagged = fair_services.post_create(
        author=agency,
        kind=Post.Kind.VACANCY,
        regions=[twente],
        fields={
            "title": "Magazijnmedewerker (bel ons!)",
            "organisation": "Flex Uitzendbureau",
            "organisation_kind": "staffing_agency",
            "place": "Enschede",
            "hours_per_week": 24,
            "contract_kind": "agency",
            "education_level": "none_vmbo",
            "sector": "logistics",
            "description": "Bel 111222333 voor meer informatie over deze baan.",
            "contact_person": "Jan",
            "contact_phone": "053 123 45 67",
        },
        bsn_flag=True,
        now=at,
    )
    commercial = fair_services.post_create(
        author=agency,
        kind=Post.Kind.VACANCY,
        regions=[twente],
        fields={
            "title": "Heftruckcertificaat halen? Nu 20% korting!",
            "organisation": "Flex Uitzendbureau",
            "organisation_kind": "staffing_agency",
            "place": "Hengelo",
            "hours_per_week": 8,
            "contract_kind": "temporary",
            "education_level": "none_vmbo",
            "sector": "logistics",
            "description": "Schrijf je nu in voor onze cursus en krijg korting.",
            "contact_person": "Jan",
            "contact_email": "cursus@flex.example",
        },
        now=at,
    )
    publications = list(
        Publication.objects.filter(
            region=twente, edition=edition, status=Publication.Status.PUBLISHED
        )
        .exclude(post__in=[flagged, commercial])
        .exclude(post__author=seeker)  # nobody reports their own post
        .order_by("published_at")
    )
    reported = publications[-1]
    Report.objects.get_or_create(
        publication=reported,
        reaction=None,
        reporter=seeker,
        defaults={"reason": "Dit lijkt me geen echte vacature."},
    )
    for publication in publications[:4]:
        if not Review.objects.filter(publication=publication).exists():
            services.publication_like(
                publication=publication,
                moderator=moderator,
                now=min(publication.published_at + timedelta(minutes=4), now),
            )
    services.publication_propose_removal(
        publication=commercial.publications.get(),
        moderator=moderator,
        note="Dit is reclame voor een cursus, geen vacature.",
    )
