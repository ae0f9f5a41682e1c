"""WSGI entry point (``careerpaths serve`` runs it under waitress)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careerpaths.web.settings.base")
application = get_wsgi_application()
