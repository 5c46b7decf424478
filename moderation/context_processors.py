from django.utils.functional import SimpleLazyObject

from .selectors import moderator_counts


def moderator_counts_for_navigation(request):
    """`moderator_counts` for the navigation (join requests and unreviewed
    posts in the regions the user moderates): one query, run only when a page
    shows it to a signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"moderator_counts": SimpleLazyObject(lambda: moderator_counts(user=user))}
