"""Deep links into Teams (a consultation's thread), built from where its card was posted."""

from urllib.parse import quote, urlencode

from bot.domain.consultation import Place


def thread_link(place: Place) -> str:
    """Link to the channel thread holding the card; empty for 1:1 chats (the card is in that chat)."""
    if not (place.channel_id and place.thread_id):
        return ""
    query = urlencode({"tenantId": place.tenant_id, "parentMessageId": place.thread_id}) if place.tenant_id else ""
    return f"https://teams.microsoft.com/l/message/{quote(place.channel_id, safe='')}/{place.thread_id}" + (
        f"?{query}" if query else ""
    )
