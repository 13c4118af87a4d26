"""WSGI entry point for gunicorn: ``gunicorn wpsdesk.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

from wpsdesk.cli import load_settings
from wpsdesk.core import heap

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wpsdesk.settings")
load_settings()  # a missing or bad setting stops the start with one plain line
application = get_wsgi_application()
heap.load_and_settle()  # full garbage collections stay short (wpsdesk/core/heap.py)
