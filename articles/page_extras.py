"""What apps above articles add to its reader pages.

The story page shows the poll and the comments under the story; the home page
shows "Most read". Those belong to comments and discovery, which articles may
not import, so they register here in their ``AppConfig.ready``, and the views
ask for whatever was registered. Each provider returns a dict of template
context; it runs on every render of the page (never on a cache hit), so its
queries count in the page's budget.
"""

_story_page = []
_home_page = []


def for_story_page(provider):
    """Register ``provider(request, article, *, preview) -> dict``."""
    _story_page.append(provider)
    return provider


def for_home_page(provider):
    """Register ``provider(request) -> dict``."""
    _home_page.append(provider)
    return provider


def story_page(request, article, *, preview):
    context = {}
    for provider in _story_page:
        context.update(provider(request, article, preview=preview))
    return context


def home_page(request):
    context = {}
    for provider in _home_page:
        context.update(provider(request))
    return context
