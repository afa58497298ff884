"""Every user-facing string, Japanese first, English when the Teams locale is English."""

from collections.abc import Mapping
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.domain.category import Category
from bot.domain.consultation import Status
from bot.texts_ageing import AGEING_TEXTS
from bot.texts_dashboard import DASHBOARD_TEXTS
from bot.texts_memory import MEMORY_TEXTS
from bot.texts_scope import SCOPE_TEXTS
from bot.texts_surfaces import SURFACES_TEXTS
from bot.texts_workbook import WORKBOOK_TEXTS

JST = ZoneInfo("Asia/Tokyo")
LOCALES = ("ja", "en")

CATALOGUE: Mapping[str, Mapping[str, str]] = {
    # statuses and categories
    "status.received": {"ja": "受付", "en": "Received"},
    "status.assigned": {"ja": "担当決定", "en": "Assigned"},
    "status.in_progress": {"ja": "対応中", "en": "In progress"},
    "status.on_hold": {"ja": "保留", "en": "On hold"},
    "status.done": {"ja": "完了", "en": "Done"},
    "status.withdrawn": {"ja": "取り下げ", "en": "Withdrawn"},
    "category.bpr": {"ja": "業務改善（BPR）", "en": "Process improvement (BPR)"},
    "category.app": {"ja": "アプリ・自動化", "en": "App / automation"},
    "category.short.bpr": {"ja": "BPR", "en": "BPR"},
    "category.short.app": {"ja": "アプリ", "en": "App"},
    "source.auto": {"ja": "自動判定 {confidence}%", "en": "auto, {confidence}%"},
    "source.manual": {"ja": "手動設定", "en": "set by hand"},
    "category.triage": {"ja": "要確認（{category}の可能性 {confidence}%）", "en": "Needs triage ({category}? {confidence}%)"},
    "field.reasons": {"ja": "判定の根拠", "en": "Why"},
    "field.tags": {"ja": "タグ", "en": "Tags"},
    "action.set_bpr": {"ja": "BPRにする", "en": "Make it BPR"},
    "action.set_app": {"ja": "アプリにする", "en": "Make it App"},
    # status card
    "card.heading": {"ja": "相談 {number}", "en": "Consultation {number}"},
    "field.requester": {"ja": "依頼者", "en": "Requester"},
    "field.department": {"ja": "所属", "en": "Department"},
    "field.category": {"ja": "区分", "en": "Category"},
    "field.status": {"ja": "状況", "en": "Status"},
    "field.assignee": {"ja": "担当者", "en": "Assignee"},
    "field.created": {"ja": "受付日", "en": "Received"},
    "field.due": {"ja": "希望期限", "en": "Wanted by"},
    "field.closed": {"ja": "完了日", "en": "Closed"},
    "value.none": {"ja": "未定", "en": "None yet"},
    "value.unknown_department": {"ja": "未登録", "en": "Not given"},
    "action.assign_self": {"ja": "担当する", "en": "Take it"},
    "action.start": {"ja": "対応中", "en": "In progress"},
    "action.hold": {"ja": "保留", "en": "On hold"},
    "action.complete": {"ja": "完了", "en": "Done"},
    "action.reopen": {"ja": "再開", "en": "Reopen"},
    "action.reclassify": {"ja": "区分変更", "en": "Change category"},
    "notice.assigned": {"ja": "{name} さんが担当になりました。", "en": "{name} is now handling this."},
    "notice.status": {"ja": "状況を「{status}」に変更しました。", "en": 'Status changed to "{status}".'},
    "notice.reclassified": {"ja": "区分を「{category}」に変更しました。", "en": 'Category changed to "{category}".'},
    "notice.created": {
        "ja": "ご相談を受け付けました（{number}）。担当が決まり次第お知らせします。",
        "en": "Your consultation has been received ({number}). We will let you know when someone picks it up.",
    },
    # intake
    "intake.ask_details": {
        "ja": "ご相談の内容をもう少し詳しく教えてください。"
        "（例：どの業務で、何に困っていて、どうなると良いか）\n中止するときは「キャンセル」と送ってください。",
        "en": "Could you tell us a little more? (Which task, what is the problem, what would you like instead?)\n"
        'Send "cancel" to stop.',
    },
    "intake.ask_department": {
        "ja": "所属の課・部署名を教えてください（例：市民課）。",
        "en": "Which department are you in? (for example: Citizens Division)",
    },
    "intake.still_too_short": {
        "ja": "もう少し具体的に教えてください（{min}文字以上）。中止するときは「キャンセル」と送ってください。",
        "en": 'Please describe it in a bit more detail ({min} characters or more). Send "cancel" to stop.',
    },
    "intake.mention_hint": {
        "ja": "\n※チャネルでは、返信に @相談ボット のメンションを付けてください。",
        "en": "\nIn a channel, please @mention the bot in your reply.",
    },
    "intake.cancelled": {"ja": "ご相談の入力を中止しました。", "en": "The consultation was cancelled."},
    "intake.nothing_to_cancel": {"ja": "中止する入力はありません。", "en": "There is nothing to cancel."},
    "intake.empty": {
        "ja": "ご相談の内容を入力してください。使い方は「ヘルプ」と送ると表示されます。",
        "en": 'Please write your consultation. Send "help" to see what I can do.',
    },
    "intake.too_long": {
        "ja": "申し訳ありません。内容が長すぎます（{length}文字、上限{limit}文字）。要点を短くまとめて、"
        "詳しい資料は添付ファイルでお送りください。",
        "en": "Sorry, that is too long ({length} characters, limit {limit}). Please summarise it and attach documents.",
    },
    # intake form
    "form.heading": {"ja": "新規相談", "en": "New consultation"},
    "form.title": {"ja": "件名", "en": "Subject"},
    "form.title_placeholder": {"ja": "例：押印の見直し", "en": "e.g. Stop using seals"},
    "form.body": {"ja": "内容", "en": "Details"},
    "form.body_placeholder": {
        "ja": "どの業務で、何に困っていて、どうなると良いか",
        "en": "Which task, what is the problem, what would you like instead?",
    },
    "form.department": {"ja": "所属", "en": "Department"},
    "form.due": {"ja": "希望期限", "en": "Wanted by"},
    "form.submit": {"ja": "送信", "en": "Submit"},
    "form.body_required": {"ja": "内容を入力してください。", "en": "Please fill in the details."},
    "form.body_too_short": {
        "ja": "内容をもう少し詳しく書いてください（{min}文字以上）。",
        "en": "Please write a bit more ({min} characters or more).",
    },
    "form.too_long": {"ja": "{field}が長すぎます（上限{limit}文字）。", "en": "{field} is too long (limit {limit})."},
    "form.bad_date": {"ja": "希望期限の日付が読み取れません。", "en": "The date could not be read."},
    # commands
    "help": {
        "ja": "**相談ボットの使い方**\n\n"
        "- ご相談はそのまま文章で送ってください。内容から「業務改善（BPR）」か「アプリ・自動化」かを判定して受け付けます。\n"
        "- **新規**：入力フォームで相談する\n"
        "- **一覧**：自分の相談の一覧（支援チームは未完了の一覧。例：一覧 未割当）\n"
        "- **状況 {example}**：相談のカードを表示\n"
        "- **詳細 {example}**：やり取りと履歴を含む詳細\n"
        "- **検索 キーワード**：件名・内容から探す\n"
        "- **集計 期間**：受付・完了の件数と完了率（例：集計 今年度、集計 今月。取り下げは受付に含めません）\n"
        "- **要対応**：（支援チーム）担当者なし・保留が長い・希望期限が近い相談（営業日で数えます）\n"
        "- **部署**：（支援チーム）部署マスタの一覧・追加・名称変更（例：部署 追加 市民課）\n"
        "- **類似 {example}**：（支援チーム）その相談に似た過去の相談（完了したものが先）\n"
        "- **事例 キーワード**：（支援チーム）完了した相談の解決内容・成果物から探す\n"
        "- **設定**：（支援チーム）チャネルを相談窓口・集計先に設定\n"
        "- **キャンセル**：入力中の相談を中止\n"
        "- **ヘルプ**：この説明",
        "en": "**How to use Consult Bot**\n\n"
        "- Just write your consultation; I will classify it as process improvement (BPR) or app/automation.\n"
        "- **new**: fill in a form\n"
        "- **list**: your consultations (the support team: the open queue, e.g. list unassigned)\n"
        "- **status {example}**: show one consultation's card\n"
        "- **details {example}**: the full record with notes and history\n"
        "- **search keywords**: find consultations by title and text\n"
        "- **summary period**: received, done and completion rate (e.g. summary this fy, summary this month; "
        "withdrawn ones are not counted as received)\n"
        "- **digest**: (support team) consultations unassigned, long on hold or near their date (business days)\n"
        "- **departments**: (support team) list, add or rename departments (e.g. departments add Citizens)\n"
        "- **similar {example}**: (support team) earlier consultations like that one (completed ones first)\n"
        "- **cases keywords**: (support team) search the resolutions and artefacts of completed consultations\n"
        "- **setup**: (support team) make this channel the intake or summary channel\n"
        "- **cancel**: stop the consultation you are writing\n"
        "- **help**: this text",
    },
    "list.heading": {
        "ja": "あなたの相談（新しい順、最大{limit}件）",
        "en": "Your consultations (newest first, up to {limit})",
    },
    "list.empty": {"ja": "まだ相談はありません。", "en": "You have no consultations yet."},
    "status.usage": {
        "ja": "番号を付けて送ってください（例：状況 {example}）。",
        "en": "Please add the number (for example: status {example}).",
    },
    # errors
    "error.generic": {
        "ja": "申し訳ありません。処理中に問題が発生しました。時間をおいて再度お試しください。（問い合わせ番号：{ref}）",
        "en": "Sorry, something went wrong. Please try again later. (Reference: {ref})",
    },
    "error.not_found": {"ja": "該当する相談が見つかりません（{number}）。", "en": "No consultation found ({number})."},
    "error.invalid_transition": {
        "ja": "「{status}」の相談を「{target}」にはできません。",
        "en": 'A consultation that is "{status}" cannot be set to "{target}".',
    },
    "error.already_in_status": {"ja": "すでに「{status}」です。", "en": 'It is already "{status}".'},
    "error.already_assigned": {"ja": "すでに {name} さんが担当しています。", "en": "{name} is already handling this."},
    "error.already_category": {"ja": "すでに「{category}」です。", "en": 'It is already "{category}".'},
    "error.closed": {"ja": "この相談は「{status}」のため変更できません。", "en": 'This consultation is "{status}".'},
    "error.not_allowed": {
        "ja": "この操作は支援チームのメンバーのみ行えます。",
        "en": "Only members of the support team can do this.",
    },
    "error.conflict": {
        "ja": "ほかの方が同時に更新しました。最新の状態を表示しています。もう一度操作してください。",
        "en": "Someone else changed this at the same time. The card shows the latest state; please try again.",
    },
    "error.duplicate": {"ja": "この相談はすでに受け付けています。", "en": "This consultation was already received."},
    "error.invalid_input": {
        "ja": "送信内容を読み取れませんでした。カードを開き直して、もう一度お試しください。",
        "en": "The submission could not be read. Please reopen the card and try again.",
    },
    "error.db_spooled": {
        "ja": "申し訳ありません。一時的に保存できません。ご相談の内容はお預かりしました。復旧しだい登録して、ここでお知らせします。",
        "en": "Sorry, we cannot save right now. We have kept your consultation and will register it and tell you here "
        "as soon as we can.",
    },
    "error.db_unavailable": {
        "ja": "申し訳ありません。一時的に保存できません。少し時間をおいてもう一度送ってください。",
        "en": "Sorry, we cannot save right now. Please send it again in a little while.",
    },
    # issue 3: roles, assignment, closing, notes, worksheet, lists, setup
    "action.more": {"ja": "その他", "en": "More"},
    "action.assign_to": {"ja": "この人を担当にする", "en": "Assign"},
    "action.unassign": {"ja": "担当解除", "en": "Unassign"},
    "action.close": {"ja": "完了にする", "en": "Close"},
    "action.add_note": {"ja": "追記", "en": "Add details"},
    "action.send_note": {"ja": "送信", "en": "Send"},
    "action.withdraw": {"ja": "取り下げ", "en": "Withdraw"},
    "action.worksheet": {"ja": "As-Is/To-Be ワークシート", "en": "As-Is/To-Be worksheet"},
    "action.save": {"ja": "保存", "en": "Save"},
    "action.details": {"ja": "詳細", "en": "Details"},
    "action.prev": {"ja": "前へ", "en": "Previous"},
    "action.next": {"ja": "次へ", "en": "Next"},
    "action.show": {"ja": "表示", "en": "Show"},
    "action.back": {"ja": "戻る", "en": "Back"},
    "input.assignee": {"ja": "担当者", "en": "Assignee"},
    "input.note": {"ja": "追記する内容", "en": "What to add"},
    "input.resolution": {"ja": "解決内容（必須）", "en": "Resolution (required)"},
    "input.hours_saved": {"ja": "削減時間の見込み（時間／月）", "en": "Hours saved per month (estimate)"},
    "input.artefact_name": {"ja": "成果物（アプリ・フロー名）", "en": "Artefact (app or flow name)"},
    "input.artefact_environment": {"ja": "環境", "en": "Environment"},
    "input.artefact_owner": {"ja": "所有者", "en": "Owner"},
    "field.resolution": {"ja": "解決内容", "en": "Resolution"},
    "field.hours_saved": {"ja": "削減時間（月）", "en": "Hours saved per month"},
    "field.artefact": {"ja": "成果物", "en": "Artefact"},
    "value.hours": {"ja": "{hours}時間", "en": "{hours} h"},
    "notice.unassigned": {"ja": "担当を解除しました。", "en": "Nobody is assigned now."},
    "notice.closed": {"ja": "完了にしました。", "en": "Closed."},
    "notice.withdrawn": {"ja": "取り下げました。", "en": "Withdrawn."},
    "notice.note_added": {"ja": "追記しました。", "en": "Added."},
    "notice.worksheet_saved": {"ja": "ワークシートを保存しました。", "en": "The worksheet was saved."},
    "error.not_assigned": {"ja": "担当者がいません。", "en": "Nobody is assigned."},
    "error.resolution_required": {
        "ja": "完了にするには解決内容を入力してください。",
        "en": "Please write the resolution to close it.",
    },
    "error.bad_number": {
        "ja": "{field}は0以上の数値で入力してください。",
        "en": "{field} must be a number, 0 or more.",
    },
    "error.note_empty": {"ja": "追記する内容を入力してください。", "en": "Please write what to add."},
    "error.not_member": {
        "ja": "選ばれた方は支援チームのメンバーではありません。",
        "en": "That person is not a member of the support team.",
    },
    "error.requester_only": {
        "ja": "この操作は依頼者ご本人のみ行えます。",
        "en": "Only the person who asked can do this.",
    },
    "error.not_yours": {
        "ja": "この相談を表示できるのは依頼者と支援チームのみです。",
        "en": "Only the requester and the support team can see this consultation.",
    },
    "error.worksheet_bpr_only": {
        "ja": "ワークシートは業務改善（BPR）の相談で使えます。",
        "en": "The worksheet is for process-improvement (BPR) consultations.",
    },
    # notifications to the requester (1:1)
    "notify.assigned": {
        "ja": "【{number}】ご相談「{title}」の担当者が {name} さんに決まりました。",
        "en": '[{number}] {name} is now handling your consultation "{title}".',
    },
    "notify.unassigned": {
        "ja": "【{number}】ご相談「{title}」の担当者が未定に戻りました。",
        "en": '[{number}] Your consultation "{title}" has no assignee for now.',
    },
    "notify.status": {
        "ja": "【{number}】ご相談「{title}」の状況が「{status}」になりました。",
        "en": '[{number}] Your consultation "{title}" is now "{status}".',
    },
    "notify.reclassified": {
        "ja": "【{number}】ご相談「{title}」の区分が「{category}」に変更されました。",
        "en": '[{number}] Your consultation "{title}" is now filed as "{category}".',
    },
    "notify.closed": {
        "ja": "【{number}】ご相談「{title}」が完了しました。\n解決内容：{resolution}",
        "en": '[{number}] Your consultation "{title}" is done.\nResolution: {resolution}',
    },
    "notify.reply": {
        "ja": "【{number}】ご相談「{title}」に {name} さんから返信がありました：\n{excerpt}",
        "en": '[{number}] {name} replied to your consultation "{title}":\n{excerpt}',
    },
    "notify.link": {"ja": "\n[スレッドを開く]({url})", "en": "\n[Open the thread]({url})"},
    # details
    "details.heading": {"ja": "相談 {number} の詳細", "en": "Consultation {number}: details"},
    "details.body": {"ja": "内容", "en": "Details"},
    "details.notes": {"ja": "やり取り", "en": "Notes"},
    "details.no_notes": {"ja": "まだやり取りはありません。", "en": "No notes yet."},
    "details.history": {"ja": "履歴", "en": "History"},
    "details.worksheet": {"ja": "As-Is/To-Be ワークシート", "en": "As-Is/To-Be worksheet"},
    "role.support": {"ja": "支援チーム", "en": "support team"},
    "role.requester": {"ja": "依頼者", "en": "requester"},
    "role.other": {"ja": "参加者", "en": "participant"},
    "event.created": {"ja": "受付", "en": "received"},
    "event.assigned": {"ja": "担当 → {to}", "en": "assigned → {to}"},
    "event.unassigned": {"ja": "担当解除", "en": "unassigned"},
    "event.status_changed": {"ja": "状況 {from_} → {to}", "en": "status {from_} → {to}"},
    "event.reclassified": {"ja": "区分 {from_} → {to}", "en": "category {from_} → {to}"},
    "event.note_added": {"ja": "追記", "en": "note added"},
    "event.worksheet_saved": {"ja": "ワークシート保存", "en": "worksheet saved"},
    # worksheet
    "worksheet.heading": {"ja": "As-Is/To-Be ワークシート（{number}）", "en": "As-Is/To-Be worksheet ({number})"},
    "worksheet.as_is": {"ja": "現状の業務", "en": "Current process (As-Is)"},
    "worksheet.problems": {"ja": "課題", "en": "Problems"},
    "worksheet.to_be": {"ja": "理想の姿", "en": "Target (To-Be)"},
    "worksheet.gap": {"ja": "ギャップ", "en": "Gap"},
    "worksheet.effects": {"ja": "期待効果", "en": "Expected effects"},
    "worksheet.yearly_count": {"ja": "年間件数", "en": "Cases per year"},
    "worksheet.minutes_per_case": {"ja": "1件あたり時間（分）", "en": "Minutes per case"},
    "worksheet.hours_per_year": {"ja": "年間の作業時間（計算）", "en": "Hours per year (computed)"},
    # lists and search
    "queue.heading": {"ja": "相談の一覧：{filter}（{total}件）", "en": "Consultations: {filter} ({total})"},
    "queue.page": {"ja": "{page} / {pages} ページ", "en": "Page {page} of {pages}"},
    "queue.workload": {"ja": "担当者別の対応中件数", "en": "Open consultations per assignee"},
    "queue.filter": {"ja": "絞り込み", "en": "Filter"},
    "queue.unassigned_label": {"ja": "未割当", "en": "unassigned"},
    "filter.open": {"ja": "未完了すべて", "en": "all open"},
    "filter.unassigned": {"ja": "未割当", "en": "unassigned"},
    "filter.mine": {"ja": "自分の担当", "en": "mine"},
    "filter.in_progress": {"ja": "対応中", "en": "in progress"},
    "filter.on_hold": {"ja": "保留", "en": "on hold"},
    "filter.bpr": {"ja": "BPR", "en": "BPR"},
    "filter.app": {"ja": "アプリ", "en": "App"},
    "search.heading": {"ja": "「{query}」の検索結果（{count}件）", "en": 'Results for "{query}" ({count})'},
    "search.usage": {
        "ja": "キーワードを付けて送ってください（例：検索 押印）。",
        "en": "Add keywords (for example: search seal).",
    },
    # setup
    "setup.usage": {
        "ja": "チャネルで次のように送ってください：\n- **設定 相談**：このチャネルを相談窓口にする\n"
        "- **設定 集計**：このチャネルに週次の集計を送る\n- **設定 支援チーム**：このチームのメンバーを支援チームにする\n"
        "- **設定 解除 相談**（または 集計）：設定を外す",
        "en": "Send in a channel:\n- **setup intake**: take consultations in this channel\n"
        "- **setup summary**: post the weekly summary here\n- **setup team**: this team's members are the support team\n"
        "- **setup remove intake** (or summary): undo",
    },
    "setup.channel_only": {
        "ja": "設定はチームのチャネルで行ってください。",
        "en": "Please run setup in a team channel.",
    },
    "setup.done.intake": {
        "ja": "このチャネルを相談窓口に設定しました。",
        "en": "This channel now takes consultations.",
    },
    "setup.done.summary": {
        "ja": "このチャネルを集計の送信先に設定しました。",
        "en": "The weekly summary will be posted here.",
    },
    "setup.done.support_team": {
        "ja": "このチームのメンバー（{count}名）を支援チームに設定しました。",
        "en": "This team's members ({count}) are now the support team.",
    },
    "setup.removed": {"ja": "設定を解除しました。", "en": "The setting was removed."},
    "setup.not_set": {"ja": "その設定はありません。", "en": "There is no such setting."},
    "setup.current": {"ja": "現在の設定：\n{lines}", "en": "Current settings:\n{lines}"},
    "setup.none": {"ja": "（まだ設定はありません）", "en": "(nothing set yet)"},
    "departments.list": {"ja": "部署マスタ（{count}件）：{names}", "en": "Departments ({count}): {names}"},
    "departments.none": {"ja": "（未登録）", "en": "(none yet)"},
    "departments.added": {"ja": "{count}件の部署を登録しました：{names}", "en": "Added {count}: {names}"},
    "departments.renamed": {
        "ja": "「{old}」を「{new}」に変更しました。旧名称の相談も新しい部署として集計します。",
        "en": "Renamed \"{old}\" to \"{new}\"; consultations under the old name count for it.",
    },
    "departments.not_renamed": {
        "ja": "「{old}」が見つからないか、「{new}」がすでにあります。",
        "en": "\"{old}\" was not found or \"{new}\" exists already.",
    },
    "departments.removed": {"ja": "{count}件の部署を無効にしました。", "en": "Deactivated {count}."},
    "departments.usage": {
        "ja": "使い方：部署（一覧）／部署 追加 市民課 税務課／部署 変更 旧名 新名／部署 削除 名前",
        "en": "Usage: departments / departments add A B / departments rename OLD NEW / departments remove NAME",
    },
    # summary (weekly and 集計)
    "summary.heading": {"ja": "DX相談 集計：{period}", "en": "DX consultations: {period}"},
    "summary.weekly_heading": {"ja": "DX相談 週次集計（{period}）", "en": "DX consultations weekly summary ({period})"},
    "summary.headline": {
        "ja": "BPR {bpr_received}件、完了{bpr_completed}件（{bpr_rate}%）／アプリ {app_received}件、完了{app_completed}件（{app_rate}%）",
        "en": "BPR {bpr_received}, done {bpr_completed} ({bpr_rate}%) / App {app_received}, done {app_completed} ({app_rate}%)",
    },
    "summary.mix": {"ja": "区分の内訳（受付件数）", "en": "Category mix (received)"},
    "summary.done_vs_open": {"ja": "完了と未完了", "en": "Done vs open"},
    "summary.done": {"ja": "完了", "en": "Done"},
    "summary.open": {"ja": "未完了", "en": "Open"},
    "summary.total": {"ja": "合計", "en": "Total"},
    "summary.rate": {"ja": "{received}件、完了{completed}件（{rate}%）", "en": "{received}, done {completed} ({rate}%)"},
    "summary.lead_time": {"ja": "{category} 完了までの日数", "en": "{category} days to close"},
    "summary.days": {"ja": "中央値 {median}日／90%値 {p90}日", "en": "median {median} / p90 {p90} days"},
    "summary.hours_saved": {"ja": "削減時間の見込み（月）", "en": "Hours saved per month (estimate)"},
    "summary.backlog": {"ja": "未完了の相談（現在）", "en": "Open consultations (now)"},
    "summary.age": {"ja": "経過 {bucket}日", "en": "Age {bucket} days"},
    "summary.this_week": {"ja": "週（{week}）", "en": "Week ({week})"},
    "summary.week_counts": {"ja": "新規 {new}件／完了 {closed}件", "en": "new {new} / closed {closed}"},
    "summary.departments": {"ja": "相談の多い部署", "en": "Top departments"},
    "summary.count": {"ja": "{n}件", "en": "{n}"},
    "summary.silent": {"ja": "相談のない部署：{names}", "en": "No consultations from: {names}"},
    "summary.more": {"ja": " ほか{n}部署", "en": " and {n} more"},
    "summary.open_dashboard": {"ja": "ダッシュボードを開く", "en": "Open the dashboard"},
    "summary.bad_period": {
        "ja": "期間を読み取れませんでした。例：集計 今年度／集計 R6年度／集計 今月／集計 2024-04-01..2025-06-30",
        "en": "The period could not be read. e.g. summary this fy / summary FY2024 / summary 2024-04-01..2025-06-30",
    },
    "purpose.intake": {"ja": "相談窓口", "en": "intake"},
    "purpose.summary": {"ja": "集計の送信先", "en": "summary"},
    "purpose.support_team": {"ja": "支援チーム", "en": "support team"},
    # the dashboard: its keys live in bot/texts_dashboard.py
    **DASHBOARD_TEXTS,
    **MEMORY_TEXTS,
    **SCOPE_TEXTS,
    **SURFACES_TEXTS,
    **AGEING_TEXTS,
    **WORKBOOK_TEXTS,
    # issue 12: reports and docs
    "summary.withdrawn": {"ja": "取り下げ（受付に含めず）", "en": "Withdrawn (not counted as received)"},
    "summary.week_counts_withdrawn": {
        "ja": "新規 {new}件（取り下げ {withdrawn}件を除く）／完了 {closed}件",
        "en": "new {new} (not counting {withdrawn} withdrawn) / closed {closed}",
    },
    # CSV export columns (the import reads these, the English names and the codes alike)
    "csv.column.number": {"ja": "番号", "en": "Number"},
    "csv.column.title": {"ja": "件名", "en": "Title"},
    "csv.column.body": {"ja": "内容", "en": "Details"},
    "csv.column.category": {"ja": "区分", "en": "Category"},
    "csv.column.status": {"ja": "状況", "en": "Status"},
    "csv.column.department": {"ja": "所属", "en": "Department"},
    "csv.column.created": {"ja": "受付日", "en": "Received on"},
    "csv.column.closed": {"ja": "完了日", "en": "Closed on"},
    "csv.column.hours_saved_per_month": {"ja": "削減時間（時間／月）", "en": "Hours saved per month"},
    "csv.column.resolution": {"ja": "解決内容", "en": "Resolution"},
    "csv.column.artefact_name": {"ja": "成果物", "en": "Artefact"},
    # issue 12: departments and people
    "people.unknown": {"ja": "（名前未取得）", "en": "(name unknown)"},
    "question.pick": {"ja": "所属", "en": "Department"},
    "question.pick_placeholder": {"ja": "課・部署名の一部を入力して選択", "en": "Type to find your department"},
    "question.pick_required": {"ja": "一覧から選んでください。", "en": "Please choose one from the list."},
    "question.or_type": {
        "ja": "チャットに課・部署名を入力して送っても構いません。",
        "en": "You can also type its name in the chat.",
    },
    "question.submit": {"ja": "送信", "en": "Send"},
    "question.closed": {
        "ja": "この質問への回答はすでに終わっています。ご相談はそのまま文章で送ってください。",
        "en": "This question has been answered already. Just write your consultation.",
    },
    "question.department_retry": {
        "ja": "所属の課・部署名だけを送ってください（例：市民課、情報政策課）。中止するときは「キャンセル」と送ってください。",
        "en": 'Please send only the name of your department (for example: Citizens Division). Send "cancel" to stop.',
    },
    "question.department_retry_choices": {
        "ja": "部署マスタにない所属です。一覧から選ぶか、正しい課・部署名を送ってください。中止するときは「キャンセル」と送ってください。",
        "en": 'That department is not in the list. Choose it from the list or send its exact name. Send "cancel" to stop.',
    },
    "question.department_diverted": {
        "ja": "「{excerpt}」は新しいご相談としてお預かりしました（入力中のご相談とあわせて{count}件）。"
        "所属を教えていただくと、まとめて受け付けます。",
        "en": 'We have kept "{excerpt}" as a new consultation ({count} waiting, with the one you were writing). '
        "Tell us your department and we will take them all in.",
    },
    "form.department_invalid": {
        "ja": "所属は課・部署名で入力してください（例：市民課）。",
        "en": "Please enter the name of your department (for example: Citizens Division).",
    },
    "form.department_not_in_master": {
        "ja": "所属が部署マスタにありません。正しい課・部署名を入力してください。",
        "en": "That department is not in the department list. Please enter its exact name.",
    },
    "department.updated": {
        "ja": "所属を{department}に更新しました。次回からもこの所属で受け付けます。",
        "en": "Your department is now {department}; we will use it from now on.",
    },
    "department.saved": {
        "ja": "所属を{department}として登録しました。次回からもこの所属で受け付けます。",
        "en": "Your department, {department}, is saved; we will use it from now on.",
    },
    # issue 12: classification and intake
    "form.due_past": {
        "ja": "希望期限（{due}）が過ぎています。本日（{today}）以降の日付を選んでください。",
        "en": "The wanted-by date ({due}) has already passed. Please choose today ({today}) or a later date.",
    },
    # issue 12: cards and text
    "field.withdrawn_on": {"ja": "取り下げ日", "en": "Withdrawn on"},
    "action.withdraw_confirm": {"ja": "取り下げる", "en": "Withdraw it"},
    "withdraw.warning": {
        "ja": "取り下げると、この相談はご自身では元に戻せません。よろしければ「取り下げる」を押してください。",
        "en": 'Once withdrawn, you cannot reopen this consultation yourself. Press "Withdraw it" to confirm.',
    },
    "action.open": {"ja": "開く", "en": "Open"},
    "search.none": {
        "ja": "「{query}」に一致する相談はありませんでした。",
        "en": 'No consultation matches "{query}".',
    },
    "queue.none": {"ja": "この条件に合う相談はありません。", "en": "No consultation matches this filter."},
    "details.heading_part": {
        "ja": "相談 {number} の詳細（{part}/{parts}）",
        "en": "Consultation {number}: details ({part} of {parts})",
    },
    "details.in_parts": {
        "ja": "記録が長いため、{parts}回に分けて表示しています（{part}/{parts}）。",
        "en": "This record is long, so it is shown in {parts} parts (this is part {part}).",
    },
    "details.body_continued": {"ja": "内容（続き）", "en": "Details (continued)"},
    "action.next_part": {"ja": "続きを表示", "en": "Show the rest"},
    "action.prev_part": {"ja": "前の部分", "en": "Previous part"},
    # sub-tags (codes stay in CSV and JSON; bot/classifier/tags.py knows their categories)
    "tag.approval-flow": {"ja": "決裁・承認フロー", "en": "Approval flow"},
    "tag.as-is-to-be": {"ja": "業務の見直し（As-Is/To-Be）", "en": "As-Is/To-Be review"},
    "tag.copilot-studio": {"ja": "Copilot Studio", "en": "Copilot Studio"},
    "tag.counter-service": {"ja": "窓口業務", "en": "Counter service"},
    "tag.cross-dept": {"ja": "部署間の連携", "en": "Cross-department"},
    "tag.data-rules": {"ja": "データの管理ルール", "en": "Data rules"},
    "tag.dataverse": {"ja": "Dataverse", "en": "Dataverse"},
    "tag.document-management": {"ja": "文書管理", "en": "Document management"},
    "tag.error-fix": {"ja": "エラー対応", "en": "Fixing errors"},
    "tag.excel-vba": {"ja": "Excel・VBA", "en": "Excel / VBA"},
    "tag.forms": {"ja": "様式・帳票", "en": "Forms and templates"},
    "tag.info-sharing": {"ja": "情報共有", "en": "Information sharing"},
    "tag.licensing": {"ja": "ライセンス", "en": "Licensing"},
    "tag.ms-forms": {"ja": "Microsoft Forms", "en": "Microsoft Forms"},
    "tag.notifications": {"ja": "通知", "en": "Notifications"},
    "tag.paper-reduction": {"ja": "紙の削減", "en": "Paper reduction"},
    "tag.permissions": {"ja": "権限設定", "en": "Permissions"},
    "tag.power-apps": {"ja": "Power Apps", "en": "Power Apps"},
    "tag.power-automate": {"ja": "Power Automate", "en": "Power Automate"},
    "tag.power-bi": {"ja": "Power BI", "en": "Power BI"},
    "tag.sharepoint-list": {"ja": "SharePointリスト", "en": "SharePoint list"},
    "tag.training": {"ja": "研修・スキルアップ", "en": "Training"},
}


def locale_of(tag: str | None, default: str = "ja") -> str:
    """'en-US' -> 'en'; anything not English -> Japanese (the default)."""
    if tag and tag.lower().startswith("en"):
        return "en"
    if tag and tag.lower().startswith("ja"):
        return "ja"
    return default


def t(key: str, locale: str = "ja", **params: object) -> str:
    entry = CATALOGUE[key]
    text = entry.get(locale) or entry["ja"]
    if not params:
        return text
    labels = {k: label(v, locale) for k, v in params.items()}
    return text.format(**labels)


def label(value: object, locale: str) -> str:
    """Statuses and categories become their localised names; everything else is str()."""
    if isinstance(value, Status):
        return t(f"status.{value}", locale)
    if isinstance(value, Category):
        return t(f"category.{value}", locale)
    return str(value)


def local_date(value: datetime | date, locale: str) -> str:
    day = value.astimezone(JST).date() if isinstance(value, datetime) else value
    return f"{day.year}年{day.month}月{day.day}日" if locale == "ja" else day.isoformat()
