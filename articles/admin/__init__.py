"""Sections, authors, tags and stories in Django's admin.

Importing this package registers them (``taxonomy`` and ``stories``). The story
admin is put together from the modules beside them: ``forms`` (the story form,
its workflow buttons and the check that refuses a stale save), ``filters`` (the
story list's filters) and ``views`` (the admin's own pages for a story:
preview, compare, revert, discard).
"""

from articles.admin import stories, taxonomy  # noqa: F401 - they register
