"""Runs a declared conversation (bot/conversation.py) as a botbuilder ComponentDialog: one waterfall step per
declared question, then the finish. Everything the conversation says and checks comes from the declaration."""

from typing import Any

from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.dialogs import (
    ComponentDialog,
    DialogTurnResult,
    PromptValidatorContext,
    TextPrompt,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.prompts import PromptOptions, PromptRecognizerResult
from botbuilder.schema import Activity

from bot.cards.intake_card import question_card
from bot.conversation import Conversation, Question, draft_from_state, draft_to_state
from bot.deps import Deps
from bot.domain.intake import Draft, Missing, clean_text
from bot.teams.replies import send_reply
from bot.teams.translate import actor_from, message_input
from bot.texts import locale_of, t

KEPT = "kept"  # drafts kept from answers that were new requests (prompt state, then the conversation's state)
EXCERPT_CHARS = 30


def _personal(context: TurnContext) -> bool:
    conversation = context.activity.conversation
    return conversation is None or (conversation.conversation_type or "personal") == "personal"


def _draft_data(draft: Draft) -> dict[str, Any]:
    return draft_to_state(draft, ())["draft"]


def _draft(data: dict[str, Any]) -> Draft:
    return draft_from_state({"draft": data})


class AnswerPrompt(TextPrompt):
    """A text prompt that also takes its answer from a question card's submit: an Action.Submit arrives as a message
    whose value holds the card's inputs (the answer under the question's input id) and no text."""

    def __init__(self, dialog_id: str, input_id: str, validator: Any) -> None:
        super().__init__(dialog_id, validator)
        self._input_id = input_id

    async def on_recognize(
        self, turn_context: TurnContext, state: dict[str, object], options: PromptOptions
    ) -> PromptRecognizerResult:
        result = await super().on_recognize(turn_context, state, options)
        value = turn_context.activity.value
        submitted = value.get(self._input_id) if isinstance(value, dict) else None
        if isinstance(submitted, str) and not (isinstance(result.value, str) and result.value.strip()):
            result.succeeded, result.value = True, submitted
        return result


class ConversationDialog(ComponentDialog):
    """Step i applies the answer to question i-1 (when it was asked), then asks question i if the conversation
    needs it; the last step applies the last answer and finishes. The dialog state holds the draft as plain JSON, so
    a restart in the middle of a conversation loses nothing. Drafts kept from diverted answers get every answer given
    from then on, and are finished after the main one."""

    def __init__(self, conversation: Conversation, deps: Deps) -> None:
        super().__init__(f"{conversation.name.capitalize()}Dialog")  # ids as saved by earlier releases
        self._conversation, self._deps = conversation, deps
        self._order = list(conversation.questions.items())
        for missing, question in self._order:
            self.add_dialog(AnswerPrompt(self._prompt_id(missing), missing.value, self._validator(question)))
        steps = [self._step(i) for i in range(len(self._order))] + [self._finish]
        self.add_dialog(WaterfallDialog(conversation.name, steps))
        self.initial_dialog_id = conversation.name

    def _prompt_id(self, missing: Missing) -> str:
        return f"{self._conversation.name}.{missing.value}"

    def _validator(self, question: Question) -> Any:
        async def validate(prompt: PromptValidatorContext) -> bool:
            value = prompt.recognized.value if prompt.recognized.succeeded else None
            answer = value if isinstance(value, str) else ""
            checked = await question.check(answer, self._deps) if answer.strip() else None
            if checked is not None:
                prompt.recognized.value = {"answer": checked, KEPT: list(prompt.state.get(KEPT) or [])}
                return True
            if question.diverts is not None and question.diverts(answer):
                await self._keep(prompt, question, answer)
            return False  # when _keep has answered, botbuilder does not repeat the question itself

        return validate

    async def _keep(self, prompt: PromptValidatorContext, question: Question, answer: str) -> None:
        """A new request sent instead of an answer: keep it as another draft, say so, and put the question again."""
        kept: list[dict[str, Any]] = list(prompt.state.get(KEPT) or [])
        if len(kept) >= self._conversation.max_kept:
            return  # the question is put again as for any other answer
        message = message_input(prompt.context.activity)
        body = clean_text(answer)
        kept.append(_draft_data(Draft(body=body, place=message.place, source_id=message.activity_id)))
        prompt.state[KEPT] = kept
        locale = locale_of(prompt.context.activity.locale)
        excerpt = " ".join(body.split())
        excerpt = excerpt if len(excerpt) <= EXCERPT_CHARS else excerpt[: EXCERPT_CHARS - 1] + "…"
        notice = t(question.diverted, locale, count=len(kept) + 1, excerpt=excerpt)
        await prompt.context.send_activity(MessageFactory.text(notice))
        if prompt.options is not None and prompt.options.prompt is not None:
            await prompt.context.send_activity(prompt.options.prompt)

    async def _question(self, context: TurnContext, question: Question) -> tuple[Activity, Activity]:
        """The question and its retry: a card with a typeahead picker when the question has choices, else text."""
        locale = locale_of(context.activity.locale)
        hint = "" if _personal(context) or not question.channel_hint else t(question.channel_hint, locale)
        text = t(question.prompt, locale) + hint
        choices = await question.choices(self._deps) if question.choices is not None else ()
        if not choices:
            return MessageFactory.text(text), MessageFactory.text(t(question.retry, locale, **question.retry_params))
        missing = next(m for m, q in self._order if q is question)

        def card(error: str = "") -> Activity:
            built = question_card(
                text, missing.value, choices, verb=self._conversation.answer_verb, locale=locale, error=error
            )
            return MessageFactory.attachment(CardFactory.adaptive_card(built))

        return card(), card(t(question.choices_retry or question.retry, locale, **question.retry_params))

    def _answered(self, step: WaterfallStepContext, index: int) -> dict[str, Any]:
        """The state after applying the answer to question `index - 1`, if one was given."""
        state: dict[str, Any] = step.values.get("state") or step.options
        if index > 0 and step.result:
            result: Any = step.result  # {"answer": ..., "kept": [...]}, or a plain string from earlier releases
            if isinstance(result, dict):
                answer, kept = str(result.get("answer") or ""), list(result.get(KEPT) or [])
            else:
                answer, kept = str(result), []
            apply = self._order[index - 1][1].apply
            drafts = [_draft(d) for d in [*(state.get(KEPT) or []), *kept]]
            state = {
                **state,
                "draft": _draft_data(apply(draft_from_state(state), answer)),
                KEPT: [_draft_data(apply(d, answer)) for d in drafts],
            }
        step.values["state"] = state
        return state

    def _step(self, index: int) -> Any:
        missing, question = self._order[index]

        async def ask(step: WaterfallStepContext) -> DialogTurnResult:
            state = self._answered(step, index)
            if missing.value not in state["needs"]:
                return await step.next(None)
            prompt, retry = await self._question(step.context, question)
            return await step.prompt(self._prompt_id(missing), PromptOptions(prompt=prompt, retry_prompt=retry))

        ask.__name__ = f"ask_{missing.value}"
        return ask

    async def _finish(self, step: WaterfallStepContext) -> DialogTurnResult:
        state = self._answered(step, len(self._order))
        actor = await actor_from(step.context.activity, self._deps)
        first: int | None = None
        for draft in [draft_from_state(state), *(_draft(d) for d in state.get(KEPT) or [])]:
            reply = await self._conversation.finish(actor, draft, self._deps)
            await send_reply(step.context, reply, self._deps)
            first = first if first is not None else reply.consultation_id
        return await step.end_dialog(first)
