"""When the daily ageing digest is due: a local time on business days only (never a weekend, holiday or closure
day), with its period key for the once-only claim."""

from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo

from bot.domain.business_days import BusinessCalendar

DIGEST_PREFIX = "digest:"


@dataclass(frozen=True)
class DailySchedule:
    at: time
    tz: tzinfo
    calendar: BusinessCalendar

    @classmethod
    def parse(cls, hhmm: str, tz: tzinfo, calendar: BusinessCalendar) -> "DailySchedule":
        hours, minutes = (int(part) for part in hhmm.split(":"))
        return cls(time(hours, minutes), tz, calendar)

    def slot(self, day: date) -> datetime:
        return datetime.combine(day, self.at, tzinfo=self.tz)


def due_day(now: datetime, schedule: DailySchedule) -> date | None:
    """Today's business day when its slot has come (catch-up later the same day included), else None."""
    local = now.astimezone(schedule.tz)
    today = local.date()
    if schedule.calendar.is_business_day(today) and schedule.slot(today) <= local:
        return today
    return None


def next_run(now: datetime, schedule: DailySchedule) -> datetime:
    """The first slot strictly after `now` on a business day."""
    local = now.astimezone(schedule.tz)
    day = local.date()
    if schedule.calendar.is_business_day(day) and schedule.slot(day) > local:
        return schedule.slot(day)
    return schedule.slot(schedule.calendar.next_business_day(day))


def digest_key(day: date) -> str:
    """The claim's period key in summary_runs: "digest:2027-05-06"."""
    return f"{DIGEST_PREFIX}{day.isoformat()}"
