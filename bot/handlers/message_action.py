"""「相談として登録」: the message action that turns any message into a consultation. fetchTask opens a dialog prefilled
from the message; submitAction creates the consultation as intake does (the same service: classification, number,
first event, remembered department; a text that is not a DX consultation gets the 対象外 answer in the dialog, with
its button registering it after all), then the status card is posted where the command was used and the requester
is told 1:1 (both after the answer, by the host). One consultation per message: a redelivered or repeated submit
finds the first one."""

from dataclasses import replace
from typing import Any

from bot.cards.elements import user_text
from bot.cards.register_card import FIELDS, register_card
from bot.cards.scope_card import where_to_go
from bot.deps import Deps
from bot.domain.app_links import consultation_url
from bot.domain.consultation import Consultation, Person
from bot.domain.departments import plausible_department
from bot.domain.intake import (
    MAX_BODY_CHARS,
    MAX_DEPARTMENT_CHARS,
    MAX_TITLE_CHARS,
    MIN_DETAIL_CHARS,
    Draft,
    clean_text,
    content_length,
    derive_title,
)
from bot.domain.ports import Recipient
from bot.domain.scope import Topic
from bot.domain.stats import normalise_department
from bot.handlers.inputs import text
from bot.handlers.scope_answer import out_of_scope_topic
from bot.handlers.views import shared_card
from bot.routing import Router
from bot.services import departments, intake, people, turned_away
from bot.texts import t
from bot.turn import Actor, ExtensionAnswer, ExtensionInvoke, Notice, Reply, SharedMessage

REGISTER = "registerMessage"  # the manifest's command id (manifest/manifest.template.json)
_LIMITS = {"title": (MAX_TITLE_CHARS, "form.title"), "department": (MAX_DEPARTMENT_CHARS, "form.department")}


def source_of(invoke: ExtensionInvoke) -> str:
    """One consultation per Teams message (whoever registers it, however often)."""
    message_id = invoke.message.message_id if invoke.message else ""
    return f"msgaction:{invoke.place.conversation_id}:{message_id}" if message_id else ""


def candidates(actor: Actor, message: SharedMessage) -> dict[str, tuple[Person, str]]:
    """Who may be the requester, by id, with their label: the author, the person registering, the people
    @mentioned. All of them come from what Teams sent, so a submitted id is checked against the same list."""
    found: dict[str, tuple[Person, str]] = {}
    if message.author is not None:
        found[message.author.id] = (message.author, "register.requester_author")
    found.setdefault(actor.id, (actor.person, "register.requester_me"))
    for person in message.mentioned:
        found.setdefault(person.id, (person, ""))
    return found


def _dialog(
    actor: Actor,
    message: SharedMessage,
    values: dict[str, str],
    error: str = "",
    *,
    out_of_scope: str = "",
    anyway: dict[str, Any] | None = None,
) -> ExtensionAnswer:
    people_ = candidates(actor, message)
    choices = [(t(key, actor.locale, name=p.name) if key else p.name, i) for i, (p, key) in people_.items()]
    card = register_card(
        actor.locale, values=values, requesters=choices, error=error, out_of_scope=out_of_scope, anyway=anyway
    )
    return ExtensionAnswer(dialog=card, title=t("register.dialog_title", actor.locale))


async def remembered_department(deps: Deps, person_id: str) -> str:
    department = await intake.department_of(deps.uow, person_id)
    return department if plausible_department(department) else ""


async def open_dialog(actor: Actor, invoke: ExtensionInvoke, deps: Deps) -> ExtensionAnswer:
    message = invoke.message
    if message is None:
        return ExtensionAnswer(message=t("register.deleted", actor.locale))
    existing = await intake.registered_from(deps.uow, source_of(invoke))
    if existing is not None:
        return ExtensionAnswer(message=t("register.already", actor.locale, number=existing.number))
    requester = message.author or actor.person
    body = clean_text(message.text)[:MAX_BODY_CHARS]
    values = {
        "title": derive_title(body)[:MAX_TITLE_CHARS] if body else "",
        "body": body,
        "requester": requester.id,
        "department": await remembered_department(deps, requester.id),
    }
    return _dialog(actor, message, values)


def _problem(values: dict[str, str], locale: str) -> str:
    for key, (limit, label_key) in _LIMITS.items():
        if len(values[key]) > limit:
            return t("form.too_long", locale, field=t(label_key, locale), limit=limit)
    if not values["body"]:
        return t("register.empty", locale)
    if content_length(values["body"]) < MIN_DETAIL_CHARS:
        return t("form.body_too_short", locale, min=MIN_DETAIL_CHARS)
    return ""


async def register_message(actor: Actor, invoke: ExtensionInvoke, deps: Deps) -> ExtensionAnswer:
    message = invoke.message
    if message is None:
        return ExtensionAnswer(message=t("register.deleted", actor.locale))
    values = {key: text(invoke.inputs, key, limit=MAX_BODY_CHARS + 1) for key in FIELDS}
    chosen = candidates(actor, message).get(values["requester"])
    problem = _problem(values, actor.locale) if chosen else t("register.unknown_requester", actor.locale)
    department = ""
    if not problem and values["department"]:
        checked = await departments.check(deps.uow, values["department"])
        department = checked.name
        if not department:
            key = "form.department_not_in_master" if checked.master else "form.department_invalid"
            problem = t(key, actor.locale)
    if not problem and chosen and not await people.reachable(deps.uow, chosen[0]):
        problem = t("register.unreachable", actor.locale, name=chosen[0].name)
    shown = {k: v[:MAX_BODY_CHARS] for k, v in values.items()}
    if problem or chosen is None:
        return _dialog(actor, message, shown, problem)
    anyway = invoke.inputs.get("anyway") is True
    if not anyway and (topic := out_of_scope_topic(values["body"], deps)) is not None:
        return await _turned_away(actor, invoke, message, shown, topic, deps)
    turned_away_id = _turned_away_id(invoke.inputs.get("turned_away_id")) if anyway else None
    return await _create(actor, invoke, chosen[0], values, department, deps, turned_away_id)


async def _turned_away(
    actor: Actor, invoke: ExtensionInvoke, message: SharedMessage, shown: dict[str, str], topic: Topic, deps: Deps
) -> ExtensionAnswer:
    """対象外, as intake answers it (bot/handlers/scope_answer.py): where to go instead, the turn-away recorded by topic
    only (once per message); the dialog stays open, its button registering the message after all."""
    recorded = await turned_away.record(deps.uow, topic, activity_id=source_of(invoke), now=deps.clock.now())
    contacts = deps.out_of_scope
    if topic is Topic.GREETING or contacts is None:
        said = t("scope.greeting", actor.locale)
    else:
        said = where_to_go(topic, contacts, actor.locale)
    anyway: dict[str, Any] = {"anyway": True, "turned_away_id": recorded}
    return _dialog(actor, message, shown, out_of_scope=said, anyway=anyway)


def _turned_away_id(raw: Any) -> int | None:
    return raw if isinstance(raw, int) and not isinstance(raw, bool) and 0 < raw < 2**31 else None


async def _create(
    actor: Actor,
    invoke: ExtensionInvoke,
    requester: Person,
    values: dict[str, str],
    department: str,
    deps: Deps,
    turned_away_id: int | None = None,
) -> ExtensionAnswer:
    """Created as intake creates (bot/services/intake.py). A department typed here that differs from the one
    remembered for the requester is remembered, as the form does. `turned_away_id`: the 対象外 row of this message,
    marked registered after all."""
    remembered = await remembered_department(deps, requester.id)
    changed = bool(department) and normalise_department(department) != normalise_department(remembered)
    draft = Draft(
        body=values["body"],
        title=values["title"],
        department=department or remembered,
        place=invoke.place,
        source_id=source_of(invoke),
    )
    c, created = await intake.create_consultation(
        deps.uow,
        draft,
        requester,
        classify=deps.classify,
        now=deps.clock.now(),
        tz=deps.tz,
        remember_department=changed,
    )
    if not created:  # a redelivery, or the message was registered meanwhile: nothing is posted or sent twice
        return ExtensionAnswer(message=t("register.already", actor.locale, number=c.number))
    if turned_away_id is not None:
        await turned_away.mark_registered(deps.uow, turned_away_id, deps.clock.now())
    card = await shared_card(c, actor.locale, deps)
    post = Reply(text=t("notice.created", actor.locale, number=c.number), card=card, consultation_id=c.id)
    return ExtensionAnswer(
        message=t("register.done", actor.locale, number=c.number), post=post, notices=_tell(c, actor, deps)
    )


def _tell(c: Consultation, actor: Actor, deps: Deps) -> tuple[Notice, ...]:
    """The requester hears of it 1:1, with the consultation's link when the app has a public URL."""
    own = actor.id == c.requester.id
    key = "notify.registered_own_message" if own else "notify.registered_from_message"
    text = t(key, "ja", by=user_text(actor.person.name), number=c.number, title=user_text(c.title[:60]))
    if url := consultation_url(deps.public_base_url, c.number):
        text += t("notify.consultation_link", "ja", url=url)
    requester = replace(c.requester, teams_id=c.requester.teams_id or (actor.person.teams_id if own else ""))
    recipient = Recipient(
        person_id=requester.id,
        teams_id=requester.teams_id,
        tenant_id=c.place.tenant_id,
        via_conversation_id=c.place.conversation_id,
    )
    return (Notice(recipient, text),)


def register(router: Router) -> None:
    router.extension("fetchTask", REGISTER, open_dialog)
    router.extension("submitAction", REGISTER, register_message)
