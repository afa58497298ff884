"""Runs a declared conversation (bot/conversation.py) as a botbuilder ComponentDialog: one waterfall step per
declared question, then the finish. Everything the conversation says and checks comes from the declaration."""

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

from bot.conversation import Conversation, Question, draft_from_state, draft_to_state
from bot.deps import Deps
from bot.domain.intake import Missing
from bot.teams.replies import send_reply
from bot.teams.translate import actor_from
from bot.texts import locale_of, t


def _personal(step: WaterfallStepContext) -> bool:
    conversation = step.context.activity.conversation
    return conversation is None or (conversation.conversation_type or "personal") == "personal"


def _validator(question: Question) -> Any:
    async def accept(prompt: PromptValidatorContext) -> bool:
        return prompt.recognized.succeeded and question.accept(prompt.recognized.value or "")

    return accept


class ConversationDialog(ComponentDialog):
    """Step i applies the answer to question i-1 (when it was asked), then asks question i if the conversation
    needs it; the last step applies the last answer and finishes. The dialog state holds the draft as plain JSON, so
    a restart in the middle of a conversation loses nothing."""

    def __init__(self, conversation: Conversation, deps: Deps) -> None:
        super().__init__(f"{conversation.name.capitalize()}Dialog")  # ids as saved by earlier releases
        self._conversation, self._deps = conversation, deps
        self._order = list(conversation.questions.items())
        for missing, question in self._order:
            self.add_dialog(TextPrompt(self._prompt_id(missing), _validator(question)))
        steps = [self._step(i) for i in range(len(self._order))] + [self._finish]
        self.add_dialog(WaterfallDialog(conversation.name, steps))
        self.initial_dialog_id = conversation.name

    def _prompt_id(self, missing: Missing) -> str:
        return f"{self._conversation.name}.{missing.value}"

    def _answered(self, step: WaterfallStepContext, index: int) -> dict[str, Any]:
        """The state after applying the answer to question `index - 1`, if one was given."""
        state: dict[str, Any] = step.values.get("state") or step.options
        if index > 0 and step.result:
            draft = self._order[index - 1][1].apply(draft_from_state(state), step.result)
            state = {**state, "draft": draft_to_state(draft, ())["draft"]}
        step.values["state"] = state
        return state

    def _step(self, index: int) -> Any:
        missing, question = self._order[index]

        async def ask(step: WaterfallStepContext) -> DialogTurnResult:
            state = self._answered(step, index)
            if missing.value not in state["needs"]:
                return await step.next(None)
            locale = locale_of(step.context.activity.locale)
            hint = "" if _personal(step) or not question.channel_hint else t(question.channel_hint, locale)
            return await step.prompt(
                self._prompt_id(missing),
                PromptOptions(
                    prompt=MessageFactory.text(t(question.prompt, locale) + hint),
                    retry_prompt=MessageFactory.text(t(question.retry, locale, **question.retry_params)),
                ),
            )

        ask.__name__ = f"ask_{missing.value}"
        return ask

    async def _finish(self, step: WaterfallStepContext) -> DialogTurnResult:
        draft = draft_from_state(self._answered(step, len(self._order)))
        actor = await actor_from(step.context.activity, self._deps)
        reply = await self._conversation.finish(actor, draft, self._deps)
        await send_reply(step.context, reply, self._deps)
        return await step.end_dialog(reply.consultation_id)
