"""The site's URLs, plus a page that refuses and a page that breaks."""

from django.core.exceptions import PermissionDenied
from django.urls import path

from newsroom.urls import handler500, urlpatterns

__all__ = ["handler500", "urlpatterns"]


def refused(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("a fault the test put here")


urlpatterns = [
    path("test/refused/", refused),
    path("test/broken/", broken),
    *urlpatterns,
]
