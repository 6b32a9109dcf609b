"""Settings for a developer's laptop (`make run`): a development secret, localhost only.

DEBUG only when asked for (DJANGO_DEBUG=1): by default the app serves its own Danish error pages,
as it does in production, and never Django's debug pages with their list of routes."""

import warnings

from .base import *  # noqa: F403
from .env import env_bool, env_list, env_str

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or "local-development-only-not-secret"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

# Static files straight from the app and static/ folders; no collectstatic needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
warnings.filterwarnings("ignore", message="No directory at", module="whitenoise.base")
