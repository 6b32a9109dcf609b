"""Related rows attached to thousands of instances at once, for the batch jobs.

`prefetch_related` is the way to read relations for a page. For a batch of thousands of owners
(the nightly alert refresh reads 1,000 citizens and seven of their relations at a time) its
bookkeeping costs more than the rows themselves: it builds a QuerySet per owner and relation
(measured: about half of the time the refresh spent loading). `attach_related` stores the rows of
one query as the owners' prefetched relation, as `prefetch_related` does, but as plain lists:
`owner.relation.all()` returns the list without a query; anything that would query
(`.filter()`, `.count()`) raises AttributeError instead of silently reading the database once per
owner. Each model row also gets its owner cached (`row.owner` without a query), as Django does.
Rows that are read only by attribute can be attached as named tuples
(`values_list(..., named=True)`, which must include the foreign key's column): a tuple costs a
fraction of a model instance (the nightly refresh reads about ten rows a citizen).

`id_list(ids)` is the right-hand side of `<field>__in` for a batch's ids.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from django.db import connection
from django.db.models import Model
from django.db.models.expressions import RawSQL
from django.db.models.fields.reverse_related import ManyToOneRel


def id_list(ids: Sequence[int]) -> Sequence[int] | RawSQL:
    """The right-hand side of `<field>__in` for a batch's ids: on PostgreSQL the ids as one
    array parameter (Django resolves, and psycopg quotes, an IN list value by value: about a
    tenth of the nightly alert refresh's time with 1,000 ids a query), elsewhere the ids."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", [list(ids)])  # nosec B611 (one parameter)
    return ids


def attach_related(owners: Sequence[Model], relation: str, rows: Iterable[Model | tuple]) -> None:
    """Attach `rows` as the prefetched reverse foreign key `relation` of `owners` (e.g.
    "interventions" of Citizen): each owner gets the rows pointing at it, in the rows' order,
    and an empty list when none does. Rows pointing at an owner not given are dropped. Rows may
    be model instances or named tuples with the foreign key's column (e.g. `citizen_id`)."""
    if not owners:
        return
    rel = owners[0]._meta.get_field(relation)
    if not isinstance(rel, ManyToOneRel) or rel.many_to_many or rel.one_to_one:
        raise TypeError(f"{relation} is not a reverse foreign key of {owners[0]._meta.label}")
    field = rel.field  # the foreign key on the rows' model
    by_owner: dict[object, list[Model | tuple]] = defaultdict(list)
    known = {owner.pk: owner for owner in owners}
    for row in rows:
        key = getattr(row, field.attname)
        owner = known.get(key)
        if owner is None:
            continue
        if isinstance(row, Model):
            field.set_cached_value(row, owner)
        by_owner[key].append(row)
    cache_name = rel.cache_name
    for owner in owners:
        cache = owner.__dict__.setdefault("_prefetched_objects_cache", {})
        cache[cache_name] = by_owner.get(owner.pk, [])
