"""Who may do what to a story. The admin and the services both ask here.

Writers write: they create stories and edit their own until the story is
first published. Editors do everything. Whoever else reaches the admin
(moderators) holds no article permission at all.
"""

from articles.models import Article

EDITABLE_BY_WRITERS = {Article.Status.DRAFT, Article.Status.REVIEW}


def can_publish(user) -> bool:
    """Publish, schedule, unpublish and send back: editors only."""
    return user.has_perm("articles.publish_article")


def is_own(user, article: Article) -> bool:
    """Whether ``user`` started the story or is named in its byline."""
    if article.pk is None or article.created_by_id == user.pk:
        return True
    return article.bylines.filter(author__user=user).exists()


def can_edit(user, article: Article | None = None) -> bool:
    """Change ``article`` (or articles at all): its text, revisions, review."""
    if not user.has_perm("articles.change_article"):
        return False
    if article is None or can_publish(user):
        return True
    return (
        article.first_published_at is None
        and article.status in EDITABLE_BY_WRITERS
        and is_own(user, article)
    )


def can_translate(user, source: Article) -> bool:
    """Make a translation of ``source``: whoever may edit it, and any writer
    once it has been published (translating what went out is a translator's
    daily work, and changes nothing of the source)."""
    if not user.has_perm("articles.add_article"):
        return False
    return source.first_published_at is not None or can_edit(user, source)
