"""Sheet names, headers and labels of the PDCA workbook (xlsx). Merged into bot.texts.CATALOGUE."""

from collections.abc import Mapping

WORKBOOK_TEXTS: Mapping[str, Mapping[str, str]] = {
    # the sheets (at most 31 characters, none of []:*?/\)
    "workbook.sheet.overview": {"ja": "概要", "en": "Overview"},
    "workbook.sheet.monthly": {"ja": "月別推移", "en": "Monthly trend"},
    "workbook.sheet.departments": {"ja": "部署別", "en": "By department"},
    "workbook.sheet.savings": {"ja": "削減時間", "en": "Hours saved"},
    "workbook.sheet.cases": {"ja": "事例", "en": "Reusable solutions"},
    # the two lines above each sheet's table
    "workbook.title": {
        "ja": "DX相談 年次集計（PDCA）：{period}",
        "en": "DX consultations, annual review (PDCA): {period}",
    },
    "workbook.subtitle": {
        "ja": "期間：{start}〜{end}　{as_of} 時点",
        "en": "Period: {start} to {end}. As of {as_of}",
    },
    "workbook.note.overview": {
        "ja": "相談件数：期間内に受け付けた相談（取り下げ {withdrawn}件を除く）。完了率：相談件数のうち完了した割合。",
        "en": "Received: consultations received in the period (not counting {withdrawn} withdrawn). "
        "Completion rate: the share of those that are done.",
    },
    "workbook.note.monthly": {
        "ja": "受付：その月に受け付けた相談（取り下げを除く）。完了：その月に完了した相談（受付の月を問わない）。",
        "en": "Received: consultations received in the month (not withdrawn). "
        "Completed: consultations done in the month, whenever received.",
    },
    "workbook.note.departments": {
        "ja": "部署マスタのすべての部署（相談のない部署は0件）。旧名称での相談は現在の名称で数えています。",
        "en": "Every department of the master (zero when it had no consultation). "
        "Consultations under an old name count under the current one.",
    },
    "workbook.note.savings": {
        "ja": "期間内に完了した相談の削減時間（時間／月）。出典：完了時の入力。"
        "なければ業務シートの年間件数×1件あたり時間（分）÷60÷12。累計：その月までに完了した改善で、ひと月に削減できる時間。",
        "en": "Hours saved per month by consultations done in the period. Source: the figure entered when closing, "
        "else the worksheet's yearly count × minutes per case ÷ 60 ÷ 12. "
        "Cumulative: hours per month saved by the improvements done by the end of that month.",
    },
    "workbook.note.cases": {
        "ja": "期間内に横展開候補にした相談。ほかの部署でも使える解決策です。",
        "en": "Consultations marked as reusable by other departments in the period.",
    },
    # headers
    "workbook.col.category": {"ja": "区分", "en": "Category"},
    "workbook.col.received": {"ja": "相談件数", "en": "Received"},
    "workbook.col.completed": {"ja": "完了", "en": "Completed"},
    "workbook.col.rate": {"ja": "完了率", "en": "Completion rate"},
    "workbook.col.month": {"ja": "月", "en": "Month"},
    "workbook.col.month_received": {"ja": "{category} 受付", "en": "{category} received"},
    "workbook.col.month_completed": {"ja": "{category} 完了", "en": "{category} completed"},
    "workbook.col.department": {"ja": "部署", "en": "Department"},
    "workbook.col.remark": {"ja": "備考", "en": "Remark"},
    "workbook.col.from_outcomes": {"ja": "完了時の入力（時間／月）", "en": "Entered when closing (h/month)"},
    "workbook.col.from_worksheets": {"ja": "業務シートから（時間／月）", "en": "From worksheets (h/month)"},
    "workbook.col.added": {"ja": "計（時間／月）", "en": "Total (h/month)"},
    "workbook.col.cumulative": {"ja": "累計（時間／月）", "en": "Cumulative (h/month)"},
    "workbook.col.number": {"ja": "番号", "en": "Number"},
    "workbook.col.title": {"ja": "件名", "en": "Title"},
    "workbook.col.closed": {"ja": "完了日", "en": "Closed on"},
    "workbook.col.hours": {"ja": "削減時間（時間／月）", "en": "Hours saved per month"},
    "workbook.col.source": {"ja": "出典", "en": "Source"},
    "workbook.col.yearly_count": {"ja": "年間件数", "en": "Cases a year"},
    "workbook.col.minutes_per_case": {"ja": "1件あたり時間（分）", "en": "Minutes per case"},
    "workbook.col.resolution": {"ja": "対応内容", "en": "Resolution"},
    "workbook.col.artefact": {"ja": "成果物", "en": "Artefact"},
    "workbook.col.reuse_note": {"ja": "横展開のポイント", "en": "What can be reused"},
    "workbook.col.marked": {"ja": "候補にした日", "en": "Marked on"},
    # values
    "workbook.total": {"ja": "合計", "en": "Total"},
    "workbook.department.none": {"ja": "（所属なし）", "en": "(no department)"},
    "workbook.department.outside": {"ja": "部署マスタにない名前", "en": "Not in the department master"},
    "workbook.source.outcome": {"ja": "完了時の入力", "en": "Entered when closing"},
    "workbook.source.worksheet": {
        "ja": "業務シート（年間件数×1件あたり分÷60÷12）",
        "en": "Worksheet (cases a year × minutes per case ÷ 60 ÷ 12)",
    },
    "workbook.source.none": {"ja": "記録なし", "en": "No figure"},
    "workbook.artefact": {"ja": "{name}（{environment}）", "en": "{name} ({environment})"},
    "workbook.as_of": {"ja": "{date} {time}", "en": "{date} {time}"},
    "workbook.format.month": {"ja": 'yyyy"年"m"月"', "en": "mmm yyyy"},
    "workbook.chart.title": {"ja": "月別の受付と完了", "en": "Received and completed by month"},
    "workbook.chart.count": {"ja": "件数", "en": "Consultations"},
    # the dashboard's download (next to the CSV one)
    "workbook.download": {
        "ja": "この期間の集計をExcel（PDCA）でダウンロード",
        "en": "Download this period's review (Excel)",
    },
}
