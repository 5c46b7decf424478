from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import include, path
from django.views.i18n import set_language

admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = "Banenmarkt platformbeheer"
admin.site.site_title = "Banenmarkt"

urlpatterns = [
    path("", include("fairs.urls")),
    path("", include("members.urls")),
    path("", include("moderation.urls")),
    path("", include("placements.urls")),
    path("", include("speeddates.urls")),
    path("", include("conversations.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]


def bench_bare(request):
    """The floor `make bench` measures pages against: the same middleware
    (session, user, CSRF, CSP, ...), a read of the user, no template."""
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


if settings.BENCHMARK:
    urlpatterns += [path("__bench__/bare/", login_not_required(bench_bare))]

# Refusals are logged as security events (banenmarkt/security.py).
handler403 = "banenmarkt.security.permission_denied"
