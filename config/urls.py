from django.contrib import admin
from django.urls import include, path

from screening.views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("cases/", include("cases.urls")),
    path("", include("screening.urls")),
    path("admin/", admin.site.urls),
]
