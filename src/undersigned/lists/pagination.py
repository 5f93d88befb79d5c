"""Pages of a list by position ranges, so a deep page costs what the first one costs.

Positions are unique, gapless and never reused (signatures/services.py), so page ``k``
of a list shown ``size`` entries a page is simply positions ``(k−1)·size+1 … k·size``:
a range of the (declaration, status, position) index, read in order. Django's paginator
would count the whole list for the number of pages and skip ``(k−1)·size`` rows with
``OFFSET`` for page ``k`` — over a million signatures, tens of milliseconds for the
count and a scan that grows with the page number. Here the number of pages comes from
the highest position (one index lookup, usually already read with the validators:
lists/validators.py). A withdrawn signature leaves a hole in its page rather than
pulling the next pages' entries forward, so every entry keeps its page as it keeps its
number, and a page's content changes only when an entry in its range does.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property


class PositionPaginator(Paginator[Any]):
    """Page ``k`` holds positions ``(k−1)·per_page+1 … k·per_page`` of ``object_list``
    (a queryset ordered by position); ``last_position`` is the highest position it may
    hold, which sets the number of pages."""

    def __init__(
        self, object_list: QuerySet[Any, Any], per_page: int, *, last_position: int
    ) -> None:
        super().__init__(object_list, per_page, allow_empty_first_page=True)
        self.rows = object_list
        self.last_position = max(0, last_position)

    @cached_property
    def count(self) -> int:
        # What the page numbers are made of: positions, holes included.
        return self.last_position

    def page(self, number: Any) -> Page[Any]:
        number = self.validate_number(number)
        after = (number - 1) * self.per_page
        rows = self.rows.filter(position__gt=after, position__lte=after + self.per_page)
        return Page(rows, number, self)
