"""The story page stays the same for every anonymous reader, so it can be cached."""

import pytest
from django.utils import timezone

from comments.models import Comment
from comments.services import comment_ip_hashes_purge

pytestmark = pytest.mark.django_db


def test_an_anonymous_story_page_sets_no_cookie_and_does_not_vary_on_cookie(
    client, published_article
):
    response = client.get(published_article.get_absolute_url())

    assert response.status_code == 200
    assert "data-comment-form" in response.content.decode()
    assert not response.cookies
    assert "Set-Cookie" not in response
    assert "cookie" not in response.get("Vary", "").lower()


def test_the_thank_you_page_is_cacheable_too(client, published_article):
    url = f"{published_article.get_absolute_url()}?comment=received"

    response = client.get(url)

    assert not response.cookies
    assert "cookie" not in response.get("Vary", "").lower()


def test_address_hashes_are_forgotten_after_the_retention_period(
    published_article, settings
):
    settings.COMMENTS_IP_RETENTION_DAYS = 30
    old, recent = (
        Comment.objects.create(
            article=published_article,
            name=name,
            email=f"{name}@example.org",
            body=name,
            ip_hash="a" * 64,
            created_at=timezone.now() - timezone.timedelta(days=days),
        )
        for name, days in (("old", 31), ("recent", 29))
    )

    assert comment_ip_hashes_purge() == 1

    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.ip_hash == ""
    assert recent.ip_hash == "a" * 64
