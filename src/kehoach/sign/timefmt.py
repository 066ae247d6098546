"""Times as the decree writes them: Vietnam time (UTC+07:00, no daylight saving), ISO 8601."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

VIETNAM = timezone(timedelta(hours=7), "ICT")


def vn_time(moment: datetime) -> str:
    """`2024-03-29T10:15:30+07:00`: the moment in Vietnam time, to the second (a naive
    datetime is taken as UTC, as X.509 and CMS times are)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(VIETNAM).isoformat(timespec="seconds")
