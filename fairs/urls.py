from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from . import fair_page_views, pitch_views, views

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
    # The public fair page (docs/fair-page.md).
    path("beurs/", login_not_required(fair_page_views.fair_now), name="fair-now"),
    path(
        "beurs/<str:day>/",
        login_not_required(fair_page_views.fair_day),
        name="fair-day",
    ),
    path(
        "beurs/<str:day>/tellers/",
        login_not_required(fair_page_views.fair_day_counters),
        name="fair-day-counters",
    ),
    path(
        "beurs/<str:day>/qr.svg",
        login_not_required(fair_page_views.fair_day_qr),
        name="fair-day-qr",
    ),
    path(
        "regio/<slug:slug>/beurs/<int:pk>/",
        login_not_required(fair_page_views.fair_edition),
        name="fair",
    ),
    path(
        "regio/<slug:slug>/beurs/<int:pk>/tellers/",
        login_not_required(fair_page_views.fair_edition_counters),
        name="fair-counters",
    ),
    path(
        "regio/<slug:slug>/beurs/<int:pk>/qr.svg",
        login_not_required(fair_page_views.fair_edition_qr),
        name="fair-qr",
    ),
    # The language switch of pages shared by all anonymous visitors, which
    # carry no CSRF token: switching the language changes only the visitor's
    # language cookie, nothing a forged request could misuse.
    path(
        "taal/",
        login_not_required(csrf_exempt(set_language)),
        name="language",
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
