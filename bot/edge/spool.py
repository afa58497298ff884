"""While the database is down, a consultation's text is kept in a local spool (one JSON file per Teams activity)
and taken in when the database is back; the requester then gets the status card in the same conversation. The same
on both hosts: each gives its SDK's conversation reference of an activity, and its transport to answer through.
A kept text that is not a DX consultation (対象外) gets the 対象外 answer instead, and nothing is created."""

import asyncio
import functools
import hashlib
import json
import logging
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.deps import Deps
from bot.domain.consultation import Person, Place
from bot.domain.intake import Draft, clean_text
from bot.edge.notify import Transport, retrying
from bot.handlers.intake import create, known_department
from bot.handlers.scope_answer import out_of_scope_topic, turn_away
from bot.routing import Router
from bot.services import intake
from bot.texts import locale_of
from bot.turn import Actor, MessageInput, Reply

log = logging.getLogger("consult.spool")
POLL_SECONDS = 15.0


def spool_candidate(router: Router, activity: Any, message: MessageInput) -> Actor | None:
    """The sender, when this message is a new consultation the spool may keep (not a command, not a reply in a
    thread, not a card submit); else None."""
    if not message.text.strip() or not message.mentioned:
        return None
    if router.is_command(message.command) or message.reply_in_thread or activity.value:
        return None
    sender = activity.from_property
    person = Person(getattr(sender, "aad_object_id", None) or sender.id, sender.name or "", sender.id)
    return Actor(person, locale_of(activity.locale))


async def _turned_away(actor: Actor, record: dict[str, Any], deps: Deps) -> Reply | None:
    """The 対象外 answer of a kept text that is not a DX consultation (as the intake would have given it had the
    database been up), or None for a consultation."""
    body = clean_text(record["text"])
    topic = out_of_scope_topic(body, deps) if body else None
    if topic is None:
        return None
    place = Place(**record["place"])
    message = MessageInput(body, "", "", place, record["source_id"], personal=not place.channel_id)
    return await turn_away(actor, message, body, topic, deps)


class IntakeSpool:
    def __init__(self, directory: Path, reference_of: Callable[[Any], dict[str, Any]]) -> None:
        self.directory = directory
        self._reference_of = reference_of  # the activity's conversation reference as Bot Framework JSON

    def keep(self, turn_context: Any, actor: Actor, message: MessageInput) -> None:
        """Write the request to disk atomically; the same activity twice is one file."""
        self.directory.mkdir(parents=True, exist_ok=True)
        record = {
            "reference": self._reference_of(turn_context.activity),
            "person": {"id": actor.person.id, "name": actor.person.name, "teams_id": actor.person.teams_id},
            "locale": actor.locale,
            "text": message.text,
            "place": message.place.__dict__,
            "source_id": message.activity_id,
        }
        name = hashlib.sha256((message.activity_id or json.dumps(record, sort_keys=True)).encode()).hexdigest()[:32]
        path = self.directory / f"{name}.json"
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
        os.replace(temporary, path)

    def pending(self) -> list[Path]:
        return sorted(self.directory.glob("*.json")) if self.directory.exists() else []

    async def take_in(self, deps: Deps, transport: Transport) -> int:
        """Create every kept consultation (idempotent by activity) and answer in its conversation; returns how many."""
        done = 0
        for path in self.pending():
            record = json.loads(path.read_text(encoding="utf-8"))
            person = Person(**record["person"])
            actor = Actor(person, record["locale"], is_support=False)
            if (turned := await _turned_away(actor, record, deps)) is not None:  # 対象外: answered, nothing created
                if turned.text or turned.card:
                    send = functools.partial(transport.send, record["reference"], turned)
                    await retrying(send, transport, what="spool_reply")
                path.unlink(missing_ok=True)
                done += 1
                continue
            department = await known_department(actor, deps)
            draft = Draft(
                body=record["text"],
                department=department,
                place=Place(**record["place"]),
                source_id=record["source_id"],
            )
            reply = await create(actor, draft, deps)
            answer = replace(reply, card=reply.shared_card or reply.card)
            send = functools.partial(transport.send, record["reference"], answer)
            card_id = await retrying(send, transport, what="spool_reply")
            if card_id and reply.consultation_id:
                await intake.record_card(
                    deps.uow, reply.consultation_id, replace(draft.place, card_activity_id=card_id)
                )
            path.unlink(missing_ok=True)
            done += 1
        return done

    async def run_forever(self, deps: Deps, transport: Transport, poll_seconds: float = POLL_SECONDS) -> None:
        while True:
            if self.pending():
                try:
                    count = await self.take_in(deps, transport)
                    log.info("spooled consultations taken in", extra={"count": count})
                except asyncio.CancelledError:
                    raise
                except Exception as error:  # the database may still be down: try again next round
                    log.warning("spool not taken in yet", extra={"error_type": type(error).__name__})
            await asyncio.sleep(poll_seconds)
