"""What a pasted link unfolds into when the reader may not see the consultation, and the dashboard's preview: no
consultation's content, only what the link itself says."""

from typing import Any

from bot.cards.elements import card, text_block, user_text
from bot.texts import t


def neutral_consultation_card(number: str, locale: str = "ja") -> dict[str, Any]:
    return card(
        [
            text_block(t("link.consultation_title", locale, number=number), weight="Bolder", size="Medium"),
            text_block(t("link.consultation_neutral", locale), isSubtle=True),
        ]
    )


def dashboard_link_card(url: str, period: str, locale: str = "ja") -> dict[str, Any]:
    """The dashboard's name and the period the link was opened for (as written in the link), and a button that opens
    it; the figures stay behind the dashboard's own sign-in."""
    shown = user_text(period) if period else t("link.dashboard_period_default", locale)
    return card(
        [
            text_block(t("link.dashboard_title", locale), weight="Bolder", size="Medium"),
            text_block(t("link.dashboard_text", locale, period=shown), isSubtle=True),
        ],
        [{"type": "Action.OpenUrl", "title": t("link.open", locale), "url": url}],
    )
