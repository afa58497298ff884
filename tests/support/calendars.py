"""Business-day calendars for tests: the real Japanese holidays (the `holidays` library through the app's adapter)
and the default closure 12/29–1/3, plus a holiday source with named days only, for rules that need no library."""

from collections.abc import Mapping
from datetime import date

from bot.domain.ageing import AgeingRules
from bot.domain.business_days import BusinessCalendar, Closure
from bot.holidays_jp import JapaneseHolidays

CITY_CLOSURE = "12-29..01-03"


def city_calendar(closure: str = CITY_CLOSURE) -> BusinessCalendar:
    return BusinessCalendar(JapaneseHolidays(), Closure.parse(closure))


def city_rules(unassigned: int = 2, on_hold: int = 10, due: int = 2) -> AgeingRules:
    return AgeingRules(city_calendar(), unassigned_days=unassigned, on_hold_days=on_hold, due_days=due)


class NamedHolidays:
    """A HolidaySource with the given days only."""

    def __init__(self, days: Mapping[date, str]) -> None:
        self.days = dict(days)

    def holiday_name(self, day: date) -> str | None:
        return self.days.get(day)
