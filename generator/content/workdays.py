"""Working days by the State Council's holiday schedule, with its adjusted work days (调休).

The packaged calendar (``chinesecalendar``) ends at the last year the State Council had
published when it was released; a site adds later years in ``content/holidays.yml``. A date
that neither covers is counted Monday to Friday and reported, so the caller can warn.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import chinese_calendar

_PACKAGED_YEARS = frozenset(
    {d.year for d in chinese_calendar.holidays} | {d.year for d in chinese_calendar.workdays}
)
PACKAGED_FIRST = min(_PACKAGED_YEARS)
PACKAGED_LAST = max(_PACKAGED_YEARS)


@dataclass
class WorkCalendar:
    """The packaged calendar, overridden year by year by a site's own ``holidays.yml``."""

    extra_holidays: dict[int, frozenset[dt.date]] = field(default_factory=dict)
    extra_workdays: dict[int, frozenset[dt.date]] = field(default_factory=dict)

    def knows(self, year: int) -> bool:
        return year in self.extra_holidays or PACKAGED_FIRST <= year <= PACKAGED_LAST

    def is_workday(self, day: dt.date) -> bool:
        year = day.year
        if year in self.extra_holidays:
            if day in self.extra_workdays.get(year, frozenset()):
                return True
            return day.weekday() < 5 and day not in self.extra_holidays[year]
        if PACKAGED_FIRST <= year <= PACKAGED_LAST:
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5

    def workdays_after(self, start: dt.date, end: dt.date) -> tuple[int, list[int]]:
        """Working days in ``(start, end]`` and the years that were counted without data."""
        if end <= start:
            return 0, []
        count = 0
        unknown: set[int] = set()
        day = start + dt.timedelta(days=1)
        one = dt.timedelta(days=1)
        while day <= end:
            if not self.knows(day.year):
                unknown.add(day.year)
            if self.is_workday(day):
                count += 1
            day += one
        return count, sorted(unknown)
