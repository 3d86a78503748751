"""The site's URLs plus media/, which the live server must serve in browser tests."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsroom import urls as site_urls
from newsroom.urls import handler403, handler500  # the site's own error pages

__all__ = ["handler403", "handler500", "urlpatterns"]


def media(request, path):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# The site's patterns themselves, not include()d: the editions' i18n_patterns
# must sit in the root URLconf.
urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *site_urls.urlpatterns]
