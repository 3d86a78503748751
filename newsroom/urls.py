from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from newsroom import benchmark, health

admin.site.site_header = _("Newsroom")
admin.site.site_title = _("Newsroom admin")
admin.site.index_title = _("Editorial desk")

# 403 and 404 are Django's own views with the site's 403.html and 404.html.
handler500 = "newsroom.errors.server_error"

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", health.live, name="healthz-live"),
    path(settings.NEWSROOM_ADMIN_PATH, admin.site.urls),
    path("", include("discovery.urls")),
    path("", include("comments.urls")),
    path("", include("articles.urls")),
]

if settings.NEWSROOM_BENCHMARK:
    urlpatterns.append(path("bench/ten-kb/", benchmark.ten_kb))

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
