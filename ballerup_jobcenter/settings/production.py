"""Production settings: DEBUG off, secrets and hosts required from the environment, HTTPS on."""

from django.core.exceptions import ImproperlyConfigured

from core.cpr_crypto import key_errors

from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, CPR_ENCRYPTION_KEYS, CPR_HASH_KEYS, SECRET_KEY, STORAGES
from .env import env_bool, env_int

if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment for production.")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters long.")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set in the environment for production.")
# CPR numbers are stored encrypted and hashed with keys from the environment (core.cpr_crypto).
_cpr_key_errors = key_errors(CPR_ENCRYPTION_KEYS, CPR_HASH_KEYS)
if _cpr_key_errors:
    raise ImproperlyConfigured(" ".join(_cpr_key_errors))

DEBUG = False
STORAGES["staticfiles"] = {
    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
}

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# The preload directive only matters once the domain is submitted to the browsers' list.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
