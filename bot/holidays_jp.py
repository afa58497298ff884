"""Japan's national holidays from the `holidays` library (substitute and citizens' holidays included), as the
domain's HolidaySource; and the business-day calendar and ageing rules the settings describe."""

from datetime import date

import holidays

from bot.domain.ageing import AgeingRules
from bot.domain.business_days import BusinessCalendar, Closure
from bot.settings import Settings

LIBRARY = f"holidays {holidays.__version__}"


class JapaneseHolidays:
    """Implements bot.domain.business_days.HolidaySource; years are loaded as they are asked for."""

    def __init__(self) -> None:
        self._days = holidays.country_holidays("JP", language="ja")

    def holiday_name(self, day: date) -> str | None:
        return self._days.get(day)


def business_calendar(settings: Settings) -> BusinessCalendar:
    return BusinessCalendar(JapaneseHolidays(), Closure.parse(settings.closure_days))


def ageing_rules(settings: Settings) -> AgeingRules:
    return AgeingRules(
        business_calendar(settings),
        unassigned_days=settings.ageing_unassigned_days,
        on_hold_days=settings.ageing_on_hold_days,
        due_days=settings.ageing_due_days,
    )
