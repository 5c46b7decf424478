"""Demo moderation for `manage.py load_demo`: a queue with flagged, reported
and plain posts, some already seen, and a commercial removal waiting for a
second person."""

from django.contrib.auth import get_user_model

from fairs import services as fair_services
from fairs.models import Post, Publication, Region

from . import services
from .models import Removal, Report, Review


def load() -> None:
    users = {
        u.email: u for u in get_user_model().objects.filter(email__endswith="@demo.nl")
    }
    moderator, agency, seeker = (
        users["beheerder@demo.nl"],
        users["uitzendbureau@demo.nl"],
        users["werkzoekende@demo.nl"],
    )
    twente = Region.objects.get(slug="twente")
    if Removal.objects.filter(publication__region=twente).exists():
        return  # loaded before

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
    )
    publications = list(
        Publication.objects.filter(region=twente, status="published")
        .exclude(post__in=[flagged, commercial])
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
            services.publication_like(publication=publication, moderator=moderator)
    services.publication_propose_removal(
        publication=commercial.publications.get(),
        moderator=moderator,
        note="Dit is reclame voor een cursus, geen vacature.",
    )
