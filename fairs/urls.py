from django.contrib.auth.decorators import login_not_required
from django.urls import path

from . import views

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
        "toegankelijkheid/",
        login_not_required(views.StatementView.as_view(page="accessibility")),
        name="accessibility",
    ),
]
