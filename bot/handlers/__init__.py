"""What each command and card verb does. Each feature module has `register(router)`; `build_router` registers
them all, so the router itself imports no handler and wiring goes one way (handlers -> routing)."""

from bot.handlers import (
    ageing,
    commands,
    compose_search,
    departments,
    intake_conversation,
    intake_form,
    link_unfurl,
    message_action,
    record_actions,
    scope,
    setup,
    similar_commands,
    status_actions,
    summary,
)
from bot.routing import Router

FEATURES = (
    commands,
    intake_conversation,
    intake_form,
    status_actions,
    record_actions,
    setup,
    departments,
    summary,
    similar_commands,
    ageing,
    scope,
    message_action,
    compose_search,
    link_unfurl,
)


def build_router() -> Router:
    """A fresh router with every feature's routes; a verb this person may not use is answered on its card."""
    router = Router(refusal=status_actions.refused)
    for feature in FEATURES:
        feature.register(router)
    return router
