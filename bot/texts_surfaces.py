"""User-facing strings of the Teams surfaces beyond the chat: the 「相談として登録」 message action and its dialog, the
「相談を検索」 compose search, and link unfurling. Merged into bot.texts.CATALOGUE."""

from collections.abc import Mapping

SURFACES_TEXTS: Mapping[str, Mapping[str, str]] = {
    # 「相談として登録」: the dialog
    "register.dialog_title": {"ja": "相談として登録", "en": "Register as a consultation"},
    "register.heading": {
        "ja": "このメッセージを相談として登録します",
        "en": "Register this message as a consultation",
    },
    "register.requester": {"ja": "依頼者", "en": "Requester"},
    "register.requester_author": {"ja": "{name}（投稿者）", "en": "{name} (author)"},
    "register.requester_me": {"ja": "{name}（自分）", "en": "{name} (you)"},
    "register.requester_hint": {
        "ja": "依頼者は投稿者・自分・メッセージで@メンションされた人から選べます。",
        "en": "The requester is the author, you, or someone @mentioned in the message.",
    },
    "register.department_hint": {
        "ja": "空欄なら依頼者の登録済みの所属になります。",
        "en": "Left empty, the requester's remembered department is used.",
    },
    "register.submit": {"ja": "登録", "en": "Register"},
    "register.done": {
        "ja": "相談 {number} として登録しました。状況カードをこの会話に投稿し、依頼者に個人チャットでお知らせします。",
        "en": "Registered as consultation {number}. Its status card is posted in this conversation and the "
        "requester is told in a 1:1 chat.",
    },
    "register.already": {
        "ja": "このメッセージは相談 {number} として登録済みです。",
        "en": "This message is already registered as consultation {number}.",
    },
    "register.deleted": {
        "ja": "このメッセージは削除されたか、内容を読み取れません。内容のあるメッセージでお試しください。",
        "en": "This message was deleted or cannot be read. Please try it on a message with content.",
    },
    "register.empty": {
        "ja": "相談の内容が空です。内容を入力してください。",
        "en": "The consultation has no details. Please fill them in.",
    },
    "register.unknown_requester": {
        "ja": "依頼者を一覧から選んでください。",
        "en": "Please choose the requester from the list.",
    },
    "register.unreachable": {
        "ja": "{name}さんにはボットから連絡できません（ボットとの個人チャットがまだありません）。"
        "ご本人にボットとの個人チャットで「ヘルプ」と送ってもらうか、依頼者を変えてください。",
        "en": "The bot cannot reach {name} (there is no 1:1 chat with the bot yet). Ask them to send 'help' to "
        "the bot in a 1:1 chat, or choose another requester.",
    },
    "register.unknown_command": {
        "ja": "この操作には対応していません。",
        "en": "This command is not supported.",
    },
    "notify.registered_from_message": {
        "ja": "{by}さんがメッセージから相談 {number}「{title}」を登録しました。進捗はこのチャットでお知らせします。",
        "en": "{by} registered consultation {number} \"{title}\" from a message. You will be told about progress here.",
    },
    "notify.registered_own_message": {
        "ja": "メッセージから相談 {number}「{title}」を登録しました。進捗はこのチャットでお知らせします。",
        "en": "Consultation {number} \"{title}\" was registered from your message. You will be told about "
        "progress here.",
    },
    "notify.consultation_link": {"ja": "\n\nリンク: {url}", "en": "\n\nLink: {url}"},
    # 「相談を検索」
    "search.preview_subtitle": {"ja": "{status}・{category}", "en": "{status} · {category}"},
    "search.preview_text": {"ja": "依頼者: {name}（{date}）", "en": "Requester: {name} ({date})"},
    "search.nothing": {
        "ja": "該当する相談はありません。",
        "en": "No consultation matches.",
    },
    # link unfurling
    "link.consultation_title": {"ja": "相談 {number}", "en": "Consultation {number}"},
    "link.consultation_neutral": {
        "ja": "DX相談窓口の相談です。内容は依頼者と支援チームだけが見られます。",
        "en": "A consultation of the DX desk. Only its requester and the support team can see it.",
    },
    "link.dashboard_title": {"ja": "相談ダッシュボード", "en": "Consultation dashboard"},
    "link.dashboard_text": {
        "ja": "DX相談窓口の集計です。期間: {period}",
        "en": "Figures of the DX consultation desk. Period: {period}",
    },
    "link.dashboard_period_default": {"ja": "既定（今年度）", "en": "default (this fiscal year)"},
    "link.open": {"ja": "開く", "en": "Open"},
    # the consultation link's page (/c/<number>): no data without signing in to Teams
    "page.consultation_title": {"ja": "相談 {number}", "en": "Consultation {number}"},
    "page.consultation_text": {
        "ja": "この相談は Teams の相談ボットで開けます。ボットに「状況 {number}」と送るか、メッセージ欄の"
        "「相談を検索」で {number} を検索してください。内容は依頼者と支援チームだけが見られます。",
        "en": "Open this consultation in Teams: send 'status {number}' to the consult bot, or search {number} with "
        "'Search consultations' in the message box. Only its requester and the support team can see it.",
    },
    "page.consultation_bad": {
        "ja": "相談番号の形式ではありません（例：R8-0001）。",
        "en": "This is not a consultation number (for example R8-0001).",
    },
}
