"""Settings for a developer's laptop (`make run`): a development secret, localhost only.

DEBUG only when asked for (DJANGO_DEBUG=1): by default the app serves its own Danish error pages,
as it does in production, and never Django's debug pages with their list of routes."""

import warnings

from core.cpr_crypto import development_keys

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or "local-development-only-not-secret"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

# CPR encryption and hash keys: from the environment when set, else fixed development keys derived
# from SECRET_KEY (core.cpr_crypto; the start-up log says so). Numbers stored with them can only be
# read with the same SECRET_KEY.
if not (CPR_ENCRYPTION_KEYS and CPR_HASH_KEYS):  # noqa: F405
    CPR_ENCRYPTION_KEYS, CPR_HASH_KEYS = development_keys(SECRET_KEY)
    CPR_KEYS_DERIVED = True

# Static files straight from the app and static/ folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
