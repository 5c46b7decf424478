from django.urls import path

from . import views

app_name = "conversations"

urlpatterns = [
    path("mijn-gesprekken/", views.InboxView.as_view(), name="inbox"),
    path("mijn-gesprekken/<int:pk>/", views.conversation, name="conversation"),
]
