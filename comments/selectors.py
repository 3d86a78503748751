from typing import Any

from django.http import HttpRequest

from articles import page_extras
from articles.models import Article
from comments.forms import CommentForm
from comments.models import Comment


def approved_comments(*, article: Article) -> list[Comment]:
    """The story's approved comments, oldest first, without emails. One query."""
    return list(
        Comment.objects.filter(article=article, status=Comment.Status.APPROVED)
        .only("pk", "name", "body", "created_at")
        .order_by("created_at", "pk")
    )


@page_extras.for_story_page
def story_page_comments(
    request: HttpRequest, article: Article, *, preview: bool
) -> dict[str, Any]:
    """Under a story: its approved comments, their count and the form. A
    preview has none of its own yet. One query."""
    comments = [] if preview else approved_comments(article=article)
    return {
        "comments": comments,
        "comment_count": len(comments),
        "comment_form": CommentForm(),
        # Set by the redirect after a comment is sent (Post/Redirect/Get).
        "comment_outcome": request.GET.get("comment"),
    }


def approved_comment_count(*, article: Article) -> int:
    """How many approved comments the story shows. One query."""
    return Comment.objects.filter(
        article=article, status=Comment.Status.APPROVED
    ).count()
