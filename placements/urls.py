from django.urls import path, re_path

from . import live_views, views

app_name = "placements"

urlpatterns = [
    path("regio/<slug:slug>/na-afloop/", views.after_fair, name="after-fair"),
    path("regio/<slug:slug>/live/", live_views.live_dashboard, name="live"),
    path(
        "regio/<slug:slug>/live/<int:pk>/",
        live_views.live_dashboard,
        name="live-edition",
    ),
    path(
        "regio/<slug:slug>/pitches-zonder-reactie/",
        views.pitches_without_reaction,
        name="pitches-without-reaction",
    ),
    re_path(
        r"^regio/(?P<slug>[-\w]+)/na-afloop/(?P<pk>\d+)/vacaturelijst\.(?P<fmt>csv|xlsx)$",
        views.vacancy_list,
        name="vacancy-list",
    ),
    path(
        "regio/<slug:slug>/na-afloop/<int:pk>/nabellen/",
        views.call_back_list,
        name="call-backs",
    ),
    path(
        "regio/<slug:slug>/na-afloop/<int:pk>/nabellen/gesprek/",
        views.call_back_record,
        name="call-back",
    ),
    path(
        "regio/<slug:slug>/na-afloop/<int:pk>/nabellen/<int:call_pk>/plaatsingen/",
        views.call_back_placements,
        name="call-back-placements",
    ),
    path(
        "regio/<slug:slug>/na-afloop/<int:pk>/plaatsingen/",
        views.placements,
        name="placements",
    ),
    path(
        "regio/<slug:slug>/na-afloop/<int:pk>/plaatsingen/<int:placement_pk>/wijzigen/",
        views.placement_edit,
        name="placement-edit",
    ),
    path(
        "regio/<slug:slug>/na-afloop/<int:pk>/plaatsingen/<int:placement_pk>/verwijderen/",
        views.placement_delete,
        name="placement-delete",
    ),
    re_path(
        r"^regio/(?P<slug>[-\w]+)/na-afloop/(?P<pk>\d+)/plaatsingen\.(?P<fmt>csv|xlsx)$",
        views.placements_export,
        name="placements-export",
    ),
    path(
        "regio/<slug:slug>/na-afloop/<int:pk>/enquete-versturen/",
        views.survey_send,
        name="survey-send",
    ),
    path("enquete/<str:token>/", views.survey, name="survey"),
    path(
        "regio/<slug:slug>/na-afloop/<int:pk>/verslag/",
        views.edition_report,
        name="report",
    ),
    path(
        "regio/<slug:slug>/na-afloop/bekende-werkgevers/",
        views.known_employers,
        name="known-employers",
    ),
    re_path(
        r"^na-afloop/(?P<day>\d{4}-\d{2}-\d{2})/vacaturelijst\.(?P<fmt>csv|xlsx)$",
        views.vacancy_list_all_regions,
        name="vacancy-list-all",
    ),
]
