from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


class LanguageMiddleware:
    """Dutch unless the visitor picked another language with the switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language and
    show many Dutch visitors with an English browser an English site; here the
    language comes only from the switch's cookie, else LANGUAGE_CODE.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in self.languages:
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = code
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        patch_vary_headers(response, ("Cookie",))
        return response


class PrivacyHeadersMiddleware:
    """Pages for a signed-in person are never kept by a browser or proxy
    cache (a shared computer in a library), unless a view said otherwise;
    every response switches off browser features we do not use."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers.setdefault("Cache-Control", "private, no-store")
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
