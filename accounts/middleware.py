from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreMiddleware:
    """Pages about youth must not linger in a shared computer's cache or a proxy."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


class UserLanguageMiddleware:
    """The language a person chose (their profile, accounts/views.py `preferences`) over the
    browser's, which LocaleMiddleware read before anyone was known. Empty: the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if not language:
            return self.get_response(request)
        request.LANGUAGE_CODE = language
        # Only for this request: the thread goes back to the browser's language afterwards.
        with translation.override(language):
            response = self.get_response(request)
        response.headers["Content-Language"] = language
        return response
