"""User-facing strings of messages that are not a DX consultation (対象外): where to go instead, and the offer to
register it as a consultation after all. Merged into bot.texts.CATALOGUE."""

from collections.abc import Mapping

SCOPE_TEXTS: Mapping[str, Mapping[str, str]] = {
    "scope.heading": {
        "ja": "このご用件は、DX相談窓口の対象外のようです",
        "en": "This does not look like a DX consultation",
    },
    "scope.go.helpdesk": {
        "ja": "パソコン・プリンター・パスワード・VPNの不具合や、Teams・Outlookの使い方は、"
        "{contact}にお問い合わせください。",
        "en": "For trouble with PCs, printers, passwords or VPN, and for how to use Teams or Outlook, please contact "
        "{contact}.",
    },
    "scope.go.facilities": {
        "ja": "会議室・公用車・備品の予約や庁舎の設備のことは、{contact}にお問い合わせください。",
        "en": "For booking rooms, cars or equipment, and for the building, please contact {contact}.",
    },
    "scope.go.personnel": {
        "ja": "休暇・給与・異動など人事のことは、{contact}にお問い合わせください。",
        "en": "For leave, pay, transfers and other personnel matters, please contact {contact}.",
    },
    "scope.helpdesk_link": {"ja": "ヘルプデスクを開く", "en": "Open the helpdesk"},
    "scope.desk_is_for": {
        "ja": "この窓口では、業務改善（BPR）やアプリ・自動化（Power Apps、Power Automate、Forms など）のご相談を"
        "受け付けています。",
        "en": "This desk takes consultations on improving work (BPR) and on apps and automation (Power Apps, "
        "Power Automate, Forms and the like).",
    },
    "scope.your_text": {"ja": "お送りいただいた内容：", "en": "What you sent:"},
    "scope.offer": {
        "ja": "DXのご相談でしたら、下のボタンで相談として登録できます。",
        "en": "If it is a DX consultation after all, the button below registers it.",
    },
    "scope.register": {"ja": "相談として登録する", "en": "Register as a consultation"},
    "scope.greeting": {
        "ja": "こんにちは。DX推進の相談窓口ボットです。業務改善（BPR）やアプリ・自動化のご相談を受け付けています。"
        "困っていること、変えたいことを送ってください（例：「紙の申請書の押印をなくしたい」"
        "「Formsの回答をExcelに自動でまとめたい」）。使い方は「ヘルプ」と送ると表示されます。",
        "en": "Hello, this is the DX consultation desk's bot. It takes consultations on improving work (BPR) and on "
        'apps and automation. Tell us what bothers you or what you would like to change (for example "stop '
        'stamping paper applications" or "collect Forms answers in Excel automatically"). Send "help" to see '
        "what I can do.",
    },
    "scope.registering": {
        "ja": "相談として登録します。続けて、いくつかお聞きします。",
        "en": "Registering it as a consultation. A few questions first.",
    },
    "scope.registered_card": {
        "ja": "この内容は相談として登録しました。",
        "en": "This was registered as a consultation.",
    },
    "scope.already_registered": {
        "ja": "この内容は、相談 {number} として登録済みです。",
        "en": "This has already been registered as consultation {number}.",
    },
    "scope.not_yours": {
        "ja": "この内容を相談として登録できるのは、送った方ご本人だけです。",
        "en": "Only the person who sent it can register this as a consultation.",
    },
    "scope.question_open": {
        "ja": "先に、いまお聞きしている質問にお答えください（やめるときは「キャンセル」と送ってください）。",
        "en": 'Please answer the open question first (send "cancel" to stop it).',
    },
    "scope.unreadable": {
        "ja": "登録する内容を読み取れませんでした。お手数ですが、ご相談の内容をもう一度メッセージで送ってください。",
        "en": "The text to register could not be read. Please send your consultation again as a message.",
    },
    "summary.turned_away": {"ja": "対象外として案内", "en": "Turned away (not a DX consultation)"},
    "summary.turned_away_counts": {
        "ja": "{n}件（うち相談として登録 {registered}件）",
        "en": "{n} (registered as consultations after all: {registered})",
    },
}
