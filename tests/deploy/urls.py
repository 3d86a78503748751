"""The site's URLs plus a view that says what the app saw of a proxied request."""

from django.http import JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from newsroom import urls as site_urls
from newsroom.readers import client_ip


@csrf_exempt
def echo(request):
    received = 0
    while chunk := request.read(64 * 1024):
        received += len(chunk)
    return JsonResponse(
        {
            "host": request.get_host(),
            "secure": request.is_secure(),
            "forwarded_for": request.headers.get("X-Forwarded-For", ""),
            "client_ip": client_ip(request),
            "received": received,
        }
    )


# The site's patterns themselves, not include()d: the editions' i18n_patterns
# must sit in the root URLconf.
urlpatterns = [path("deploy-echo/", echo), *site_urls.urlpatterns]
