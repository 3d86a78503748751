from django import template

from desk.selectors import desk_overview

register = template.Library()


@register.simple_tag
def desk_for(user):
    """The admin front page's panels for ``user`` (see ``desk_overview``)."""
    return desk_overview(user=user)
