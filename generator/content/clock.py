"""The build moment: the one clock reading that decides what a build publishes.

``SOURCE_DATE_EPOCH`` (reproducible builds, and tests) wins over the system clock, so two
builds of the same content at the same stated moment publish exactly the same entries.
"""

from __future__ import annotations

import datetime as dt
import os

from generator.content.model import BEIJING


def build_moment() -> dt.datetime:
    """SOURCE_DATE_EPOCH when set, else now; time-zone aware (Beijing time)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).astimezone(BEIJING)
    return dt.datetime.now(tz=BEIJING)


def start_of(day: dt.date) -> dt.datetime:
    """The first moment of ``day`` in Beijing time."""
    return dt.datetime.combine(day, dt.time(0), tzinfo=BEIJING)


def shown(moment: dt.datetime) -> str:
    """A moment as the site and the messages print it: 2026-12-01 09:00（北京时间）."""
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M") + "（北京时间）"
