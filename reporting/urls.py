from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("", views.report, name="report"),
    path("figures.csv", views.report_csv, name="report_csv"),
    path("figures.json", views.report_json, name="report_json"),
    path("figures.pdf", views.report_pdf, name="report_pdf"),
]
