from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("mijn-banenmarkt/", views.DashboardView.as_view(), name="dashboard"),
    path(
        "mijn-banenmarkt/aanmelding/<int:pk>/", views.request_edit, name="request-edit"
    ),
    path(
        "mijn-banenmarkt/aanmelding/<int:pk>/intrekken/",
        views.request_withdraw,
        name="request-withdraw",
    ),
    path("mijn-banenmarkt/e-mail/", views.email_preferences, name="email-preferences"),
    path("mijn-banenmarkt/mijn-gegevens/", views.data_export, name="data-export"),
    path(
        "mijn-banenmarkt/mijn-gegevens/<int:pk>/download/",
        views.data_export_download,
        name="data-export-download",
    ),
    path("mijn-banenmarkt/tweede-stap/", views.second_factor, name="second-factor"),
    path(
        "mijn-banenmarkt/account-verwijderen/",
        views.account_delete,
        name="account-delete",
    ),
    path("account-verwijderd/", views.account_deleted, name="account-deleted"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("uitnodiging/<str:token>/", views.invite, name="invite"),
    path("regio/<slug:slug>/lid-worden/", views.join, name="join"),
    path("regio/<slug:slug>/opzeggen/", views.leave, name="leave"),
    path("regio/<slug:slug>/leden/", views.member_list, name="member-list"),
    path("regio/<slug:slug>/beheer/aanmeldingen/", views.join_queue, name="join-queue"),
    path(
        "regio/<slug:slug>/beheer/aanmeldingen/<int:pk>/vraag/",
        views.join_question,
        name="join-question",
    ),
    path(
        "regio/<slug:slug>/beheer/aanmeldingen/<int:pk>/weigeren/",
        views.join_decline,
        name="join-decline",
    ),
    path(
        "regio/<slug:slug>/beheer/leden/<int:pk>/beeindigen/",
        views.member_end,
        name="member-end",
    ),
    path(
        "regio/<slug:slug>/beheer/leden/<int:pk>/account-verwijderen/",
        views.member_account_delete,
        name="member-account-delete",
    ),
    path("regio/<slug:slug>/beheer/rollen/", views.roles, name="roles"),
    path(
        "regio/<slug:slug>/beheer/uitnodigingen/",
        views.invite_links,
        name="invite-links",
    ),
    path(
        "regio/<slug:slug>/beheer/uitnodigingen/<int:pk>/uitzetten/",
        views.invite_link_archive,
        name="invite-link-archive",
    ),
    path(
        "regio/<slug:slug>/beheer/uitnodigingen/<int:pk>/aanzetten/",
        views.invite_link_reactivate,
        name="invite-link-reactivate",
    ),
    path(
        "regio/<slug:slug>/beheer/uitnodigingen/<int:pk>/qr.svg",
        views.invite_link_qr,
        name="invite-link-qr",
    ),
    path(
        "regio/<slug:slug>/beheer/verwerkingsregister.csv",
        views.processing_register,
        name="processing-register",
    ),
    path(
        "regio/<slug:slug>/beheer/rollen/<int:pk>/verwijderen/",
        views.role_remove,
        name="role-remove",
    ),
    path(
        "regio/<slug:slug>/beheer/rollen/uitnodiging/<int:pk>/intrekken/",
        views.role_invitation_withdraw,
        name="role-invitation-withdraw",
    ),
]
