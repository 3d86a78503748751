"""``{% story_card article heading="h2" %}``: a card from the fragment cache."""

from django import template
from django.utils.safestring import mark_safe

from articles import cards

register = template.Library()


@register.simple_tag
def story_card(article, heading="h3", lead=False, compact=False, show_section=False):
    html = cards.story_card(
        article, heading=heading, lead=lead, compact=compact, show_section=show_section
    )
    # Our own template's output, escaped when it was rendered.
    return mark_safe(html)  # noqa: S308
