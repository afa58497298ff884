"""設定 / setup: a support-team member marks this channel as intake or summary, or this team as the support team."""

from bot.deps import Deps
from bot.domain.ports import ChannelSetting
from bot.routing import Router, normalize_word
from bot.services import channels
from bot.texts import t
from bot.turn import Actor, MessageInput, Reply

SETUP = ("設定", "setup")
WORDS = {
    "相談": channels.INTAKE, "相談窓口": channels.INTAKE, "intake": channels.INTAKE,
    "集計": channels.SUMMARY, "summary": channels.SUMMARY,
    "支援チーム": channels.SUPPORT_TEAM, "team": channels.SUPPORT_TEAM, "support": channels.SUPPORT_TEAM,
}
REMOVE = frozenset({"解除", "remove"})


async def setup(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    if not actor.is_support:
        return Reply.message(t("error.not_allowed", actor.locale))
    words = [normalize_word(w) for w in message.args.split()]
    if not words:
        return Reply.message(_current(await channels.all_settings(deps.uow, deps.configured_channels), actor.locale))
    if message.personal or not message.place.channel_id:
        return Reply.message(t("setup.channel_only", actor.locale))
    removing = words[0] in REMOVE
    purpose = WORDS.get(words[1] if removing and len(words) > 1 else words[0])
    if purpose is None:
        return Reply.message(t("setup.usage", actor.locale))
    channel_id = message.team_id if purpose == channels.SUPPORT_TEAM else message.place.channel_id
    if removing:
        removed = await channels.remove(deps.uow, purpose, channel_id)
        return Reply.message(t("setup.removed" if removed else "setup.not_set", actor.locale))
    setting = ChannelSetting(purpose, channel_id, message.team_id, message.place.tenant_id)
    await channels.set_channel(deps.uow, setting, by=actor.id, now=deps.clock.now())
    if purpose == channels.SUPPORT_TEAM:
        count = await deps.sync_roster(message.place.conversation_id) if deps.sync_roster else 0
        return Reply.message(t("setup.done.support_team", actor.locale, count=count))
    return Reply.message(t(f"setup.done.{purpose}", actor.locale))


def _current(settings: list[ChannelSetting], locale: str) -> str:
    lines = "\n".join(f"- {t(f'purpose.{s.purpose}', locale)}: {s.name or s.channel_id}" for s in settings)
    return t("setup.current", locale, lines=lines or t("setup.none", locale)) + "\n\n" + t("setup.usage", locale)


def register(router: Router) -> None:
    router.command(SETUP, setup)
