"""部署 / departments: the support team maintains the department master (names survive renames)."""

from bot.deps import Deps
from bot.domain.intake import MAX_DEPARTMENT_CHARS, clean_line
from bot.routing import Router, normalize_word
from bot.texts import t
from bot.turn import Actor, MessageInput, Reply

DEPARTMENTS = ("部署", "departments")
ADD, RENAME, REMOVE = frozenset({"追加", "add"}), frozenset({"変更", "rename"}), frozenset({"削除", "remove"})
MAX_NAMES = 100


async def departments(actor: Actor, message: MessageInput, deps: Deps) -> Reply:
    if not actor.is_support:
        return Reply.message(t("error.not_allowed", actor.locale))
    words = message.args.split()
    verb = normalize_word(words[0]) if words else ""
    names = [clean_line(w, MAX_DEPARTMENT_CHARS) for w in words[1:]][:MAX_NAMES]
    now = deps.clock.now()
    async with deps.uow() as u:
        if verb in ADD and names:
            added = [n for n in names if await u.departments.add(n, now)]
            return Reply.message(t("departments.added", actor.locale, count=len(added), names="、".join(added) or "-"))
        if verb in RENAME and len(names) == 2:
            done = await u.departments.rename(names[0], names[1], now)
            key = "departments.renamed" if done else "departments.not_renamed"
            return Reply.message(t(key, actor.locale, old=names[0], new=names[1]))
        if verb in REMOVE and names:
            removed = [n for n in names if await u.departments.deactivate(n, now)]
            return Reply.message(t("departments.removed", actor.locale, count=len(removed)))
        if verb:
            return Reply.message(t("departments.usage", actor.locale))
        current = await u.departments.active_names()
    listing = "、".join(current) if current else t("departments.none", actor.locale)
    return Reply.message(t("departments.list", actor.locale, count=len(current), names=listing))


def register(router: Router) -> None:
    router.command(DEPARTMENTS, departments)
