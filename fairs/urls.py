from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import pitch_views, views

app_name = "fairs"

urlpatterns = [
    path("", login_not_required(views.HomeView.as_view()), name="home"),
    path(
        "kalender/", login_not_required(views.CalendarView.as_view()), name="calendar"
    ),
    path("kalender.ics", login_not_required(views.national_feed), name="feed"),
    path(
        "regio/<slug:slug>/",
        login_not_required(views.RegionDetailView.as_view()),
        name="region",
    ),
    path("regio/<slug:slug>/prikbord/", views.BoardView.as_view(), name="board"),
    path(
        "regio/<slug:slug>/prikbord/nieuw/",
        views.board_newer,
        name="board-newer",
    ),
    path(
        "regio/<slug:slug>/prikbord/themahoeken/",
        views.ThemeCornersView.as_view(),
        name="theme-corners",
    ),
    path(
        "regio/<slug:slug>/prikbord/<int:pk>/",
        views.publication_detail,
        name="publication",
    ),
    path("regio/<slug:slug>/prikbord/<int:pk>/cv/", views.cv_download, name="cv"),
    path("prikbord/", views.CombinedBoardView.as_view(), name="combined-board"),
    path("plaatsen/vacature/", views.vacancy_create, name="vacancy-create"),
    path("plaatsen/pitch/", pitch_views.pitch_start, name="pitch-create"),
    path(
        "plaatsen/pitch/stap-<int:number>/",
        pitch_views.pitch_step,
        name="pitch-step",
    ),
    path("plaatsen/pitch/voorbeeld/", pitch_views.pitch_preview, name="pitch-preview"),
    path("plaatsen/pitch/weggooien/", pitch_views.pitch_discard, name="pitch-discard"),
    path("berichten/<int:pk>/bewerken/", views.post_edit, name="post-edit"),
    path("berichten/<int:pk>/intrekken/", views.post_withdraw, name="post-withdraw"),
    path(
        "pitch-bewaren/<str:token>/",
        login_not_required(views.pitch_keep),
        name="pitch-keep",
    ),
    path("mijn-banenmarkt/berichten/", views.MyPostsView.as_view(), name="my-posts"),
    path(
        "mijn-banenmarkt/reacties/<int:pk>/beantwoorden/",
        views.reaction_answer,
        name="reaction-answer",
    ),
    path(
        "regio/<slug:slug>/kalender.ics",
        login_not_required(views.region_feed),
        name="region-feed",
    ),
    path(
        "privacy/",
        login_not_required(views.StatementView.as_view(page="privacy")),
        name="privacy",
    ),
    path(
        "spelregels/",
        login_not_required(views.StatementView.as_view(page="rules")),
        name="rules",
    ),
    path(
        "toegankelijkheid/",
        login_not_required(views.StatementView.as_view(page="accessibility")),
        name="accessibility",
    ),
]
