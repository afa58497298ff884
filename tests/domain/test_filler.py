"""Filler (bot.domain.filler): 「相談です」「お疲れ様です」「すみません」… are not content. A title skips them, they do
not count as details, and the body keeps them as written."""

import pytest

from bot.domain.filler import filler_spans, mask_filler, without_filler
from bot.domain.intake import MIN_DETAIL_CHARS, Draft, Missing, content_length, derive_title, missing

DETAILS = "申請書の押印を廃止して、決裁ルートを見直したいです。紙の申請が月200件あります。"

FILLER_ONLY = [
    "相談です",
    "ご相談です。",
    "相談があります！",
    "質問です",
    "すみません",
    "お疲れ様です。相談です。",
    "お疲れさまです！市民課の佐藤です。ご相談させてください。",
    "いつもお世話になっております。情報政策課 田中と申します。よろしくお願いいたします。",
    "お世話になっております",
    "【相談】",
    "Hello",
]


@pytest.mark.parametrize("text", FILLER_ONLY)
def test_filler_alone_is_no_request(text: str) -> None:
    assert without_filler(text) == ""
    assert content_length(text) == 0
    assert missing(Draft(body=text, department="総務課")) == [Missing.DETAILS]
    assert mask_filler(text).strip(" 。！、【】") == ""
    assert len(mask_filler(text)) == len(text)  # positions stay aligned


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("相談です\n" + DETAILS, DETAILS),
        ("お疲れ様です。相談です。" + DETAILS, DETAILS),
        ("すみません、Formsの回答をTeamsに通知したいです", "Formsの回答をTeamsに通知したいです"),
        ("相談ですが、押印を廃止したいです", "押印を廃止したいです"),
        ("押印を廃止したいです。よろしくお願いします。", "押印を廃止したいです。"),
        ("【相談】押印を廃止したいです", "押印を廃止したいです"),
    ],
)
def test_filler_around_a_request_is_left_out(text: str, content: str) -> None:
    assert without_filler(text) == content


@pytest.mark.parametrize(
    "text",
    [
        "押印の廃止について相談です",  # the request names its subject: content, not filler
        "窓口の混雑が課題です",
        "SharePointリストのビューで、自分の担当分だけ表示したいです",  # 「…担当分…です」 is no self-introduction
        "相談窓口の受付時間を見直したい",
        "質問票の様式を減らしたい",
    ],
)
def test_content_that_looks_like_filler_is_kept(text: str) -> None:
    assert filler_spans(text) == []
    assert without_filler(text) == text


def test_the_details_become_the_title_and_filler_is_not_counted() -> None:
    assert derive_title("相談です\n" + DETAILS) == "申請書の押印を廃止して、決裁ルートを見直したいです"
    assert derive_title("お疲れ様です。市民課の佐藤です。\n窓口の流れを見直したい。") == "窓口の流れを見直したい"
    assert derive_title("相談です") == "相談です"  # nothing else to go on: the text as written
    assert content_length("お疲れ様です。押印を廃止したい") == len("押印を廃止したい") < MIN_DETAIL_CHARS
    assert missing(Draft(body="相談です\n" + DETAILS, department="総務課")) == []
