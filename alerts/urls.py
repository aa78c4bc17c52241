from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read-all/", views.read_all, name="read_all"),
    path("read/", views.read, name="read"),
    path("preferences/", views.preferences, name="preferences"),
]
