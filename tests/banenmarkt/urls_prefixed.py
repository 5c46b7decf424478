"""The site's URLconf under a prefix (tests/banenmarkt/test_reverse_memo.py)."""

from django.urls import include, path

urlpatterns = [path("voorvoegsel/", include("banenmarkt.urls"))]
