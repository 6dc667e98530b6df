"""Pagination without COUNT(*): big archives page by "newer / older", as news sites do.

Counting every article of a section on every request costs more than rendering the
page; fetching one row past the page tells whether an older page exists.
"""

from __future__ import annotations

from django.http import Http404

MAX_PAGE = 10_000


class Page:
    def __init__(self, queryset, number: int, size: int) -> None:
        offset = (number - 1) * size
        rows = list(queryset[offset : offset + size + 1])
        self.object_list = rows[:size]
        self.number = number
        self._has_next = len(rows) > size

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)

    def has_next(self) -> bool:
        return self._has_next

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_next() or self.has_previous()

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def page_number(raw: str | None) -> int:
    """A page number from the query string; anything else is a 404, never a 500."""
    if raw is None or raw == "":
        return 1
    if not raw.isdigit() or len(raw) > 6 or not 1 <= int(raw) <= MAX_PAGE:
        raise Http404("No such page")
    return int(raw)


class CountlessPaginationMixin:
    """For MultipleObjectMixin views: the same context names, without the COUNT query."""

    def paginate_queryset(self, queryset, page_size):
        page = Page(queryset, page_number(self.request.GET.get("page")), page_size)
        if page.number > 1 and not page.object_list:
            raise Http404("No such page")
        return (None, page, page.object_list, page.has_other_pages())
