"""Deps: the collaborators a turn or job needs, built once in create_app and passed explicitly."""

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from typing import Any

from bot.domain.ageing import AgeingRules
from bot.domain.classification import ClassifyFn
from bot.domain.ports import ChannelSetting, Clock, Directory, Notifier, SupportRoster, UnitOfWorkFactory
from bot.domain.scope import Contacts
from bot.services.people import NameCache
from bot.similarity.library import CaseLibrary


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class Deps:
    uow: UnitOfWorkFactory
    classify: ClassifyFn
    clock: Clock
    tz: tzinfo
    roster: SupportRoster
    logger: logging.Logger
    open_support: bool = False  # local development without credentials or support ids: everyone is support
    notifier: Notifier | None = None  # proactive 1:1 messages (the Teams edge builds it)
    directory: Directory | None = None  # Microsoft Graph, when app credentials are configured
    channel_messages_without_mention: bool = False  # RSC ChannelMessage.Read.Group granted and wanted
    configured_channels: tuple[ChannelSetting, ...] = ()  # from configuration, besides those set with 設定
    sync_roster: Callable[[str], Awaitable[int]] | None = None  # reads a team's members into the support team
    dashboard_link: Callable[[Any], str] | None = None  # Period -> signed dashboard URL (when a public URL is set)
    names: NameCache = field(default_factory=NameCache)  # people's names read or stored lately (cards name people)
    library: CaseLibrary = field(default_factory=CaseLibrary)  # similar past consultations, kept in step with the DB
    ageing: AgeingRules | None = None  # business days and thresholds (the digest, nudges, reports)
    out_of_scope: Contacts | None = None  # 対象外 answered with where to go instead; None: OUT_OF_SCOPE_ENABLED off
    public_base_url: str = ""  # PUBLIC_BASE_URL: consultation links and the links Teams unfurls
