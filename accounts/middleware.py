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
