"""Keyset ("seek") pagination for the long lists, and a count that stops early.

A page number makes the database read and throw away every row before the page (OFFSET), and the
page count needs every row counted: on a list of hundreds of thousands of rows that is most of a
request's time. A keyset page reads only its own rows: the next page starts after the last row
shown (`?after=`, the values of that row's ordering keys), through an index in that order. The
list shows "Next" and "First page" instead of "Page 3 of 812", and its total as "more than 1,000"
where counting further would read the whole list (`count_up_to`).

`seek_page` pages one queryset; `merge_seek_pages` pages several disjoint querysets ordered the
same way (each read through its own index) as one list.
"""

from __future__ import annotations

import base64
import heapq
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

# The longest token accepted in ?after= (a few ordering values; anything longer is not ours).
MAX_TOKEN_LENGTH = 512


@dataclass(frozen=True)
class Key:
    """One ordering key of a keyset list: a field or annotation name and its direction. Its
    values must never be NULL (order by a Coalesce annotation instead)."""

    name: str
    descending: bool = False

    @property
    def order_by(self) -> str:
        return f"-{self.name}" if self.descending else self.name


@dataclass
class SeekPage:
    """What the pagination partial (templates/partials/pagination.html) and a list need.

    `object_list` the rows; `next_after` the token of the next page ("" on the last page);
    `is_first` whether this is the first page; `count` the rows in the whole list, counted up to
    `count_cap` (`count_capped` when there are more)."""

    object_list: list[Any]
    next_after: str
    is_first: bool
    count: int
    count_capped: bool
    count_cap: int

    seek = True  # the partial tells a keyset page from a numbered one by this

    @property
    def has_next(self) -> bool:
        return bool(self.next_after)

    @property
    def has_other_pages(self) -> bool:
        return self.has_next or not self.is_first

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def encode_after(values: Sequence[Any]) -> str:
    """The ?after= token of a row's key values (ints and strings)."""
    raw = json.dumps(list(values), separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_after(token: str | None, keys: Sequence[Key]) -> list[Any] | None:
    """The key values in an ?after= token, or None for no token or one that is not ours (the
    list then starts from its first row)."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        return None
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        values = json.loads(raw)
    except (ValueError, TypeError):
        return None
    if not isinstance(values, list) or len(values) != len(keys):
        return None
    if not all(isinstance(v, int | str) and not isinstance(v, bool) for v in values):
        return None
    return values


def after_condition(keys: Sequence[Key], values: Sequence[Any]) -> Q:
    """The rows after `values` in the keys' order: (k1 > v1) or (k1 = v1 and k2 > v2) or ...,
    with < for a descending key, and k1 >= v1 beside it so the index range starts there."""
    condition = Q()
    equal: dict[str, Any] = {}
    for key, value in zip(keys, values, strict=True):
        lookup = "lt" if key.descending else "gt"
        condition |= Q(**equal, **{f"{key.name}__{lookup}": value})
        equal[key.name] = value
    first = keys[0]
    return Q(**{f"{first.name}__{'lte' if first.descending else 'gte'}": values[0]}) & condition


def count_up_to(queryset: QuerySet, cap: int) -> tuple[int, bool]:
    """(count, capped): the rows in `queryset`, counted no further than `cap` (a COUNT over a
    LIMIT, so a long list costs no more than `cap` rows)."""
    count = queryset.order_by()[: cap + 1].count()
    return (cap, True) if count > cap else (count, False)


def _row_key(row: Any, keys: Sequence[Key]) -> list[Any]:
    return [getattr(row, key.name) for key in keys]


def merge_seek_pages(
    querysets: Iterable[QuerySet],
    *,
    keys: Sequence[Key],
    after: str | None,
    size: int,
    count_cap: int = 1000,
    sort_key: Callable[[Any], Any] | None = None,
) -> SeekPage:
    """One keyset page of several disjoint querysets in the same order (`keys`, the last one
    unique): each gives at most size + 1 rows after the token, merged in Python. `sort_key`
    orders the merged rows as the database orders each queryset (default: the keys' values,
    which suits ascending keys; give one for descending keys)."""
    querysets = list(querysets)
    values = decode_after(after, keys)
    order = [key.order_by for key in keys]
    parts = []
    for queryset in querysets:
        ordered = queryset.order_by(*order)
        if values is not None:
            ordered = ordered.filter(after_condition(keys, values))
        parts.append(list(ordered[: size + 1]))
    key_of = sort_key or (lambda row: _row_key(row, keys))
    rows = list(heapq.merge(*parts, key=key_of))
    page_rows = rows[:size]
    more = len(rows) > size
    counted = [count_up_to(queryset, count_cap) for queryset in querysets]
    count = sum(number for number, _ in counted)
    capped = any(flag for _, flag in counted) or count > count_cap
    return SeekPage(
        object_list=page_rows,
        next_after=encode_after(_row_key(page_rows[-1], keys)) if more and page_rows else "",
        is_first=values is None,
        count=min(count, count_cap),
        count_capped=capped,
        count_cap=count_cap,
    )


def seek_page(
    queryset: QuerySet,
    *,
    keys: Sequence[Key],
    after: str | None,
    size: int,
    count_cap: int = 1000,
    sort_key: Callable[[Any], Any] | None = None,
) -> SeekPage:
    """One keyset page of `queryset` ordered by `keys` (the last one unique, such as pk)."""
    return merge_seek_pages(
        [queryset], keys=keys, after=after, size=size, count_cap=count_cap, sort_key=sort_key
    )
