import pytest
from django.utils import timezone

from fairs import services as fair_services
from fairs.models import Post

from ..factories import MembershipFactory
from ..fairs.conftest import employer, fair, publish, seeker  # noqa: F401


@pytest.fixture
def twente(fair):  # noqa: F811
    return fair[0]


@pytest.fixture
def vacancy(twente, employer):  # noqa: F811
    return publish(employer, [twente], title="Orderpicker").publications.get()


@pytest.fixture
def reaction(vacancy, seeker):  # noqa: F811
    return fair_services.reaction_create(
        publication=vacancy, author=seeker, text="Ik wil graag komen kennismaken."
    )


def reply(reaction, author, text="Kom dinsdag langs."):
    return fair_services.reaction_create(
        publication=reaction.publication, author=author, text=text, parent=reaction
    )


@pytest.fixture
def caseworker(twente):
    return MembershipFactory(
        region=twente,
        kind="caseworker",
        organisation="Gemeente Hengelo",
        display_name="Klantmanager Kim",
    ).user


@pytest.fixture
def client_pitch(twente, caseworker):
    """A pitch a caseworker posted on behalf of a client."""
    return publish(
        caseworker,
        [twente],
        kind=Post.Kind.PITCH,
        title="Statushouder zoekt werk in de techniek",
        on_behalf=True,
        client_consent_at=timezone.now(),
    ).publications.get()
