import time

import pytest
from django.urls import reverse

from comments.forms import started_token


def shown_seconds_ago(seconds=60):
    """The form's signed start time, as if the reader opened it ``seconds`` ago."""
    return started_token(at=time.time() - seconds)


def comment_data(**overrides):
    data = {
        "name": "Farrukh",
        "email": "farrukh@example.org",
        "body": "The article leaves out what his family said.",
        "website": "",
        "started": shown_seconds_ago(),
    }
    data.update(overrides)
    return data


@pytest.fixture
def post_comment(client):
    """Send a comment as a reader's browser with script would; the response."""

    def post(article, **overrides):
        return client.post(
            reverse("comments:post", args=[article.pk]), comment_data(**overrides)
        )

    return post
