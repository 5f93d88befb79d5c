"""A paginator told its count, so a page of a long list does not count the whole list."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.utils.functional import cached_property


class CountedPaginator(Paginator[Any]):
    """Django's paginator with the count given (from the counters) instead of counted.

    ``COUNT(*)`` over a million signatures costs tens of milliseconds on every page
    view; the counter plus the tail since its last run costs an index range. Right
    after a withdrawal the count may be one too high until the counter job runs, which
    makes the last page one entry short, never hides an entry.
    """

    def __init__(self, object_list: Any, per_page: int, *, count: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count
