from django.urls import path

from .views import library, preview, transfer, versions, vignettes

app_name = "studio"

urlpatterns = [
    path("", library.library, name="library"),
    path("versions/<int:pk>/", versions.version, name="version"),
    path("versions/<int:pk>/preview/", preview.preview, name="preview"),
    path("versions/<int:pk>/try/", preview.try_answers, name="try"),
    # Vignettes, compare, export and import (issue 18, items 4 and 7).
    path("versions/<int:pk>/vignettes/", vignettes.vignette_list, name="vignettes"),
    path("versions/<int:pk>/vignettes/run/", vignettes.vignettes_run, name="vignettes_run"),
    path("versions/<int:pk>/vignettes/new/", vignettes.vignette_add, name="vignette_add"),
    path("versions/<int:pk>/vignettes/from-try/", vignettes.vignette_from_try, name="vignette_from_try"),
    path("versions/<int:pk>/vignettes/<slug:vignette>/", vignettes.vignette, name="vignette"),
    path("versions/<int:pk>/vignettes/<slug:vignette>/edit/", vignettes.vignette_edit, name="vignette_edit"),
    path(
        "versions/<int:pk>/vignettes/<slug:vignette>/delete/",
        vignettes.vignette_delete,
        name="vignette_delete",
    ),
    path("versions/<int:pk>/compare/", transfer.compare, name="compare"),
    path("versions/<int:pk>/export/", transfer.export, name="export"),
    path("import/", transfer.import_file, name="import"),
]
