import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import metadata

register = template.Library()

# What could end the <script> element early or confuse an HTML parser.
_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """``data`` as a ``<script type="application/ld+json">`` element."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(_ESCAPES)),  # noqa: S308 - escaped just above
    )


@register.filter
def summary(article, limit=metadata.SUMMARY_LENGTH):
    """The story's summary (``metadata.summary``) in at most ``limit`` characters."""
    return metadata.shorten(metadata.summary(article), int(limit))
