"""Middleware of the project as a whole (the apps' own live in their packages)."""

from __future__ import annotations

from . import health


class HealthCheckMiddleware:
    """Answers /healthz and /readyz before sessions, login and host checks run (config/health.py).

    Placed right after SecurityMiddleware: a probe gets the security headers, but nothing on its way
    reads a session or a user (which would touch the database) or needs a host name it may not send.
    """

    endpoints = {"/healthz": health.healthz, "/readyz": health.readyz}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = self.endpoints.get(request.path_info)
        if view is not None:
            return view(request)
        return self.get_response(request)
