"""The default route: free text becomes a consultation (or a note in a consultation's thread); the intake
dialog asks for what is missing. A message that is not a DX consultation (対象外) is answered with where to go
instead (bot/handlers/scope_answer.py) and creates nothing."""

from dataclasses import replace

from bot.deps import Deps
from bot.domain.consultation import Consultation, Note, role_of
from bot.domain.departments import plausible_department
from bot.domain.errors import DepartmentUnknown
from bot.domain.intake import MAX_BODY_CHARS, Draft, Missing, clean_text, missing, too_long
from bot.domain.scope import turned_away_id_of
from bot.handlers.scope_answer import out_of_scope_topic, turn_away
from bot.handlers.views import both_cards, tell_requester
from bot.services import channels, intake, notes, people, status, turned_away
from bot.texts import t
from bot.turn import Actor, MessageInput, Reply


async def take_in(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    if message.reply_in_thread:
        thread = await status.find_by_thread(deps.uow, message.place.conversation_id)
        if thread is not None:
            return await record_reply(actor, message, thread, deps)
    if not message.mentioned and not await _unmentioned_intake(message, deps):
        return Reply()  # a channel post not meant for the bot
    if too_long(message.text):
        return Reply.message(t("intake.too_long", actor.locale, length=len(message.text), limit=MAX_BODY_CHARS))
    body = clean_text(message.text)
    if not body:
        return Reply.message(t("intake.empty", actor.locale))
    if (topic := out_of_scope_topic(body, deps)) is not None:
        return await turn_away(actor, message, body, topic, deps)
    draft = Draft(body=body, department="", place=message.place, source_id=message.activity_id)
    if Missing.DETAILS not in missing(draft):
        # The usual request: the remembered department is read in the creating transaction (one unit of work).
        # None remembered: a 1:1 request asks for it, the directory may know it; a channel request is taken as it is.
        required = message.personal or deps.directory is not None
        try:
            return await create(actor, draft, deps, department_remembered=True, department_required=required)
        except DepartmentUnknown:
            pass  # nothing was written
    draft = replace(draft, department=await known_department(actor, deps))
    needs = missing(draft)
    if not message.personal and Missing.DETAILS not in needs:
        needs = []  # in a channel, a clear request is taken at once: asking would need an @mention to answer
    if needs:
        return Reply(ask=tuple(needs), draft=draft)
    return await create(actor, draft, deps, department_known=True)


async def _unmentioned_intake(message: MessageInput, deps: Deps) -> bool:
    """A channel post without @mention is a consultation only with RSC enabled, in an intake channel, top level."""
    if not deps.channel_messages_without_mention or message.reply_in_thread or not message.place.channel_id:
        return False
    return await channels.is_intake_channel(deps.uow, message.place.channel_id, deps.configured_channels)


async def record_reply(actor: Actor, message: MessageInput, c: Consultation, deps: Deps) -> Reply:
    """A reply in a consultation's thread is a note; a support-team reply is forwarded to the requester."""
    body = clean_text(message.text)[: notes.MAX_NOTE_CHARS]
    if not body:
        return Reply()
    role = role_of(actor.id, c, is_support=actor.is_support)
    note = Note(c.id, actor.person, role, body, deps.clock.now())
    added = await notes.add_note(deps.uow, note, source_id=message.activity_id)
    if not added or not actor.is_support:
        return Reply()
    return Reply(notices=tell_requester(c, actor, "notify.reply", name=actor.person.name, excerpt=body[:200]))


async def known_department(actor: Actor, deps: Deps) -> str:
    """The department remembered for this person, else the directory's (Microsoft Graph), remembered from then on.
    A remembered "department" that is no department's name (a request stored before answers were checked) counts
    as unknown, so it is asked for again. The directory's display name goes to the people store."""
    department = await intake.department_of(deps.uow, actor.id)
    if not plausible_department(department):
        department = ""
    if department or deps.directory is None:
        return department
    entry = await deps.directory.lookup(actor.id)
    if entry is not None and entry.display_name:
        await people.remember(deps.uow, [replace(actor.person, name=entry.display_name)], deps.clock.now(), deps.names)
    if entry is None or not entry.department:
        return ""
    await intake.remember_department(deps.uow, actor.id, entry.department, deps.clock.now())
    return entry.department


async def create(
    actor: Actor,
    draft: Draft,
    deps: Deps,
    *,
    department_known: bool = False,
    department_remembered: bool = False,
    department_required: bool = True,
    notice: str = "",
) -> Reply:
    """Create the consultation and answer with its status card (also used by the intake dialog and the form).
    `department_known`: the draft's department is the one already remembered for the requester;
    `department_remembered`: the draft has none, the remembered one is read in the creating transaction (none
    remembered: DepartmentUnknown, nothing written, unless `department_required` is False); `notice` is shown on
    the card and after the text."""
    c, fresh = await intake.create_consultation(
        deps.uow,
        draft,
        actor.person,
        classify=deps.classify,
        now=deps.clock.now(),
        tz=deps.tz,
        remember_department=not department_known,
        department_remembered=department_remembered,
        department_required=department_required,
    )
    if fresh and (turned_away_id := turned_away_id_of(draft.source_id)) is not None:
        await turned_away.mark_registered(deps.uow, turned_away_id, deps.clock.now())  # 対象外, registered after all
    text = t("notice.created", actor.locale, number=c.number)
    card, shared = await both_cards(c, actor, deps, notice)
    return Reply(
        text=f"{text}\n{notice}" if notice else text,
        card=card,
        shared_card=shared,
        consultation_id=c.id,
    )
