from __future__ import annotations

import datetime as dt

from generator.content.workdays import PACKAGED_LAST, WorkCalendar

D = dt.date


def test_national_day_2020_is_exactly_three_working_days() -> None:
    # 10-01..10-08 off; 10-09 (Fri), 10-10 (Sat, 调休) and 10-12 (Mon) are working days
    assert WorkCalendar().workdays_after(D(2020, 9, 30), D(2020, 10, 12)) == (3, [])


def test_plain_monday_to_friday_count_would_be_wrong() -> None:
    plain = sum(1 for i in range(1, 13) if (D(2020, 9, 30) + dt.timedelta(days=i)).weekday() < 5)
    assert plain == 8  # what a naive count says; the rule must not use it


def test_spring_festival_adjusted_workday() -> None:
    cal = WorkCalendar()
    assert cal.is_workday(D(2024, 2, 4))  # Sunday, 调休 work day
    assert not cal.is_workday(D(2024, 2, 12))  # Monday, 春节 holiday


def test_same_day_and_reverse_order() -> None:
    cal = WorkCalendar()
    assert cal.workdays_after(D(2024, 3, 4), D(2024, 3, 4)) == (0, [])
    assert cal.workdays_after(D(2024, 3, 4), D(2024, 3, 1)) == (0, [])


def test_site_supplied_year_and_unknown_years() -> None:
    year = PACKAGED_LAST + 1
    cal = WorkCalendar()
    count, unknown = cal.workdays_after(D(year, 1, 1), D(year, 1, 8))
    assert unknown == [year]
    assert count == sum(1 for i in range(2, 9) if D(year, 1, i).weekday() < 5)
    cal.extra_holidays[year] = frozenset({D(year, 1, 4), D(year, 1, 5)})
    cal.extra_workdays[year] = frozenset({D(year, 1, 2)})
    assert cal.knows(year)
    assert not cal.is_workday(D(year, 1, 4))
    assert cal.is_workday(D(year, 1, 2))
