"""Similar past consultations (類似の相談) and completed solutions (事例), from the process's CaseLibrary kept in
step with the database: every query first reads what changed since the last one (bot.similarity.library)."""

from collections.abc import Sequence

from bot.domain.consultation import Consultation
from bot.domain.ports import UnitOfWorkFactory
from bot.domain.search import keywords
from bot.domain.similar import SimilarCase
from bot.similarity.features import text_of
from bot.similarity.library import CaseLibrary

ON_CARD = 3  # shown on the support team's card and in 詳細
# Seconds: a status card (new or redrawn) reads the changes at most this often; a command (詳細, 類似, 事例) always
# does. This instance's own writes are in the library at once (SqlUnitOfWorkFactory.after_write -> CaseLibrary.note).
CARD_MAX_AGE = 10.0
LISTED = 10  # listed by 類似 R8-0001
SOLUTIONS = 10  # listed by 事例 キーワード


async def refresh(library: CaseLibrary, uow: UnitOfWorkFactory, *, max_age: float = 0.0) -> int:
    """Bring the library up to date with the database; returns how many entries changed. `max_age`: seconds a
    refresh stays good enough (the card's section: a case closed a few seconds ago may show on the next card)."""
    if max_age and library.age() < max_age:
        return 0
    async with library.lock:
        sweep = library.sweep_due()
        since, after_id = library.cursor(sweep=sweep)
        async with uow(standalone=True) as u:
            rows = await u.consultations.changed_since(since, after_id)
            total = await u.consultations.count() if since is not None and sweep else None
        if since is None:
            changed = library.replace_all(rows)
        else:
            changed = library.apply(rows)
            if total is not None and total != library.known():  # rows committed behind the cursor (a bulk import)
                async with uow(standalone=True) as u:
                    changed += library.replace_all(await u.consultations.changed_since(None, 0))
        library.refreshed()
        if sweep:
            library.swept()
        return changed


async def similar_to(
    library: CaseLibrary, uow: UnitOfWorkFactory, c: Consultation, *, limit: int = ON_CARD, max_age: float = 0.0
) -> list[SimilarCase]:
    """Earlier consultations like `c`, from any department, completed ones first (`max_age`: see refresh)."""
    await refresh(library, uow, max_age=max_age)
    return library.similar(text_of(c.title, c.body), limit=limit, before=c)


async def like_text(library: CaseLibrary, uow: UnitOfWorkFactory, text: str, *, limit: int) -> list[SimilarCase]:
    """Consultations like a text (the CLI's `consult similar`), completed ones first."""
    await refresh(library, uow)
    return library.similar(text, limit=limit)


async def solutions(
    library: CaseLibrary, uow: UnitOfWorkFactory, query: str, *, limit: int = SOLUTIONS
) -> Sequence[SimilarCase]:
    """Completed consultations whose title, resolution or artefact holds every keyword of `query`."""
    words = keywords(query)
    if not words:
        return []
    await refresh(library, uow)
    return library.solutions(words, limit=limit)
