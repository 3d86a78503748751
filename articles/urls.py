from django.urls import path, register_converter

from articles import views


class TwoDigitConverter:
    regex = "[0-9]{2}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(TwoDigitConverter, "month")
register_converter(TwoDigitConverter, "day")

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("preview/<str:token>/", views.article_preview, name="preview"),
    path("section/<slug:slug>/", views.section_detail, name="section"),
    path("author/<slug:slug>/", views.author_detail, name="author"),
    path("tag/<slug:slug>/", views.tag_detail, name="tag"),
    path(
        "<slug:section>/<int:year>/<month:month>/<day:day>/<slug:slug>/",
        views.article_detail,
        name="detail",
    ),
]
