from django.utils.functional import SimpleLazyObject

from .selectors import pending_request_count


def moderation(request):
    """`pending_join_requests` for the navigation, counted only when a page
    shows it to a signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "pending_join_requests": SimpleLazyObject(
            lambda: pending_request_count(user=user)
        )
    }
