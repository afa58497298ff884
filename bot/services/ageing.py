"""Ageing on business days: the report of open consultations on a day, the support team's daily digest (one claim
per day and channel in SQL, like the weekly summary) and the assignees' nudges (one claim per consultation and
business day: the nudges table's primary key)."""

import logging
from collections.abc import Callable, Sequence
from datetime import date, datetime, tzinfo
from typing import Any

from bot.domain.ageing import Aged, AgeingReport, AgeingRules, report
from bot.domain.daily_schedule import DailySchedule, digest_key, due_day
from bot.domain.people import Names, ids_of
from bot.domain.ports import ChannelPoster, ChannelSetting, Notifier, Recipient, SupportRoster, UnitOfWorkFactory
from bot.services import channels, people
from bot.services.claimed_posts import post_once

log = logging.getLogger("consult.ageing")

DigestCard = Callable[[AgeingReport, Names], dict[str, Any]]
NudgeText = Callable[[Sequence[Aged], date], str]  # (their flagged consultations, the business day)


async def ageing_report(uow: UnitOfWorkFactory, rules: AgeingRules, *, now: datetime, tz: tzinfo) -> AgeingReport:
    """Every open consultation assessed on `now`'s local date."""
    async with uow() as u:
        open_consultations = await u.ageing.open_consultations()
        held = await u.ageing.on_hold_since()
    return report(open_consultations, today=now.astimezone(tz).date(), rules=rules, tz=tz, on_hold_since=held)


async def report_names(uow: UnitOfWorkFactory, r: AgeingReport) -> Names:
    """The display names of the flagged consultations' assignees."""
    return await people.names(uow, ids_of(a.consultation.assignee for a in r.flagged))


async def digest_channels(
    uow: UnitOfWorkFactory, configured: Sequence[ChannelSetting], digest_channel_id: str
) -> list[str]:
    """DIGEST_CHANNEL_ID when set, else the summary channels (設定 集計 or SUMMARY_CHANNEL_ID)."""
    if digest_channel_id:
        return [digest_channel_id]
    found = [s.channel_id for s in await channels.all_settings(uow, configured) if s.purpose == channels.SUMMARY]
    return list(dict.fromkeys(found))


async def send_digest(
    uow: UnitOfWorkFactory,
    poster: ChannelPoster,
    card_for: DigestCard,
    *,
    now: datetime,
    schedule: DailySchedule,
    rules: AgeingRules,
    targets: Sequence[str],
) -> int:
    """Post today's digest to each target channel that has not had it, once the day's slot has come (the same day's
    catch-up included); nothing on a weekend, holiday or closure day, and nothing when nothing is flagged.
    Returns how many were posted. Safe on several instances: the claim "digest:YYYY-MM-DD" decides who posts."""
    day = due_day(now, schedule)
    if day is None or not targets:
        return 0
    r = await ageing_report(uow, rules, now=now, tz=schedule.tz)
    if not r.flagged:
        log.info("ageing digest: nothing flagged", extra={"day": day.isoformat()})
        return 0
    card = card_for(r, await report_names(uow, r))
    key = digest_key(day)
    posted = [await post_once(uow, poster, key, c, card, now, what="ageing digest") for c in targets]
    return sum(posted)


async def send_nudges(
    uow: UnitOfWorkFactory,
    notifier: Notifier,
    roster: SupportRoster,
    text_for: NudgeText,
    *,
    now: datetime,
    schedule: DailySchedule,
    rules: AgeingRules,
) -> int:
    """Each assignee gets one 1:1 message about their flagged consultations that nobody has nudged them about today
    (each claimed in the nudges table first, so two instances never nudge twice). Returns the messages sent."""
    day = due_day(now, schedule)
    if day is None:
        return 0
    r = await ageing_report(uow, rules, now=now, tz=schedule.tz)
    mine = r.for_assignee()
    if not mine:
        return 0
    async with uow(standalone=True) as u:
        teams_ids = dict(await u.ageing.teams_ids(mine))
    teams_ids.update({m.id: m.teams_id for m in await roster.members() if m.teams_id})
    sent = 0
    for person_id, items in mine.items():
        async with uow() as u:
            claimed = [a for a in items if await u.ageing.claim_nudge(a.consultation.id, day, person_id, now)]
        if not claimed:
            continue
        first = claimed[0].consultation
        recipient = Recipient(
            person_id=person_id,
            teams_id=teams_ids.get(person_id, ""),
            tenant_id=first.place.tenant_id,
            via_conversation_id=first.place.conversation_id,
        )
        if await notifier.notify(recipient, text_for(claimed, day)):
            sent += 1
        else:
            log.warning("ageing nudge not delivered now", extra={"person_id": person_id})
    return sent
