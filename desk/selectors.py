"""Reads for the admin's front page."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import User

from articles.models import Article
from comments.models import Comment

DESK_ITEMS = 8
# Counts on the desk stop here ("99+"): a glance, not an audit.
DESK_COUNT_CAP = 99


@dataclass
class Desk:
    in_review: list[Article] = field(default_factory=list)
    scheduled: list[Article] = field(default_factory=list)
    recently_published: list[Article] = field(default_factory=list)
    comments_waiting: int | None = None
    count_cap: int = DESK_COUNT_CAP
    # None: the site has one edition, or the user reads no stories.
    translations_out_of_date: int | None = None


def desk_overview(*, user: User) -> Desk:
    """What the admin's front page shows ``user``: the review queue, what is
    scheduled, what just went out, how many translations fell behind their
    source (on a site with more than one edition), and comments waiting for a
    moderator.

    At most five queries; each list holds ``DESK_ITEMS`` at most.
    """
    desk = Desk()
    if user.has_perm("articles.view_article"):
        stories = Article.objects.select_related("section")
        desk.in_review = list(
            stories.filter(status=Article.Status.REVIEW).order_by("updated_at")[
                :DESK_ITEMS
            ]
        )
        desk.scheduled = list(stories.scheduled().order_by("publish_at")[:DESK_ITEMS])
        desk.recently_published = list(stories.published().latest()[:DESK_ITEMS])
        if len(settings.LANGUAGES) > 1:
            desk.translations_out_of_date = (
                Article.objects.translations_out_of_date()
                .order_by()[: DESK_COUNT_CAP + 1]
                .count()
            )
    if user.has_perm("comments.view_comment"):
        desk.comments_waiting = Comment.objects.filter(
            status=Comment.Status.PENDING
        ).count()
    return desk
