from django.urls import path, re_path

from . import views

app_name = "placements"

urlpatterns = [
    path("regio/<slug:slug>/na-afloop/", views.after_fair, name="after-fair"),
    re_path(
        r"^regio/(?P<slug>[-\w]+)/na-afloop/(?P<pk>\d+)/vacaturelijst\.(?P<fmt>csv|xlsx)$",
        views.vacancy_list,
        name="vacancy-list",
    ),
    re_path(
        r"^na-afloop/(?P<day>\d{4}-\d{2}-\d{2})/vacaturelijst\.(?P<fmt>csv|xlsx)$",
        views.vacancy_list_all_regions,
        name="vacancy-list-all",
    ),
]
