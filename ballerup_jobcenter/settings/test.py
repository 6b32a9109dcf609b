"""Settings for the test suite. The database and broker still come from the environment."""

import warnings

from core.cpr_crypto import development_keys

from .base import *  # noqa: F403
from .base import LOGGING

DEBUG = False
SECRET_KEY = "test-only-not-secret"  # noqa: S105  # the test suite's own  # nosec B105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]

# CPR encryption and hash keys: from the environment when set, else fixed development keys derived
# from SECRET_KEY (core.cpr_crypto; the start-up log says so). Numbers stored with them can only be
# read with the same SECRET_KEY.
if not (CPR_ENCRYPTION_KEYS and CPR_HASH_KEYS):  # noqa: F405
    CPR_ENCRYPTION_KEYS, CPR_HASH_KEYS = development_keys(SECRET_KEY)
    CPR_KEYS_DERIVED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGGING["root"]["level"] = "WARNING"

# Static files straight from the app and static/ folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")

# GRID runs execute in the test's own thread (deterministic); tests/grid/test_background_runs.py
# switches the embedded default's background thread on where it is the subject.
GRID_RUN_IN_THREAD = False
