"""The suite's settings (the same apps), pointed at the database and folder of a restore drill."""

import os
from pathlib import Path

import dj_database_url

from tests.settings import *  # noqa: F403

DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"])}
MEDIA_ROOT = Path(os.environ["WPSDESK_MEDIA_ROOT"])
