"""The site's URLs plus media/, which the live server must serve in browser tests."""

from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

from newsroom.urls import handler403, handler500  # the site's own error pages

__all__ = ["handler403", "handler500", "urlpatterns"]


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", media),
    path("", include("newsroom.urls")),
]
