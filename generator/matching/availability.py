"""Weekly availability slots as sets of quarter hours in UTC, so people in different time zones compare.

Input: slot names such as ``mon-am`` (09:00–13:00 local) or ``fri-pm`` (13:00–17:00 local), an IANA
time zone and the date the offset is taken on (the cohort's start).
Output: a bit mask over the 672 quarter hours of a UTC week, and overlap in hours.
"""

from __future__ import annotations

import datetime
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS = {"am": (9 * 60, 13 * 60), "pm": (13 * 60, 17 * 60)}
SLOT_PATTERN = re.compile(rf"^({'|'.join(DAYS)})-({'|'.join(PARTS)})$")
QUARTER = 15
WEEK_QUARTERS = 7 * 24 * 60 // QUARTER


def is_slot(name: str) -> bool:
    """Whether ``name`` is a slot such as ``mon-am``."""
    return bool(SLOT_PATTERN.match(name))


def zone(name: str) -> ZoneInfo | None:
    """The IANA time zone called ``name``, or None if there is no such zone."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def utc_offset_minutes(timezone: ZoneInfo, on: datetime.date) -> int:
    """The zone's offset from UTC at noon on ``on``, in minutes."""
    offset = datetime.datetime.combine(on, datetime.time(12), timezone).utcoffset()
    return int(offset.total_seconds() // 60) if offset else 0


def week_mask(slots: tuple[str, ...], timezone: ZoneInfo, on: datetime.date) -> int:
    """The UTC quarter hours covered by ``slots`` (valid slot names) as a bit mask."""
    offset = utc_offset_minutes(timezone, on)
    mask = 0
    for slot in slots:
        day, part = slot.split("-")
        begin, end = PARTS[part]
        base = DAYS.index(day) * 24 * 60 - offset
        for minute in range(base + begin, base + end, QUARTER):
            mask |= 1 << ((minute // QUARTER) % WEEK_QUARTERS)
    return mask


def hours(mask: int) -> float:
    """Hours covered by a mask."""
    return mask.bit_count() * QUARTER / 60
