"""The dashboard's part of the message catalogue (keys `dashboard.*`); bot/texts.py merges it into CATALOGUE."""

from collections.abc import Mapping

DASHBOARD_TEXTS: Mapping[str, Mapping[str, str]] = {
    # the page
    "dashboard.heading": {"ja": "DX相談 ダッシュボード", "en": "DX consultations dashboard"},
    "dashboard.title": {"ja": "DX相談 ダッシュボード：{period}", "en": "DX consultations dashboard: {period}"},
    "dashboard.period": {"ja": "期間：{period}（{start} 〜 {end}）", "en": "Period: {period} ({start} to {end})"},
    "dashboard.as_of": {"ja": "{date} {time} 時点", "en": "As of {date} {time}"},
    "dashboard.download_csv": {"ja": "この期間のCSVをダウンロード", "en": "Download this period as CSV"},
    "dashboard.footer": {
        "ja": "グラフ表示：Chart.js {version}（{license}）。グラフの数値はすべて表にも載せています。",
        "en": "Charts drawn with Chart.js {version} ({license}). Every number in the charts is also in a table.",
    },
    # the period picker (a preset's text is also the ?period= it sends: parse_period must understand it)
    "dashboard.picker": {"ja": "期間の選択", "en": "Choose the period"},
    "dashboard.presets": {"ja": "よく使う期間", "en": "Common periods"},
    "dashboard.preset.this_week": {"ja": "今週", "en": "This week"},
    "dashboard.preset.this_month": {"ja": "今月", "en": "This month"},
    "dashboard.preset.this_fy": {"ja": "今年度", "en": "This FY"},
    "dashboard.preset.last_fy": {"ja": "昨年度", "en": "Last FY"},
    "dashboard.from": {"ja": "開始日", "en": "From"},
    "dashboard.to": {"ja": "終了日", "en": "To"},
    "dashboard.show": {"ja": "この期間を表示", "en": "Show this period"},
    "dashboard.token": {"ja": "アクセストークン", "en": "access token"},
    "dashboard.token_note": {
        "ja": "共有リンクはこの期間専用です。別の期間を見るには {field} を入れてください。",
        "en": "This shared link is for this period only. To see another period, enter the {field}.",
    },
    # sections and figures
    "dashboard.key_figures": {"ja": "主な数値", "en": "Key figures"},
    "dashboard.by_category": {"ja": "区分別の状況", "en": "By category"},
    "dashboard.charts": {"ja": "グラフ", "en": "Charts"},
    "dashboard.departments": {"ja": "部署", "en": "Departments"},
    "dashboard.total_received": {"ja": "受付（合計）", "en": "Received (total)"},
    "dashboard.total_completed": {"ja": "完了（合計）", "en": "Completed (total)"},
    "dashboard.open_now": {"ja": "未完了（現在）", "en": "Open (now)"},
    "dashboard.received": {"ja": "受付", "en": "Received"},
    "dashboard.completed": {"ja": "完了", "en": "Completed"},
    "dashboard.completion_rate": {"ja": "完了率", "en": "Completion rate"},
    "dashboard.lead_time_median": {"ja": "完了までの日数（中央値）", "en": "Days to close (median)"},
    "dashboard.lead_time_p90": {"ja": "完了までの日数（90%値）", "en": "Days to close (90th percentile)"},
    "dashboard.hours_saved": {"ja": "削減時間の見込み", "en": "Hours saved (estimate)"},
    "dashboard.unit.percent": {"ja": "{n}%", "en": "{n}%"},
    "dashboard.unit.days": {"ja": "{n}日", "en": "{n} days"},
    "dashboard.unit.hours_per_month": {"ja": "{n}時間/月", "en": "{n} h/month"},
    "dashboard.fact": {"ja": "{name}：{value}", "en": "{name}: {value}"},
    # charts and their tables
    "dashboard.list_separator": {"ja": "、", "en": "; "},
    "dashboard.chart.label": {"ja": "{title}：{description}", "en": "{title}: {description}"},
    "dashboard.chart.mix_item": {"ja": "{category} {n}件", "en": "{category} {n}"},
    "dashboard.chart.progress_item": {
        "ja": "{category} 完了{done}件・未完了{open}件",
        "en": "{category}: {done} done, {open} open",
    },
    "dashboard.table.mix": {"ja": "受付件数", "en": "Consultations received"},
    "dashboard.table.progress": {"ja": "完了と未完了（期間内の受付）", "en": "Done and open (received in the period)"},
    "dashboard.table.by_status": {"ja": "状況別", "en": "By status"},
    "dashboard.table.by_age": {"ja": "受付からの経過日数", "en": "Days since received"},
    "dashboard.table.age": {"ja": "経過", "en": "Age"},
    "dashboard.table.count": {"ja": "件数", "en": "Count"},
    "dashboard.age_bucket": {"ja": "{bucket}日", "en": "{bucket} days"},
    # departments
    "dashboard.no_consultations": {"ja": "この期間の相談はありません。", "en": "No consultations in this period."},
    "dashboard.silent": {"ja": "この期間に相談のない部署", "en": "Departments with no consultations in this period"},
    "dashboard.none": {"ja": "ありません。", "en": "None."},
    # error pages (and the JSON errors of /dashboard/data.json)
    "dashboard.error.bad_period.title": {"ja": "期間を読み取れませんでした", "en": "The period could not be read"},
    "dashboard.error.bad_period.message": {
        "ja": "期間は「今年度」「R6年度」「FY2024」「今月」「2024-04-01..2025-06-30」のように指定してください。"
        "日付で選ぶときは開始日と終了日の両方を入れてください。",
        "en": "Give the period as this fy, FY2024, this month or 2024-04-01..2025-06-30. "
        "To choose by dates, enter both the start and the end date.",
    },
    "dashboard.error.unauthorized.title": {
        "ja": "表示する権限を確認できませんでした",
        "en": "Your access to this page could not be confirmed",
    },
    "dashboard.error.unauthorized.message": {
        "ja": "共有されたリンクを開き直してください。"
        "リンクの有効期限が切れているときは、最新の週次集計のリンクを開くか、DX推進の担当者にお問い合わせください。",
        "en": "Please open the shared link again. If it has expired, open the link in the latest weekly summary or "
        "ask the DX promotion team.",
    },
    "dashboard.error.not_found.title": {"ja": "ページが見つかりません", "en": "Page not found"},
    "dashboard.error.not_found.message": {"ja": "このページは利用できません。", "en": "This page is not available."},
    # issue 12: reports and docs
    "dashboard.received_note": {
        "ja": "受付：期間内に受け付けた相談（取り下げられたものを除く）。完了率は受付のうち完了した割合です。",
        "en": "Received: consultations received in the period, not counting withdrawn ones. "
        "The completion rate is the share of those that are done.",
    },
    "dashboard.error.disabled.title": {"ja": "ダッシュボードは無効です", "en": "The dashboard is turned off"},
    "dashboard.error.disabled.message": {
        "ja": "このボットではダッシュボードが有効になっていません。管理者が環境変数 DASHBOARD_TOKEN"
        "（または DASHBOARD_SIGNING_KEY）を設定してボットを再起動すると使えるようになります。"
        "開発用の make run では自動で有効になり、開く URL が表示されます。"
        "詳しくは README の「Reports」を参照してください。",
        "en": "The dashboard is not turned on for this bot. An administrator turns it on by setting DASHBOARD_TOKEN "
        "(or DASHBOARD_SIGNING_KEY) and restarting the bot. Under make run it is on, and the URL to open is printed. "
        "See Reports in the README.",
    },
}
