from datetime import date, datetime

from django import template

register = template.Library()


@register.filter(expects_localtime=True)
def datetime_attr(value):
    """``value`` as a machine-readable date for ``<time datetime>`` and meta tags.

    ISO 8601 to the second, with the offset of the site's time zone. HTML allows
    at most three digits of a fraction of a second, and no reader needs any.
    """
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""
