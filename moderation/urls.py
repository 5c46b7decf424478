from django.urls import path

from . import views

app_name = "moderation"

urlpatterns = [
    path(
        "regio/<slug:slug>/prikbord/<int:pk>/melden/",
        views.publication_report,
        name="publication-report",
    ),
    path("regio/<slug:slug>/beheer/berichten/", views.queue, name="queue"),
    path(
        "regio/<slug:slug>/beheer/berichten/<int:pk>/gezien/", views.like, name="like"
    ),
    path(
        "regio/<slug:slug>/beheer/berichten/gezien/",
        views.like_many,
        name="like-many",
    ),
    path(
        "regio/<slug:slug>/beheer/berichten/ongedaan-maken/",
        views.undo,
        name="undo",
    ),
    path(
        "regio/<slug:slug>/beheer/berichten/<int:pk>/verwijderen/",
        views.remove,
        name="remove",
    ),
    path(
        "regio/<slug:slug>/beheer/berichten/<int:pk>/terugzetten/",
        views.restore,
        name="restore",
    ),
    path(
        "regio/<slug:slug>/beheer/berichten/<int:pk>/cv-gecontroleerd/",
        views.cv_checked,
        name="cv-checked",
    ),
    path(
        "regio/<slug:slug>/beheer/berichten/<int:pk>/notitie/",
        views.publication_note,
        name="note",
    ),
    path(
        "regio/<slug:slug>/beheer/berichten/<int:pk>/toelichting/",
        views.clarify,
        name="clarify",
    ),
    path("regio/<slug:slug>/beheer/voorstellen/<int:pk>/", views.decide, name="decide"),
    path("regio/<slug:slug>/beheer/verwijderd/", views.removed, name="removed"),
    path(
        "regio/<slug:slug>/beheer/leden/<int:pk>/notities/",
        views.member_notes,
        name="member-notes",
    ),
    path("regio/<slug:slug>/beheer/mogelijke-bsn/", views.bsn_flags, name="bsn-flags"),
    path(
        "regio/<slug:slug>/beheer/mogelijke-bsn/<int:pk>/gecontroleerd/",
        views.bsn_flag_checked,
        name="bsn-flag-checked",
    ),
    path("regio/<slug:slug>/beheer/logboek/", views.audit_log, name="audit-log"),
    path(
        "regio/<slug:slug>/beheer/logboek.csv",
        views.audit_log_csv,
        name="audit-log-csv",
    ),
    path(
        "regio/<slug:slug>/beheer/berichten/<int:pk>/bekijken/",
        views.claim,
        name="claim",
    ),
]
