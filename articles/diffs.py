"""Readable differences between two revisions of a story, word by word."""

import difflib
import re
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString
from django.utils.text import capfirst

from articles.models import Article
from images.models import Image

# Block ends become line breaks, so paragraphs stay apart once tags are gone.
_BLOCK_END = re.compile(r"</(p|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)
_TOKEN = re.compile(r"\s+|[^\s]+")
_WORD_CHAR = re.compile(r"\w")


@dataclass
class FieldChange:
    label: str
    changed: bool
    html: SafeString


def _text(name, value, images):
    if name == "body":
        return strip_tags(_BLOCK_END.sub("\n", value or "")).strip()
    if name == "lead_image_id":
        if value is None:
            return ""
        image = images.get(value)
        return f"#{value} {image}" if image else f"#{value}"
    return value or ""


def words_diff(old: str, new: str) -> SafeString:
    """``new`` as HTML, with words taken out in <del> and put in <ins>.

    A word taken out and the word put in its place are never glued into one.
    """
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    parts = []
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(("{}", "".join(old_tokens[a1:a2])))
            continue
        taken, put = "".join(old_tokens[a1:a2]), "".join(new_tokens[b1:b2])
        if taken:
            parts.append(("<del>{}</del>", taken))
        if taken and put and _WORD_CHAR.match(taken[-1]) and _WORD_CHAR.match(put[0]):
            # "in" out and "to" in must not read as "into": a space between
            # them, in neither run, keeps them two words.
            parts.append(("{}", " "))
        if put:
            parts.append(("<ins>{}</ins>", put))
    return format_html_join("", "{}", ((format_html(t, v),) for t, v in parts))


def compare(old: dict, new: dict) -> list[FieldChange]:
    """Each content field of two revisions' ``content``, with its differences.

    One query, for the lead images the revisions name.
    """
    ids = {old.get("lead_image_id"), new.get("lead_image_id")} - {None}
    images = Image.objects.in_bulk(ids) if ids else {}
    changes = []
    for name in Article.CONTENT_FIELDS:
        field = Article._meta.get_field(name)
        before = _text(field.attname, old.get(field.attname), images)
        after = _text(field.attname, new.get(field.attname), images)
        changes.append(
            FieldChange(
                label=capfirst(field.verbose_name),
                changed=before != after,
                html=words_diff(before, after),
            )
        )
    return changes


def texts(content: dict) -> list[tuple[str, str]]:
    """Each filled-in text field of a revision's ``content``, as plain text
    with its label: the source beside a translation. No query."""
    shown = []
    for name in Article.CONTENT_FIELDS:
        field = Article._meta.get_field(name)
        if name == "lead_image":
            continue
        text = _text(field.attname, content.get(field.attname), {})
        if text:
            shown.append((capfirst(field.verbose_name), text))
    return shown
