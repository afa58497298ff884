"""Intake dialog: asks for the details and the department a vague request is missing, then creates it."""

from dataclasses import asdict, replace
from datetime import date
from typing import Any

from botbuilder.core import MessageFactory
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    PromptValidatorContext,
    TextPrompt,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.prompts import PromptOptions

from bot.deps import Deps
from bot.domain.consultation import Place
from bot.domain.intake import MAX_DEPARTMENT_CHARS, MIN_DETAIL_CHARS, Draft, Missing, clean_line, meaningful_length
from bot.handlers.intake import create
from bot.teams.replies import send_reply
from bot.teams.translate import actor_from
from bot.texts import locale_of, t

DETAILS_PROMPT = "intake.details"
DEPARTMENT_PROMPT = "intake.department"


def draft_to_state(draft: Draft, needs: tuple[Missing, ...]) -> dict[str, Any]:
    """Plain JSON for the dialog stack (no class names stored, so renames cannot break saved dialogs)."""
    data = asdict(draft)
    data["desired_due"] = draft.desired_due.isoformat() if draft.desired_due else ""
    return {"draft": data, "needs": [n.value for n in needs]}


def draft_from_state(state: dict[str, Any]) -> Draft:
    data = dict(state["draft"])
    data["place"] = Place(**data["place"])
    data["desired_due"] = date.fromisoformat(data["desired_due"]) if data["desired_due"] else None
    return Draft(**data)


def _mention_hint(step: WaterfallStepContext, locale: str) -> str:
    conversation = step.context.activity.conversation
    personal = conversation is None or (conversation.conversation_type or "personal") == "personal"
    return "" if personal else t("intake.mention_hint", locale)


class IntakeDialog(ComponentDialog):
    def __init__(self, deps: Deps) -> None:
        super().__init__(IntakeDialog.__name__)
        self._deps = deps
        self.add_dialog(TextPrompt(DETAILS_PROMPT, self._enough_details))
        self.add_dialog(TextPrompt(DEPARTMENT_PROMPT, self._department_given))
        self.add_dialog(WaterfallDialog("intake", [self._ask_details, self._ask_department, self._create]))
        self.initial_dialog_id = "intake"

    async def _ask_details(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["state"] = step.options
        if Missing.DETAILS.value not in step.options["needs"]:
            return await step.next(None)
        locale = locale_of(step.context.activity.locale)
        return await step.prompt(
            DETAILS_PROMPT,
            PromptOptions(
                prompt=MessageFactory.text(t("intake.ask_details", locale) + _mention_hint(step, locale)),
                retry_prompt=MessageFactory.text(t("intake.still_too_short", locale, min=MIN_DETAIL_CHARS)),
            ),
        )

    async def _ask_department(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = step.values["state"]
        if step.result:
            draft = draft_from_state(state).with_details(step.result)
            state = step.values["state"] = {**state, "draft": draft_to_state(draft, ())["draft"]}
        if Missing.DEPARTMENT.value not in state["needs"]:
            return await step.next(None)
        locale = locale_of(step.context.activity.locale)
        return await step.prompt(
            DEPARTMENT_PROMPT,
            PromptOptions(
                prompt=MessageFactory.text(t("intake.ask_department", locale)),
                retry_prompt=MessageFactory.text(t("intake.ask_department", locale)),
            ),
        )

    async def _create(self, step: WaterfallStepContext) -> DialogTurnResult:
        draft = draft_from_state(step.values["state"])
        if step.result:
            draft = replace(draft, department=clean_line(step.result, MAX_DEPARTMENT_CHARS))
        actor = await actor_from(step.context.activity, self._deps)
        reply = await create(actor, draft, self._deps)
        await send_reply(step.context, reply, self._deps)
        return await step.end_dialog(reply.consultation_id)

    @staticmethod
    async def _enough_details(prompt: PromptValidatorContext) -> bool:
        return prompt.recognized.succeeded and meaningful_length(prompt.recognized.value or "") >= MIN_DETAIL_CHARS

    @staticmethod
    async def _department_given(prompt: PromptValidatorContext) -> bool:
        return prompt.recognized.succeeded and bool(clean_line(prompt.recognized.value or "", MAX_DEPARTMENT_CHARS))
