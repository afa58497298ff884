"""What handler unit tests share: the people of the desk, turns (messages and clicks) as the Teams edge would build
them, consultations stored in the in-memory database, and the text a user sees on a card."""

from datetime import datetime
from typing import Any

from bot.deps import Deps
from bot.domain.category import Category
from bot.domain.consultation import CategorySource, Consultation, Event, EventKind, Outcome, Person, Place, Status
from bot.domain.fiscal_year import consultation_number, fiscal_year_at
from bot.routing import split_command
from bot.turn import Actor, CardAction, MessageInput, Reply
from tests.support import cards
from tests.support.memory import RecordingNotifier

REQUESTER = Person("aad-requester", "山田 花子", "29:requester")
OTHER_REQUESTER = Person("aad-requester-2", "高橋 四郎", "29:requester-2")
SUPPORT = Person("aad-support", "佐藤 一郎", "29:support")
COLLEAGUE = Person("aad-colleague", "鈴木 次郎", "29:colleague")  # another support-team member
OUTSIDER = Person("aad-outsider", "田中 三郎", "29:outsider")  # neither the requester nor the support team
TEAM = (SUPPORT, COLLEAGUE)

DM = Place(conversation_id="a:dm-requester", tenant_id="tenant-1")
CHANNEL_THREAD = Place(
    conversation_id="19:intake@thread.tacv2;messageid=1700000000000",
    channel_id="19:intake@thread.tacv2",
    thread_id="1700000000000",
    tenant_id="tenant-1",
    card_activity_id="1700000000000",
)


def actor(person: Person, *, locale: str = "ja") -> Actor:
    """The person as the edge sees them: support-team membership follows TEAM."""
    return Actor(person, locale=locale, is_support=person in TEAM)


def say(text: str, *, place: Place = DM, activity_id: str = "", **flags: Any) -> MessageInput:
    """A message after mention stripping (personal chat unless `personal=False`)."""
    command, args = split_command(text)
    return MessageInput(text=text, command=command, args=args, place=place, activity_id=activity_id, **flags)


def click(verb: str, consultation_id: int | None, *, activity_id: str = "", **inputs: Any) -> CardAction:
    """An Action.Execute on a consultation's card; `inputs` are the card's input values."""
    data = dict(inputs)
    return CardAction(
        verb=verb,
        consultation_id=consultation_id,
        inputs=data,
        card_activity_id=CHANNEL_THREAD.card_activity_id,
        place=CHANNEL_THREAD,
        activity_id=activity_id,
    )


async def given_consultation(
    deps: Deps,
    *,
    requester: Person = REQUESTER,
    title: str = "会議室予約の自動化",
    body: str = "会議室の予約をメールで受けて台帳に転記しています。フォームで自動化したいです。",
    category: Category = Category.APP,
    status: Status = Status.RECEIVED,
    assignee: Person | None = None,
    needs_triage: bool = False,
    department: str = "市民課",
    place: Place = CHANNEL_THREAD,
    created_at: datetime | None = None,
    tags: tuple[str, ...] = (),
) -> Consultation:
    """A consultation stored as intake stores one (the next number of the clock's fiscal year, a CREATED event)."""
    now = created_at or deps.clock.now()
    closed = status.is_closed
    async with deps.uow() as u:
        fy = fiscal_year_at(now, deps.tz)
        seq = await u.consultations.next_seq(fy)
        c = await u.consultations.add(
            Consultation(
                id=0,
                number=consultation_number(fy, seq),
                fiscal_year=fy,
                seq=seq,
                title=title,
                body=body,
                category=category,
                confidence=0.55 if needs_triage else 0.9,
                category_source=CategorySource.AUTO,
                status=status,
                requester=requester,
                department=department,
                created_at=now,
                updated_at=now,
                assignee=assignee,
                closed_at=now if closed else None,
                place=place,
                needs_triage=needs_triage,
                outcome=Outcome("フォームを作成しました", 2.0) if status is Status.DONE else None,
                tags=tags,
            )
        )
        await u.events.add([Event(c.id, EventKind.CREATED, requester.id, requester.name, now, "", Status.RECEIVED)])
        stored = await u.consultations.get(c.id)
    assert stored is not None
    return stored


async def deliver(reply: Reply, deps: Deps) -> RecordingNotifier:
    """Send the reply's 1:1 notices as the Teams edge does after answering; the notifier that got them."""
    notifier = deps.notifier
    assert isinstance(notifier, RecordingNotifier)
    for notice in reply.notices:
        await notifier.notify(notice.recipient, notice.text)
    return notifier


# --- what a user sees on a card ------------------------------------------------------------------------------------


def visible_text(card: dict | None) -> str:
    """The text of the card's TextBlocks and FactSets (a fact as 'title: value'), one per line, as Teams shows it
    (markdown resolved: tests/support/cards.py)."""
    assert card is not None, "no card"
    return cards.visible_text(card)


def card_verbs(card: dict | None) -> set[str]:
    """Every verb a button of the card sends, including those inside Action.ShowCard forms (not the refresh)."""
    assert card is not None, "no card"
    nodes = [*cards.walk(card.get("body", [])), *cards.walk(card.get("actions", []))]
    return {n["verb"] for n in nodes if n.get("type") == "Action.Execute"}
