"""Selectors for the DISCO-08 occupation list (core.models.Occupation).

Codes are hierarchical strings: a unit group's first 1, 2 and 3 digits are its major, sub-major and
minor group ("5322" -> "5", "53", "532"), so relations between codes need no database.
The list is public reference data (no personal data), so these selectors take no user.
"""

from django.db.models import Q

from .identifiers import is_ascii_digits
from .models import Occupation

UNIT_GROUP_DIGITS = 4


def _words(query: str) -> list[str]:
    return [word for word in query.casefold().replace(",", " ").split() if word]


def occupation_search(query: str, *, limit: int = 20) -> list[Occupation]:
    """Occupations whose code starts with a number in the query and whose Danish or English title
    contains every other word (case-insensitive, also for æ/ø/å). Unit groups come first, then
    titles that start with the first word, then by code. An empty query finds nothing."""
    words = _words(query)
    if not words or limit <= 0:
        return []
    digits = [word for word in words if is_ascii_digits(word)]
    texts = [word for word in words if not is_ascii_digits(word)]
    candidates = Occupation.objects.only("code", "level", "title_en", "title_da")
    if digits:
        prefix_filter = Q()
        for digit in digits:
            prefix_filter |= Q(code__startswith=digit)
        candidates = candidates.filter(prefix_filter)
    # Matching in Python: SQLite's LIKE folds only ASCII case, and the list has 619 rows.
    found = []
    for occupation in candidates:
        haystack = f"{occupation.title_da} {occupation.title_en}".casefold()
        if all(word in haystack for word in texts):
            found.append(occupation)
    first = texts[0] if texts else ""

    def rank(occupation: Occupation) -> tuple:
        starts = first and (
            occupation.title_da.casefold().startswith(first)
            or occupation.title_en.casefold().startswith(first)
        )
        return (-occupation.level, not starts, occupation.code)

    found.sort(key=rank)
    return found[:limit]


def occupation_ancestors(code: str) -> list[Occupation]:
    """The groups above `code`, from the major group down to its parent (not the code itself)."""
    prefixes = [code[:length] for length in range(1, min(len(code), UNIT_GROUP_DIGITS + 1))]
    prefixes = [prefix for prefix in prefixes if prefix != code]
    return list(Occupation.objects.filter(code__in=prefixes).order_by("level", "code"))


def common_group_level(code_a: str, code_b: str) -> int:
    """The deepest ISCO level two codes share: 4 same unit group, 3 same minor group, 2 same
    sub-major group, 1 same major group, 0 nothing in common (or a code is empty)."""
    shared = 0
    for char_a, char_b in zip(code_a[:UNIT_GROUP_DIGITS], code_b[:UNIT_GROUP_DIGITS], strict=False):
        if char_a != char_b:
            break
        shared += 1
    return shared
