from django.urls import path

from .views import library, preview, rules, versions

app_name = "studio"

urlpatterns = [
    path("", library.library, name="library"),
    path("versions/<int:pk>/", versions.version, name="version"),
    path("versions/<int:pk>/preview/", preview.preview, name="preview"),
    path("versions/<int:pk>/try/", preview.try_answers, name="try"),
    # The rule builder (studio/views/rules.py).
    path("versions/<int:pk>/rules/", rules.rules, name="rules"),
    path("versions/<int:pk>/rules/new/", rules.rule_new, name="rule_new"),
    path("versions/<int:pk>/rules/new/advanced/", rules.rule_advanced_new, name="rule_advanced_new"),
    path("versions/<int:pk>/rules/check/", rules.rule_check, name="rule_check"),
    path("versions/<int:pk>/rules/<int:rule_pk>/", rules.rule_edit, name="rule_edit"),
    path("versions/<int:pk>/rules/<int:rule_pk>/advanced/", rules.rule_advanced, name="rule_advanced"),
    path("versions/<int:pk>/rules/<int:rule_pk>/delete/", rules.rule_delete, name="rule_delete"),
    path("versions/<int:pk>/rules/<int:rule_pk>/move/", rules.rule_move, name="rule_move"),
]
