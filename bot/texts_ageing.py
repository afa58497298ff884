"""User-facing strings of ageing on business days: the daily digest, the assignee's nudge, ageing figures.
Merged into bot.texts.CATALOGUE."""

from collections.abc import Mapping

AGEING_TEXTS: Mapping[str, Mapping[str, str]] = {
    "ageing.digest_heading": {"ja": "本日の要対応（{date}）", "en": "Needs attention today ({date})"},
    "ageing.digest_counts": {
        "ja": "{total}件 ・ 担当者なし {unassigned} ・ 保留が長い {on_hold} ・ 希望期限が近い／過ぎた {due}",
        "en": "{total} in all · unassigned {unassigned} · long on hold {on_hold} · desired date near or past {due}",
    },
    "ageing.digest_none": {
        "ja": "要対応の相談はありません。",
        "en": "Nothing needs attention.",
    },
    "ageing.digest_rule": {
        "ja": "営業日は土日・祝日・閉庁日を除いて数えています。",
        "en": "Business days exclude weekends, national holidays and the city's closure days.",
    },
    "ageing.digest_more": {
        "ja": "ほか{count}件は「一覧」で確認できます。",
        "en": '{count} more: see "list".',
    },
    "ageing.reason.unassigned": {
        "ja": "受付から{days}営業日・担当者なし",
        "en": "unassigned for {days} business days",
    },
    "ageing.reason.on_hold": {"ja": "保留して{days}営業日", "en": "on hold for {days} business days"},
    "ageing.reason.due_soon": {
        "ja": "希望期限 {date}（あと{days}営業日）",
        "en": "desired by {date} ({days} business days left)",
    },
    "ageing.reason.due_today": {"ja": "希望期限 {date}（本日）", "en": "desired by {date} (today)"},
    "ageing.reason.overdue": {
        "ja": "希望期限 {date} を過ぎています（{days}営業日超過）",
        "en": "desired by {date}: {days} business days late",
    },
    "ageing.row_meta": {"ja": "{department} ・ 担当 {assignee}", "en": "{department} · handled by {assignee}"},
    "ageing.assigned": {
        "ja": "{number} を担当しました。",
        "en": "You now handle {number}.",
    },
    "ageing.nudge": {
        "ja": "おはようございます。担当している相談のうち、次の{count}件が期限や滞留で要対応です（{date}）。",
        "en": "Good morning. {count} of the consultations you handle need attention ({date}):",
    },
    "ageing.nudge_line": {"ja": "- **{number}** {title}：{reason}", "en": "- **{number}** {title}: {reason}"},
    "ageing.support_only": {
        "ja": "「要対応」は支援チームのメンバーのみ使えます。",
        "en": "Only members of the support team can use this.",
    },
    "ageing.off": {
        "ja": "営業日の設定が読み込まれていないため、要対応を表示できません。",
        "en": "Business days are not configured, so there is nothing to show.",
    },
    "ageing.heading": {"ja": "滞留（営業日）", "en": "Ageing (business days)"},
    "ageing.flagged": {"ja": "要対応（営業日）", "en": "Needs attention (business days)"},
    "ageing.bucket": {"ja": "経過 {label}営業日", "en": "Age {label} business days"},
    "ageing.oldest": {"ja": "最も古い相談", "en": "Oldest"},
    "ageing.oldest_row": {"ja": "{number}：{days}営業日", "en": "{number}: {days} business days"},
}
