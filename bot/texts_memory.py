"""User-facing strings of the programme's memory: similar past consultations (類似の相談, 事例) and the catalogue of
reusable solutions (横展開候補). Merged into bot.texts.CATALOGUE."""

from collections.abc import Mapping

MEMORY_TEXTS: Mapping[str, Mapping[str, str]] = {
    "similar.heading": {"ja": "類似の相談", "en": "Similar consultations"},
    "similar.hint": {
        "ja": "これまでの似た相談です（どの部署のものも。完了したものが先）。",
        "en": "Earlier consultations like this one, from any department (completed ones first).",
    },
    "similar.reusable": {"ja": "横展開候補", "en": "Reusable"},
    "similar.open": {"ja": "開く", "en": "Open"},
    "similar.list_heading": {
        "ja": "{number} に類似の相談（最大{limit}件、完了したものが先）",
        "en": "Consultations similar to {number} (up to {limit}, completed ones first)",
    },
    "similar.none": {
        "ja": "{number} に類似の相談は見つかりませんでした。",
        "en": "No consultation similar to {number} was found.",
    },
    "similar.usage": {
        "ja": "使い方: 類似 {example}（その相談に似た過去の相談を最大10件表示します）",
        "en": "Usage: similar {example} (lists up to 10 earlier consultations like it)",
    },
    "solutions.heading": {
        "ja": "事例「{query}」（完了した相談、最大{limit}件）",
        "en": "Solutions for \"{query}\" (completed consultations, up to {limit})",
    },
    "solutions.none": {
        "ja": "「{query}」を含む完了事例は見つかりませんでした。別の言葉でもお試しください。",
        "en": "No completed consultation mentions \"{query}\". Try other words.",
    },
    "solutions.usage": {
        "ja": "使い方: 事例 キーワード（例: 事例 押印）。完了した相談の件名・解決内容・成果物から探します。",
        "en": "Usage: cases KEYWORDS (e.g. cases seal). Searches the title, resolution and artefact of completed "
        "consultations.",
    },
}
