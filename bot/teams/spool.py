"""While the database is down, a consultation's text is kept in a local spool (one JSON file per Teams activity)
and taken in when the database is back; the requester then gets the status card in the same conversation."""

import asyncio
import hashlib
import json
import logging
import os
from dataclasses import replace
from pathlib import Path

from botbuilder.core import TurnContext

from bot.deps import Deps
from bot.domain.consultation import Person, Place
from bot.domain.intake import Draft
from bot.handlers.intake import create, known_department
from bot.services import intake
from bot.teams.proactive import run_in_conversation, with_retries
from bot.teams.translate import reply_activity
from bot.turn import Actor, MessageInput, Reply

log = logging.getLogger("consult.spool")
POLL_SECONDS = 15.0


class IntakeSpool:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def keep(self, turn_context: TurnContext, actor: Actor, message: MessageInput) -> None:
        """Write the request to disk atomically; the same activity twice is one file."""
        self.directory.mkdir(parents=True, exist_ok=True)
        reference = TurnContext.get_conversation_reference(turn_context.activity).serialize()
        record = {
            "reference": reference,
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

    async def take_in(self, deps: Deps, adapter: object, app_id: str) -> int:
        """Create every kept consultation (idempotent by activity) and answer in its conversation; returns how many."""
        done = 0
        for path in self.pending():
            record = json.loads(path.read_text(encoding="utf-8"))
            person = Person(**record["person"])
            actor = Actor(person, record["locale"], is_support=False)
            department = await known_department(actor, deps)
            draft = Draft(
                body=record["text"],
                department=department,
                place=Place(**record["place"]),
                source_id=record["source_id"],
            )
            reply = await create(actor, draft, deps)

            async def answer(ctx: TurnContext, reply: Reply = reply) -> str:
                response = await with_retries(
                    lambda: ctx.send_activity(reply_activity(replace(reply, card=reply.shared_card or reply.card))),
                    what="spool_reply",
                )
                return getattr(response, "id", "") or ""

            card_id = await run_in_conversation(adapter, record["reference"], app_id, answer)
            if card_id and reply.consultation_id:
                await intake.record_card(
                    deps.uow, reply.consultation_id, replace(draft.place, card_activity_id=card_id)
                )
            path.unlink(missing_ok=True)
            done += 1
        return done

    async def run_forever(self, deps: Deps, adapter: object, app_id: str, poll_seconds: float = POLL_SECONDS) -> None:
        while True:
            if self.pending():
                try:
                    count = await self.take_in(deps, adapter, app_id)
                    log.info("spooled consultations taken in", extra={"count": count})
                except asyncio.CancelledError:
                    raise
                except Exception as error:  # the database may still be down: try again next round
                    log.warning("spool not taken in yet", extra={"error_type": type(error).__name__})
            await asyncio.sleep(poll_seconds)
