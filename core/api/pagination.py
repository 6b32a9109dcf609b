"""The one pagination of the API: `count`, `next`, `previous`, `results`."""

from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """`?page=` and `?page_size=` (default REST_FRAMEWORK["PAGE_SIZE"], at most 500).

    A page past the end answers 404 with `detail`, like every other error.
    """

    page_size_query_param = "page_size"
    max_page_size = 500
