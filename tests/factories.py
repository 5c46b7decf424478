from datetime import date

import factory
from allauth.account.models import EmailAddress

from fairs.models import Edition, Region
from fairs.schedule import fair_window
from members.models import Membership, RegionRole, User

PASSWORD = "een-goed-wachtwoord-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"persoon{n}@example.nl")
    name = factory.Faker("name", locale="nl_NL")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Accounts are verified unless `verified=False` is passed."""
        if create and extracted is not False:
            EmailAddress.objects.create(
                user=self, email=self.email, verified=True, primary=True
            )


class AdminFactory(UserFactory):
    is_staff = True
    is_superuser = True


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Regio {n}")
    slug = factory.Sequence(lambda n: f"regio-{n}")
    contact_email = factory.LazyAttribute(lambda r: f"banenmarkt@{r.slug}.example")
    description = "Een regio om mee te testen."


class EditionFactory(factory.django.DjangoModelFactory):
    """A regular edition on `day` (default: Tuesday 1 December 2026)."""

    class Meta:
        model = Edition

    class Params:
        day = date(2026, 12, 1)

    region = factory.SubFactory(RegionFactory)
    kind = Edition.Kind.REGULAR
    scheduled_date = factory.SelfAttribute("day")
    starts_at = factory.LazyAttribute(lambda e: fair_window(e.day)[0])
    ends_at = factory.LazyAttribute(lambda e: fair_window(e.day)[1])


class MembershipFactory(factory.django.DjangoModelFactory):
    """An approved member (pass `status` for a request in another state)."""

    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    status = Membership.Status.ACTIVE
    display_name = factory.Faker("name", locale="nl_NL")
    kind = Membership.Kind.JOB_SEEKER
    town = "Enschede"
    introduction = "Ik zoek werk in de zorg."


class RegionRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionRole

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    role = RegionRole.Role.MODERATOR
