from django.utils.functional import SimpleLazyObject

from .visits import counts_cached


def board_new_for_navigation(request):
    """What is new on the boards a member visited (`fairs.visits.new_counts`)
    for the header, the combined board and the dashboard: at most one query
    per user every NAV_COUNT_SECONDS, run only when a page shows it to a
    signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"board_new": SimpleLazyObject(lambda: counts_cached(user))}
