from comments.models import Comment


def approved_comments(*, article) -> list[Comment]:
    """The story's approved comments, oldest first, without emails. One query."""
    return list(
        Comment.objects.filter(article=article, status=Comment.Status.APPROVED)
        .only("pk", "name", "body", "created_at")
        .order_by("created_at", "pk")
    )
