from datetime import date

import factory
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from faker import Faker

from fairs.models import Edition, Region
from fairs.schedule import fair_window
from members.models import Membership, RegionRole, User

PASSWORD = "een-goed-wachtwoord-42"
_NAMES = Faker("nl_NL")


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


# Everyone with a role has an authenticator app set up (members/accounts.py),
# with this secret; `tests/auth.py` makes its codes.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DP"


def second_factor_add(user) -> None:
    if not Authenticator.objects.filter(
        user=user, type=Authenticator.Type.TOTP
    ).exists():
        TOTP.activate(user, TOTP_SECRET)


class AdminFactory(UserFactory):
    is_staff = True
    is_superuser = True

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """Set up unless `second_factor=False` is passed."""
        if create and extracted is not False:
            second_factor_add(self)


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
    # Unique in a region (a constraint): a made-up name with a number.
    display_name = factory.Sequence(lambda n: f"{_NAMES.name()} {n}")
    kind = Membership.Kind.JOB_SEEKER
    town = "Enschede"
    introduction = "Ik zoek werk in de zorg."


class RegionRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegionRole
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    role = RegionRole.Role.MODERATOR

    @factory.post_generation
    def second_factor(self, create, extracted, **kwargs):
        """The role holder's second step, unless `second_factor=False`."""
        if create and extracted is not False:
            second_factor_add(self.user)
