"""WSGI entry point (gunicorn chef_site.wsgi:application)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chef_site.settings.production")

application = get_wsgi_application()
