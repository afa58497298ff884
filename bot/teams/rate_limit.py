"""Teams' send budget (bot/edge/send_budget.py) as a step of botbuilder's msrest pipeline."""

from typing import Any

from msrest.pipeline import AsyncHTTPPolicy, AsyncHTTPSender, Request, Response

from bot.edge.send_budget import SendBudget


def next_step(policy: AsyncHTTPPolicy[Any, Any]) -> AsyncHTTPPolicy[Any, Any] | AsyncHTTPSender[Any, Any]:
    """What comes after `policy` in its msrest pipeline (set when the pipeline is built)."""
    if policy.next is None:
        raise RuntimeError(f"{type(policy).__name__} is not in a pipeline")
    return policy.next


class TeamsRateLimitPolicy(AsyncHTTPPolicy):
    """An msrest pipeline step: every request waits for its tenant's budget, and every send to a conversation for
    its thread's too (SendBudget, shared by every pipeline of the process)."""

    def __init__(self, budget: SendBudget | None = None) -> None:
        super().__init__()
        self.budget = budget or SendBudget()

    async def send(self, request: Request, **kwargs: Any) -> Response:
        http = request.http_request
        await self.budget.before_send(http.method or "", http.url or "")
        return await next_step(self).send(request, **kwargs)
