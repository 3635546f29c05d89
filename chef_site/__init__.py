"""AI Personal Chef: project package (settings, URLs, Celery app and cross-app pieces)."""

from chef_site.celery import app as celery_app

__all__ = ["celery_app"]
