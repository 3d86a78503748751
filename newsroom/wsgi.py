import os

from django.core.wsgi import get_wsgi_application

from newsroom.unreadable import utf8_only

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = utf8_only(get_wsgi_application())
