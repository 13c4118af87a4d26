"""Settings for the test suite: the real settings, a test key set and the chosen database.

``WPSDESK_TEST_DB=postgresql`` runs the suite on the PostgreSQL at
``WPSDESK_TEST_DATABASE_URL``; otherwise SQLite. The keys are made afresh for every run
(unless given in the environment), so the suite needs no keys file and no key is public;
commands the tests start in a subprocess inherit them.
"""

import os

from wpsdesk.core.keyconfig import new_dev_keys

os.environ.update({**new_dev_keys(), **os.environ})  # keys given in the environment win
os.environ.setdefault("WPSDESK_DEV", "1")
os.environ.setdefault("WPSDESK_SECURE_COOKIES", "0")
os.environ.setdefault("WPSDESK_SSL_REDIRECT", "0")

import dj_database_url

from wpsdesk.settings import *  # noqa: F403
from wpsdesk.settings import BASE_DIR, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.policyapp"]

if os.environ.get("WPSDESK_TEST_DB") == "postgresql":
    url = os.environ.get("WPSDESK_TEST_DATABASE_URL")
    if not url:
        raise RuntimeError("WPSDESK_TEST_DB=postgresql needs WPSDESK_TEST_DATABASE_URL.")
    DATABASES = {"default": dj_database_url.parse(url)}
elif os.environ.get("WPSDESK_TEST_SQLITE_FILE"):
    # A process a test starts (a background worker) on the file copy of the test's database.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ["WPSDESK_TEST_SQLITE_FILE"],
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 15,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(BASE_DIR / "var" / "test.sqlite3"),
        }
    }

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed only
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "test-media"
AXES_ENABLED = True
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
AUDIT_ALLOW_FLUSH = True  # browser tests wipe the database between tests
# Checkpoints go to the log stream only; the tests that need a file name their own. No
# timed checkpoints: they would add queries to pages whose query counts are asserted.
AUDIT_CHECKPOINT_FILE = ""
AUDIT_CHECKPOINT_INTERVAL_SECONDS = 0
