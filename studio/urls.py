from django.urls import path

from .views import library, preview, publish, versions

app_name = "studio"

urlpatterns = [
    path("", library.library, name="library"),
    path("versions/<int:pk>/", versions.version, name="version"),
    path("versions/<int:pk>/preview/", preview.preview, name="preview"),
    path("versions/<int:pk>/try/", preview.try_answers, name="try"),
    path("versions/<int:pk>/publish/", publish.publish, name="publish"),
    path("versions/<int:pk>/publication/", publish.publication_request, name="publication"),
    path("versions/<int:pk>/retire/", publish.retire, name="retire"),
]
