"""Lists that stay bounded whatever the caseload: a page of rows and a count that stops counting.

Counting every visible row of a state's caseload (`COUNT(*)` over a million cases) costs more
than the page itself, and nobody reads "1,000,000 cases" differently from "10,000+ cases". So a
count stops at a cap and says so, and a page knows whether another follows by reading one row
more, not by counting them all. Page links go as far as there are rows.
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _

# Counts shown on lists stop here ("10,000+").
LIST_COUNT_CAP = 10_000
# Counts shown on the home pages' sections stop here ("1,000+").
SECTION_COUNT_CAP = 1_000


@dataclass(frozen=True)
class Tally:
    """How many rows there are, up to a cap: `capped` when there are more than `number`."""

    number: int
    capped: bool = False

    def __str__(self) -> str:
        shown = number_format(self.number, force_grouping=True)
        return _("%(number)s+") % {"number": shown} if self.capped else shown

    def __int__(self) -> int:
        return self.number

    def __bool__(self) -> bool:
        return self.number > 0


def tally(queryset, cap: int = SECTION_COUNT_CAP) -> Tally:
    """Count at most `cap` + 1 rows (`SELECT count(*) FROM (... LIMIT cap + 1)`)."""
    # Unordered: which rows are counted does not change how many there are, up to the cap.
    found = queryset.order_by()[: cap + 1].count()
    return Tally(cap, True) if found > cap else Tally(found)


def page_number(value) -> int:
    """The page asked for: a whole number from 1; anything else is page 1 (a link, not an error)."""
    try:
        number = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= 1_000_000 else 1


@dataclass
class Page:
    """One page of a list: its rows, its number, whether others come before or after it, and
    the list's count (capped). Shaped like Django's Page for the templates."""

    object_list: list
    number: int
    count: Tally
    has_next: bool
    per_page: int = 25

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.has_previous or self.has_next

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def num_pages(self) -> int | None:
        """None when the count was capped: the last page is not known without counting."""
        if self.count.capped:
            return None
        return max(1, -(-self.count.number // self.per_page))

    @property
    def paginator(self) -> "Page":
        """Templates written for Django's pages read `page.paginator.num_pages`."""
        return self

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


def paginate(queryset, number, *, per_page: int = 25, cap: int = LIST_COUNT_CAP, counted=None) -> Page:
    """The page `number` of an ordered queryset. Past the end: the last page (counted), or page 1
    when the count was capped and the page is empty. `counted`: the same rows as a plain
    queryset, cheaper to count than one carrying annotations for display."""
    number = page_number(number)
    count = tally(queryset if counted is None else counted, cap)
    if not count.capped:
        last = max(1, -(-count.number // per_page))
        number = min(number, last)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    if not rows and number > 1:
        number, start = 1, 0
        rows = list(queryset[: per_page + 1])
    return Page(rows[:per_page], number, count, len(rows) > per_page, per_page)
