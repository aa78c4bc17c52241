from django.urls import path

from .views import library, preview, versions

app_name = "studio"

urlpatterns = [
    path("", library.library, name="library"),
    path("versions/<int:pk>/", versions.version, name="version"),
    path("versions/<int:pk>/preview/", preview.preview, name="preview"),
    path("versions/<int:pk>/try/", preview.try_answers, name="try"),
]
