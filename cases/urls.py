from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/edit/", views.case_edit, name="edit"),
    path("<int:pk>/episodes/new/", views.episode_create, name="episode_create"),
    path("<int:pk>/episodes/<int:episode_pk>/edit/", views.episode_edit, name="episode_edit"),
    path("<int:pk>/notes/new/", views.note_create, name="note_create"),
    path("<int:pk>/reassign/", views.reassign, name="reassign"),
    path("<int:pk>/access-log/", views.access_log, name="access_log"),
    path("<int:pk>/history/", views.change_history, name="history"),
]
