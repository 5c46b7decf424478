from django.urls import path

from . import views

app_name = "speeddates"

urlpatterns = [
    path(
        "regio/<slug:slug>/prikbord/<int:pk>/speeddates/",
        views.schedule,
        name="schedule",
    ),
    path(
        "regio/<slug:slug>/prikbord/<int:pk>/speeddates/aanbieden/",
        views.slots_offer,
        name="offer",
    ),
    path("regio/<slug:slug>/speeddates/<int:pk>/boeken/", views.book, name="book"),
    path(
        "regio/<slug:slug>/speeddates/boeking/<int:pk>/niet-gekomen/",
        views.no_show,
        name="no-show",
    ),
    path(
        "speeddates/boeking/<int:pk>/annuleren/",
        views.booking_cancel,
        name="cancel",
    ),
    path(
        "speeddates/boeking/<int:pk>/verplaatsen/",
        views.booking_move,
        name="move",
    ),
]
