from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path
from django.views.decorators.http import require_safe

from accounts import admin_tools
from config import health, views


@login_not_required
@require_safe
def favicon(request):
    """Browsers ask for /favicon.ico whatever a page links (pages link static/favicon.svg)."""
    return HttpResponsePermanentRedirect(static("favicon.ico"))


urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("cases/", include("cases.urls")),
    path("", include("screening.urls")),
    path("notifications/", include("alerts.urls")),
    path("reports/", include("reporting.urls")),
    path("studio/", include("studio.urls")),
    # Before the admin's own: "view on site" only for what this person may open in the admin.
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(admin_tools.view_on_site),
        name="view_on_site",
    ),
    path("admin/", admin.site.urls),
    # For a load balancer; answered by config.middleware.HealthCheckMiddleware before sessions run.
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # Browsers ask for /favicon.ico whatever the page says (pages link static/favicon.svg).
    path("favicon.ico", favicon, name="favicon"),
]

# While the database is down, every page answers 503 with templates/503.html (config/health.py).
handler500 = "config.health.server_error"
