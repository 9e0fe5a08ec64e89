"""Pages of a costly query: the page and the count from one pass (phân trang).

Used where counting the rows costs as much as finding them (the search page,
``docs/benchmarks.md``); elsewhere ``Paginator.get_page`` is simpler and as fast.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, QuerySet, Window

MAX_PAGE = 10**9
"""A page number beyond this is past the end without asking (an offset the database refuses)."""


def counted_page(results: QuerySet[Any], number: int | str | None, per_page: int) -> Page[Any]:
    """Page ``number`` of ``results`` and how many there are, from one pass over them.

    For a search, finding and ranking the matches is the whole cost, and ``Paginator`` pays it
    twice: a ``COUNT`` and then the page. Here one query returns the page's ids in order with the
    count beside them (``count(*) OVER ()``, over ids and sort keys only), and the page's rows
    are then read by id. A page number that is not a number is page 1; one past either end
    (no rows, so no count; or absurdly far) falls back to ``count()`` and the last page, as
    ``Paginator.get_page`` does.
    """
    paginator: Paginator[Any] = Paginator(results, per_page)
    try:
        wanted = int(str(number))
    except ValueError:
        wanted = 1

    def ids_and_total(page_number: int) -> list[tuple[int, int]]:
        start = (page_number - 1) * per_page
        counted = results.annotate(search_total=Window(Count("*")))
        return list(counted.values_list("pk", "search_total")[start : start + per_page])

    found = ids_and_total(wanted) if 1 <= wanted <= MAX_PAGE else []
    if found:
        paginator.__dict__["count"] = found[0][1]
    else:
        paginator.__dict__["count"] = 0 if wanted == 1 else results.count()
        wanted = paginator.num_pages
        found = ids_and_total(wanted) if paginator.count else []
    ids = [pk for pk, _total in found]
    rows = results.model._default_manager.filter(pk__in=ids)
    rows.query.select_related = results.query.select_related
    by_id = {row.pk: row for row in rows}
    return Page([by_id[pk] for pk in ids], wanted, paginator)
