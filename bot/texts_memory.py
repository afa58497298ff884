"""User-facing strings of the programme's memory: similar past consultations (類似の相談, 事例) and the catalogue of
reusable solutions (横展開候補). Merged into bot.texts.CATALOGUE."""

from collections.abc import Mapping

MEMORY_TEXTS: Mapping[str, Mapping[str, str]] = {
    # 横展開候補: marking a completed consultation
    "field.reuse": {"ja": "横展開候補", "en": "Reusable by others"},
    "input.reuse_note": {
        "ja": "ほかの部署が再利用できる点（1行）",
        "en": "What other departments can reuse (one line)",
    },
    "input.reuse_note_hint": {
        "ja": "例：申請受付アプリとフローをそのまま複製して使える",
        "en": "e.g. the request app and its flow can be copied as they are",
    },
    "action.reuse_mark": {"ja": "横展開候補にする", "en": "Mark as reusable"},
    "action.reuse_edit": {"ja": "横展開候補", "en": "Reusable"},
    "action.reuse_save": {"ja": "保存", "en": "Save"},
    "action.reuse_unmark": {"ja": "候補から外す", "en": "Remove the mark"},
    "notice.reuse_marked": {
        "ja": "横展開候補にしました。事例集と週次集計に載ります。",
        "en": "Marked as reusable: it is listed in the catalogue and the weekly summary.",
    },
    "notice.reuse_unmarked": {"ja": "横展開候補から外しました。", "en": "No longer marked as reusable."},
    "error.reuse_note_required": {
        "ja": "ほかの部署が再利用できる点を1行で書いてください。",
        "en": "Please write, in one line, what other departments can reuse.",
    },
    "error.reuse_note_too_long": {
        "ja": "再利用できる点は{limit}文字以内の1行でお願いします。",
        "en": "Please keep what can be reused to one line of at most {limit} characters.",
    },
    "error.reuse_not_done": {
        "ja": "横展開候補にできるのは完了した相談だけです（現在：{status}）。",
        "en": "Only a completed consultation can be marked as reusable (now: {status}).",
    },
    "error.reuse_already": {
        "ja": "すでに同じ内容で横展開候補になっています。",
        "en": "It is already marked as reusable with the same line.",
    },
    "error.reuse_not_marked": {
        "ja": "この相談は横展開候補ではありません。",
        "en": "This consultation is not marked as reusable.",
    },
    "event.reuse_marked": {"ja": "横展開候補：{to}", "en": "marked reusable: {to}"},
    "summary.new_reuse": {"ja": "今週の横展開候補（{n}件）", "en": "New reusable solutions this week ({n})"},
    "summary.reuse_line": {
        "ja": "{number} {title}（{department}）：{note}",
        "en": "{number} {title} ({department}): {note}",
    },
    "summary.more_reuse": {"ja": "ほか{n}件は事例集で", "en": "{n} more in the catalogue"},
    # the dashboard's 事例集 page and its CSV
    "catalogue.title": {"ja": "事例集（横展開候補）", "en": "Reusable solutions catalogue"},
    "catalogue.intro": {
        "ja": "ほかの部署でも使える解決策として、支援チームが横展開候補にした完了済みの相談です。",
        "en": "Completed consultations the support team marked as solutions other departments can reuse.",
    },
    "catalogue.count": {"ja": "{shown}件（全{total}件）", "en": "{shown} of {total}"},
    "catalogue.filters": {"ja": "絞り込み", "en": "Filters"},
    "catalogue.any": {"ja": "すべて", "en": "Any"},
    "catalogue.apply": {"ja": "絞り込む", "en": "Filter"},
    "catalogue.download_csv": {"ja": "CSVをダウンロード", "en": "Download CSV"},
    "catalogue.back": {"ja": "ダッシュボードへ戻る", "en": "Back to the dashboard"},
    "catalogue.open": {"ja": "事例集（横展開候補）", "en": "Reusable solutions"},
    "catalogue.empty": {
        "ja": "条件に合う事例はまだありません。完了した相談のカードの「横展開候補にする」で登録できます。",
        "en": "No solutions match yet. Mark a completed consultation from its card (Mark as reusable).",
    },
    "catalogue.column.number": {"ja": "番号", "en": "Number"},
    "catalogue.column.title": {"ja": "件名", "en": "Title"},
    "catalogue.column.department": {"ja": "所属", "en": "Department"},
    "catalogue.column.category": {"ja": "区分", "en": "Category"},
    "catalogue.column.tags": {"ja": "タグ", "en": "Tags"},
    "catalogue.column.note": {"ja": "横展開できる点", "en": "What can be reused"},
    "catalogue.column.resolution": {"ja": "解決内容", "en": "Resolution"},
    "catalogue.column.artefact": {"ja": "成果物", "en": "Artefact"},
    "catalogue.column.closed": {"ja": "完了日", "en": "Closed on"},
    "catalogue.column.marked": {"ja": "候補にした日", "en": "Marked on"},
    "catalogue.column.hours_saved_per_month": {"ja": "削減時間（時間／月）", "en": "Hours saved per month"},
    "event.reuse_unmarked": {"ja": "横展開候補から外す", "en": "reusable mark removed"},
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
