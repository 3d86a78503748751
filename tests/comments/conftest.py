import pytest
from django.urls import reverse

from tests.factories import comment_data


@pytest.fixture
def post_comment(client):
    """Send a comment as a reader's browser with script would; the response."""

    def post(article, **overrides):
        return client.post(
            reverse("comments:post", args=[article.pk]), comment_data(**overrides)
        )

    return post
