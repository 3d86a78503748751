"""Slugs that read well in any script."""

from anyascii import anyascii
from django.utils.text import slugify as django_slugify


def slugify(text: str) -> str:
    """``text`` as an ASCII slug, other scripts transliterated first:
    "Террористы задержаны" -> "terroristy-zaderzhany".

    Django's ``slugify`` drops every letter it cannot fold to ASCII, so a
    Cyrillic headline left nothing (and stories got "item", "item-2"…).
    An address in Latin letters stays readable wherever it is pasted (in a
    message, an e-mail, a log), where a Cyrillic one turns into
    ``%D0%A2%D0%B5…``; search engines read both alike.
    """
    return django_slugify(anyascii(text))
