"""Keep stories' search vectors current when what they are indexed by changes
outside ``Article.save()``: their tags, their byline, an author's or tag's name."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, ArticleAuthor, Author, Tag


@receiver(m2m_changed, sender=Article.tags.through)
def tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if reverse:
        # Changed from the tag's side: ``pk_set`` holds stories (None on clear).
        stories = Article.objects.filter(pk__in=pk_set or [])
    else:
        stories = Article.objects.filter(pk=instance.pk)
    stories.update_search_vector()


@receiver(post_save, sender=ArticleAuthor)
@receiver(post_delete, sender=ArticleAuthor)
def byline_changed(sender, instance, **kwargs):
    Article.objects.filter(pk=instance.article_id).update_search_vector()


@receiver(post_save, sender=Author)
def author_renamed(sender, instance, created, **kwargs):
    if not created:
        Article.objects.filter(authors=instance).update_search_vector()


@receiver(post_save, sender=Tag)
def tag_renamed(sender, instance, created, **kwargs):
    if not created:
        Article.objects.filter(tags=instance).update_search_vector()
