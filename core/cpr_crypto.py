"""CPR numbers at rest: encrypted, with a keyed hash for exact lookup and uniqueness.

- The number itself is stored encrypted with Fernet (AES-128-CBC + HMAC-SHA256, from the
  `cryptography` package) under the keys in CPR_ENCRYPTION_KEYS: the first key encrypts, every key
  decrypts (MultiFernet), so a new key is put first and `manage.py rotate_cpr_keys` re-encrypts
  the stored numbers under it; then the older keys can be removed.
- Beside it a keyed hash, HMAC-SHA256 of the 10 digits under CPR_HASH_KEYS[0], finds a number
  exactly and carries the unique constraint. Lookups compute the hash under every key in
  CPR_HASH_KEYS, so rows hashed under an older key (the access log, which is never rewritten) are
  still found; `rotate_cpr_keys` rehashes the citizens under the first key.

Production refuses to start without both settings (ballerup_jobcenter.settings.production); the
local and test settings derive fixed development keys from SECRET_KEY and say so.
"""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from .identifiers import normalize_cpr

HASH_KEY_MIN_LENGTH = 32


class CprKeyError(Exception):
    """A stored CPR number cannot be decrypted with any configured key."""


def development_keys(secret_key: str) -> tuple[list[str], list[str]]:
    """Fixed keys derived from SECRET_KEY, for a laptop and the test suite only."""
    secret = secret_key.encode()
    encryption = base64.urlsafe_b64encode(
        hashlib.sha256(b"jobcenter-cpr-encryption\0" + secret).digest()
    ).decode()
    keyed_hash = hashlib.sha256(b"jobcenter-cpr-hash\0" + secret).hexdigest()
    return [encryption], [keyed_hash]


def key_errors(encryption_keys: list[str], hash_keys: list[str]) -> list[str]:
    """What is wrong with the configured keys (empty when they are usable)."""
    errors = []
    if not encryption_keys:
        errors.append("CPR_ENCRYPTION_KEYS must be set (comma-separated Fernet keys).")
    for position, key in enumerate(encryption_keys, start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            errors.append(
                f"CPR_ENCRYPTION_KEYS: key {position} is not a Fernet key (32 url-safe "
                "base64-encoded bytes; make one with "
                '`python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())"`).'
            )
    if not hash_keys:
        errors.append("CPR_HASH_KEYS must be set (comma-separated secrets).")
    for position, key in enumerate(hash_keys, start=1):
        if len(key) < HASH_KEY_MIN_LENGTH:
            errors.append(
                f"CPR_HASH_KEYS: key {position} must be at least {HASH_KEY_MIN_LENGTH} characters."
            )
    return errors


@lru_cache(maxsize=8)
def _multi_fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key) for key in keys])


@lru_cache(maxsize=8)
def _current_fernet(key: str) -> Fernet:
    return Fernet(key)


def _encryption_keys() -> tuple[str, ...]:
    keys = tuple(settings.CPR_ENCRYPTION_KEYS)
    if not keys:
        raise CprKeyError("CPR_ENCRYPTION_KEYS is empty.")
    return keys


def _hash_keys() -> tuple[str, ...]:
    keys = tuple(settings.CPR_HASH_KEYS)
    if not keys:
        raise CprKeyError("CPR_HASH_KEYS is empty.")
    return keys


def encrypt_cpr(number: str) -> str:
    """The Fernet token of a CPR number (compact form), under the current key."""
    return _multi_fernet(_encryption_keys()).encrypt(normalize_cpr(number).encode()).decode()


def decrypt_cpr(token: str) -> str:
    try:
        return _multi_fernet(_encryption_keys()).decrypt(token.encode()).decode()
    except InvalidToken:
        raise CprKeyError(
            "A stored CPR number cannot be decrypted with any key in CPR_ENCRYPTION_KEYS."
        ) from None


def is_current_encryption(token: str) -> bool:
    """True when the token was made with the current (first) key."""
    try:
        _current_fernet(_encryption_keys()[0]).decrypt(token.encode())
    except InvalidToken:
        return False
    return True


def reencrypt(token: str) -> str:
    """The same number encrypted under the current key (MultiFernet.rotate)."""
    try:
        return _multi_fernet(_encryption_keys()).rotate(token.encode()).decode()
    except InvalidToken:
        raise CprKeyError(
            "A stored CPR number cannot be decrypted with any key in CPR_ENCRYPTION_KEYS."
        ) from None


def _hmac(key: str, number: str) -> str:
    return hmac.new(key.encode(), normalize_cpr(number).encode(), hashlib.sha256).hexdigest()


def cpr_hash(number: str) -> str:
    """The keyed hash of a CPR number under the current hash key: what is stored."""
    return _hmac(_hash_keys()[0], number)


def cpr_hashes(number: str) -> list[str]:
    """The keyed hash under every configured key (current first): what a lookup matches."""
    return [_hmac(key, number) for key in _hash_keys()]
