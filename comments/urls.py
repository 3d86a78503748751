from django.urls import path

from comments import views

app_name = "comments"

urlpatterns = [
    path("comment-policy/", views.policy, name="policy"),
    path("reader/state/<int:article_id>/", views.reader_state, name="state"),
    path("reader/comments/<int:article_id>/", views.comment_post, name="post"),
    path("reader/poll/<int:article_id>/", views.poll, name="poll"),
]
