from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyReads(models.Model):
    """How many readers opened a story on a day, counted without cookies.

    The page's script sends a beacon once the story is shown; a reader's
    address (as a salted hash, in the cache only) is counted once per story
    per half hour. Nothing here identifies a reader.
    """

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="daily_reads",
    )
    day = models.DateField(_("day"))
    count = models.PositiveIntegerField(_("reads"), default=0)

    class Meta:
        verbose_name = _("daily reads")
        verbose_name_plural = _("daily reads")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "article"], name="dailyreads_one_row_per_day"
            ),
        ]

    def __str__(self):
        return f"{self.article_id} {self.day}: {self.count}"
