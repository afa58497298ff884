"""botbuilder's conversation references for the shared ReferenceKeeper (bot/edge/conversation_refs.py)."""

from typing import Any

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.edge import conversation_refs


def reference_of(activity: Activity) -> dict[str, Any]:
    reference: dict[str, Any] = TurnContext.get_conversation_reference(activity).serialize()
    return reference


class ReferenceKeeper(conversation_refs.ReferenceKeeper):
    def __init__(self, **options: Any) -> None:
        super().__init__(reference_of, **options)
