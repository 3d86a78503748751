"""Which cached pages a change to a comment purges. Loaded by CommentsConfig.ready."""

from articles import cache_tags
from comments.models import Comment
from newsroom.pagecache import purges


@purges(Comment)
def _story_page(comment):
    # The story's page shows its approved comments and counts them.
    return {cache_tags.story(comment.article.slug)}
