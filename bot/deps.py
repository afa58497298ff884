"""Deps: the collaborators a turn or job needs, built once in create_app and passed explicitly."""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo
from typing import Any

from bot.domain.ports import UnitOfWorkFactory
from bot.services.intake import ClassifyFn


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    uow: UnitOfWorkFactory
    classify: ClassifyFn
    clock: Any  # bot.domain.ports.Clock
    tz: tzinfo
    support_team_ids: frozenset[str]
    open_support: bool  # local development without credentials: everyone may work consultations
    logger: logging.Logger
