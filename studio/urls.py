from django.urls import path

from .views import editor, editor_rows, library, preview, publish, rules, transfer, versions, vignettes

app_name = "studio"

urlpatterns = [
    path("", library.library, name="library"),
    path("versions/<int:pk>/", versions.version, name="version"),
    path("versions/<int:pk>/preview/", preview.preview, name="preview"),
    path("versions/<int:pk>/try/", preview.try_answers, name="try"),
    # The draft editor (issue 18, item 1)
    path("versions/<int:pk>/new-draft/", editor.new_draft, name="new_draft"),
    path("versions/<int:pk>/delete/", editor.delete_draft, name="delete_draft"),
    path("versions/<int:pk>/edit/", editor.editor, name="editor"),
    path("versions/<int:pk>/edit/fields/", editor.edit_version, name="edit_version"),
    path("versions/<int:pk>/edit/move/", editor.move, name="move"),
    path("versions/<int:pk>/edit/order/", editor.reorder, name="reorder"),
    path("versions/<int:pk>/edit/section/", editor_rows.section_form, name="section"),
    path("versions/<int:pk>/edit/section/delete/", editor_rows.section_delete, name="section_delete"),
    path("versions/<int:pk>/edit/item/", editor_rows.item_form, name="item"),
    path("versions/<int:pk>/edit/item/delete/", editor_rows.item_delete, name="item_delete"),
    path("versions/<int:pk>/edit/scale/", editor_rows.scale_form, name="scale"),
    path("versions/<int:pk>/edit/scale/delete/", editor_rows.scale_delete, name="scale_delete"),
    path("versions/<int:pk>/edit/guidance/", editor_rows.guidance_form, name="guidance"),
    path("versions/<int:pk>/edit/guidance/delete/", editor_rows.guidance_delete, name="guidance_delete"),
    # The rule builder (studio/views/rules.py).
    path("versions/<int:pk>/rules/", rules.rules, name="rules"),
    path("versions/<int:pk>/rules/new/", rules.rule_new, name="rule_new"),
    path("versions/<int:pk>/rules/new/advanced/", rules.rule_advanced_new, name="rule_advanced_new"),
    path("versions/<int:pk>/rules/check/", rules.rule_check, name="rule_check"),
    path("versions/<int:pk>/rules/<int:rule_pk>/", rules.rule_edit, name="rule_edit"),
    path("versions/<int:pk>/rules/<int:rule_pk>/advanced/", rules.rule_advanced, name="rule_advanced"),
    path("versions/<int:pk>/rules/<int:rule_pk>/delete/", rules.rule_delete, name="rule_delete"),
    path("versions/<int:pk>/rules/<int:rule_pk>/move/", rules.rule_move, name="rule_move"),
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
    path("versions/<int:pk>/publish/", publish.publish, name="publish"),
    path("versions/<int:pk>/publication/", publish.publication_request, name="publication"),
    path("versions/<int:pk>/retire/", publish.retire, name="retire"),
]
