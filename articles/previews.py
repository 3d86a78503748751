"""Signed preview links: a story as readers will see it, before they can.

A link names a story and, optionally, one revision; without one it shows the
latest version. It needs no login and expires (48 hours unless
``NEWSROOM_PREVIEW_LINK_MAX_AGE`` says otherwise).
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "articles.preview"


class PreviewExpired(Exception):
    """The link was genuine but is older than its allowed age."""


def preview_url(*, article, revision_number: int | None = None) -> str:
    token = signing.dumps({"a": article.pk, "r": revision_number}, salt=SALT)
    return reverse("articles:preview", kwargs={"token": token})


def preview_read(token: str) -> tuple[int, int | None]:
    """The story's id and revision number in ``token``.

    Raises ``PreviewExpired`` for an old link and ``signing.BadSignature`` for
    one that was tampered with or made up.
    """
    try:
        payload = signing.loads(
            token, salt=SALT, max_age=settings.NEWSROOM_PREVIEW_LINK_MAX_AGE
        )
    except signing.SignatureExpired:
        raise PreviewExpired from None
    return payload["a"], payload.get("r")
