"""AI Personal Chef: the project: settings, URL map, WSGI/ASGI entry points and the Celery app."""

from config.celery import app as celery_app

__all__ = ["celery_app"]
