from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from newsroom import benchmark, health

admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom admin")
admin.site.index_title = _("Editorial desk")

# 404 is Django's own view with the site's 404.html; 400 and 403 are too,
# outside the API (400 in JSON) and the admin (403: its own page, naming the
# role a refused step needs).
handler400 = "newsroom.errors.bad_request"
handler403 = "newsroom.errors.permission_denied"
handler500 = "newsroom.errors.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", health.live, name="healthz-live"),
    path(settings.NEWSROOM_ADMIN_PATH, admin.site.urls),
    # The public content API (api/), the same for every edition: not
    # language-prefixed (a language filter instead).
    path("api/v1/", include("api.urls")),
    # Each edition's reader pages: the default language's at today's
    # addresses, every other language's under /<code>/ (see
    # newsroom.middleware.EditionMiddleware, which picks the language).
    *i18n_patterns(
        path("", include("discovery.urls")),
        path("", include("comments.urls")),
        path("", include("articles.urls")),
        prefix_default_language=False,
    ),
]

if settings.NEWSROOM_BENCHMARK:
    urlpatterns.append(path("bench/ten-kb/", benchmark.ten_kb))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
