"""core.keyset: a keyset page reads only its own rows, every row comes once across the pages in
the queryset's order, a token that is not ours starts from the first row, and the count stops
at its cap."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.keyset import Key, count_up_to, decode_after, encode_after, merge_seek_pages, seek_page
from core.models import User
from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db

KEYS = (Key("last_name"), Key("pk", descending=True))


@pytest.fixture
def users():
    # Three share a last name, so the second key (pk, descending) decides among them.
    names = ["Berg", "Aagaard", "Berg", "Holm", "Berg", "Dahl", "Aagaard"]
    return [UserFactory(username=f"u{i}", last_name=name) for i, name in enumerate(names)]


def _walk(queryset, size, **kwargs):
    pages, after = [], None
    while True:
        page = seek_page(queryset, keys=KEYS, after=after, size=size, **kwargs)
        pages.append(page)
        if not page.has_next:
            return pages
        after = page.next_after


@pytest.mark.parametrize("size", [1, 2, 3, 7, 50])
def test_walking_the_pages_gives_every_row_once_in_the_querysets_order(users, size):
    queryset = User.objects.all()
    pages = _walk(queryset, size, sort_key=lambda user: (user.last_name, -user.pk))

    walked = [user.pk for page in pages for user in page.object_list]
    assert walked == list(queryset.order_by("last_name", "-pk").values_list("pk", flat=True))
    assert pages[0].is_first and not any(page.is_first for page in pages[1:])
    assert all(len(page.object_list) == size for page in pages[:-1])


def test_a_page_after_the_first_reads_from_its_token_not_from_an_offset(users):
    first = seek_page(User.objects.all(), keys=KEYS, after=None, size=2)
    with CaptureQueriesContext(connection) as captured:
        seek_page(User.objects.all(), keys=KEYS, after=first.next_after, size=2)

    page_sql = captured[0]["sql"].upper()
    assert "OFFSET" not in page_sql
    assert "LIMIT 3" in page_sql


@pytest.mark.parametrize(
    "token",
    ["", "garbage!!", encode_after(["Berg"]), encode_after([True, 1]), "x" * 600],
    ids=["empty", "not-base64", "too-few-values", "a-boolean", "too-long"],
)
def test_a_token_that_is_not_ours_starts_from_the_first_row(users, token):
    page = seek_page(User.objects.all(), keys=KEYS, after=token, size=3)

    assert page.is_first
    assert decode_after(token, KEYS) is None
    assert [u.pk for u in page.object_list] == list(
        User.objects.order_by("last_name", "-pk").values_list("pk", flat=True)[:3]
    )


def test_the_count_stops_at_its_cap_and_says_so(users):
    assert count_up_to(User.objects.all(), 100) == (7, False)
    assert count_up_to(User.objects.all(), 7) == (7, False)
    assert count_up_to(User.objects.all(), 5) == (5, True)

    page = seek_page(User.objects.all(), keys=KEYS, after=None, size=2, count_cap=5)
    assert (page.count, page.count_capped, page.count_cap) == (5, True, 5)


def test_disjoint_querysets_merge_into_one_list_in_order(users):
    bergs = User.objects.filter(last_name="Berg")
    others = User.objects.exclude(last_name="Berg")
    after, walked = None, []
    while True:
        page = merge_seek_pages(
            [others, bergs],
            keys=KEYS,
            after=after,
            size=2,
            sort_key=lambda user: (user.last_name, -user.pk),
        )
        walked += [user.pk for user in page.object_list]
        assert page.count == 7 and not page.count_capped
        if not page.has_next:
            break
        after = page.next_after

    assert walked == list(User.objects.order_by("last_name", "-pk").values_list("pk", flat=True))
