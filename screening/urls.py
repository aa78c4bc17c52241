from django.urls import path

from . import review_views, views
from .printing import case_pdf, screening_pdf

app_name = "screening"

urlpatterns = [
    path("cases/<int:case_pk>/screenings/new/", views.start, name="start"),
    path("screenings/<int:pk>/", views.detail, name="detail"),
    path("screenings/<int:pk>/setting/", views.setting, name="setting"),
    path("screenings/<int:pk>/save/", views.save, name="save"),
    path("screenings/<int:pk>/submit/", views.submit, name="submit"),
    path("screenings/<int:pk>/determination/", views.determination, name="determination"),
    path("screenings/<int:pk>/follow-up/", views.follow_up, name="follow_up"),
    path("screenings/<int:pk>/addenda/new/", views.addendum, name="addendum"),
    path("reviews/", review_views.queue, name="review_queue"),
    path("screenings/<int:pk>/review/", review_views.review_page, name="review"),
    path("screenings/<int:pk>/respond/", review_views.respond, name="respond"),
    path("screenings/<int:pk>/print/", screening_pdf, name="print"),
    path("cases/<int:case_pk>/print/", case_pdf, name="print_case"),
    path("actions/<int:pk>/close/", views.action_close, name="action_close"),
    path("actions/<int:pk>/reopen/", views.action_reopen, name="action_reopen"),
]
