"""Production settings plus the two reference views the load test measures the site against.

Only the load test serves these (`DJANGO_SETTINGS_MODULE=loadtest.settings`); the site never
routes to them.
"""

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "loadtest.urls"
# Production sends cookies over HTTPS only; the load test speaks plain HTTP on 127.0.0.1, where
# nginx would have ended TLS in front.
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
