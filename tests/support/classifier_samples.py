"""Texts written for the classifier tests; none of them occurs in the seed or extra files."""

from bot.classifier.examples import Example
from bot.domain.category import Category

CLEAR_APP = [
    "Power Automateのフローがエラーで止まります",
    "Power Appsのギャラリーに SharePoint リストのデータが表示されません",
    "Formsの回答をTeamsに通知するフローを作りたい",
    "ＰｏｗｅｒＡｐｐｓで作ったアプリのボタンが反応しない",
    "ﾌｫｰﾑの回答をSharePointリストに自動で登録したい",
]
CLEAR_BPR = [
    "押印を廃止して決裁ルートを見直したい",
    "窓口の受付手順を見直して、住民の待ち時間を減らしたい",
    "紙の申請書をやめたい。まず現状の業務の流れ（As-Is）を整理したいです",
    "決裁の回付ルートが長すぎるので承認者を減らせないか相談したい",
]
SMALL = [Example(t, Category.APP) for t in CLEAR_APP] + [Example(t, Category.BPR) for t in CLEAR_BPR]

# Written for the reasons and tags tests: widths, emoji, English, greetings first, kana product names.
TEXTS = [
    "押印を廃止して決裁ルートを見直したい",
    "ﾊﾟﾜｰｵｰﾄﾒｲﾄのﾌﾛｰがｴﾗｰになります😭 The flow run failed",
    "HTTP アクションで 400 Bad Request が返ってきます",
    "お疲れさまです。市民課の佐藤です。いつもお世話になっております。\n窓口の受付の流れを見直したいです。",
    "ＰｏｗｅｒＡｐｐｓで作ったアプリの保存ボタンが反応しません",
    "ぱわーあっぷすで貸出管理のアプリを作りたい",
    "来客のたびに受付簿に手で書いて、月末に件数を数えています",
    "会議資料のペーパーレス化について相談です",
]

# A tiny seed data set (6 + 6) for retraining, reloading and evaluating quickly.
APP = [
    "Power Automateのフローがエラーで止まります",
    "Formsの回答をTeamsに通知するフローを作りたい",
    "PowerAppsのアプリの保存ボタンが反応しない",
    "SharePointリストに自動で登録するフローを作りたい",
    "アプリの画面に検索ボックスを付けたい",
    "Power BIのレポートが更新されません",
]
BPR = [
    "押印を廃止して決裁ルートを見直したい",
    "窓口の受付手順を見直して待ち時間を減らしたい",
    "紙の申請書をやめたいので業務の流れを整理したい",
    "決裁の回付ルートが長すぎるので承認者を減らしたい",
    "課内のファイル保存ルールを決めたい",
    "引継ぎのやり方を標準化したい",
]
