"""When the weekly summary is due: a weekday and local time in a time zone (Japan has no daylight saving)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo


@dataclass(frozen=True)
class WeeklySchedule:
    weekday: int  # 0 = Monday
    at: time
    tz: tzinfo

    @classmethod
    def parse(cls, weekday: int, hhmm: str, tz: tzinfo) -> "WeeklySchedule":
        hours, minutes = (int(part) for part in hhmm.split(":"))
        return cls(weekday, time(hours, minutes), tz)


def latest_slot(now: datetime, schedule: WeeklySchedule) -> datetime:
    """The most recent scheduled moment at or before `now` (aware, in the schedule's zone)."""
    local = now.astimezone(schedule.tz)
    day: date = local.date() - timedelta(days=(local.weekday() - schedule.weekday) % 7)
    slot = datetime.combine(day, schedule.at, tzinfo=schedule.tz)
    return slot if slot <= local else slot - timedelta(days=7)


def next_slot(now: datetime, schedule: WeeklySchedule) -> datetime:
    """The first scheduled moment strictly after `now`."""
    return latest_slot(now, schedule) + timedelta(days=7)


def reported_week_start(slot: datetime) -> date:
    """A slot reports on the Monday–Sunday week before the slot's own week."""
    local = slot.date()
    this_monday = local - timedelta(days=local.weekday())
    return this_monday - timedelta(days=7)
