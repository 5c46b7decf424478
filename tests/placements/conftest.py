from ..fairs.conftest import employer, fair, seeker  # noqa: F401 - shared fixtures
