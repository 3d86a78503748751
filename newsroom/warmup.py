"""What a new gunicorn worker would otherwise do on its first requests, done
once in the master before it forks (``preload_app``): every worker, the
ones that replace workers retired by ``max_requests`` included, starts with
the site's templates compiled and every edition's catalogue loaded.

Nothing here opens a connection: a database or cache connection made before
the fork would be shared by every worker.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.utils import translation

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = {".html", ".xml", ".txt"}


def project_template_names():
    """The names of the templates in the project's own template folders
    (``TEMPLATES`` ``DIRS`` and the project's apps), not third parties'."""
    root = Path(settings.BASE_DIR).resolve()
    names = set()
    for engine in engines.all():
        for folder in engine.template_dirs:
            folder = Path(folder).resolve()
            if not folder.is_relative_to(root) or ".venv" in folder.parts:
                continue
            names.update(
                path.relative_to(folder).as_posix()
                for path in folder.rglob("*")
                if path.suffix in TEMPLATE_SUFFIXES and path.is_file()
            )
    return sorted(names)


def warm():
    """Compile the project's templates and load each language's catalogue."""
    engine = engines["django"]
    for name in project_template_names():
        try:
            engine.get_template(name)
        except TemplateSyntaxError:  # found by its own page's tests; not fatal here
            logger.warning("Template %s does not compile.", name, exc_info=True)
    for code, _name in settings.LANGUAGES:
        translation.activate(code)  # loads the language's catalogues
    translation.deactivate()
