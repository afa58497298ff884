"""What makes a request actionable, and how text is cleaned."""

from bot.domain.intake import Draft, Missing, clean_text, derive_title, missing


def test_short_or_vague_requests_need_details_and_unknown_department_is_asked() -> None:
    assert missing(Draft(body="相談です")) == [Missing.DETAILS, Missing.DEPARTMENT]
    assert missing(Draft(body="押印を廃止して決裁ルートを見直したいです", department="総務課")) == []
    assert missing(Draft(body="！！！？？？　　　。。。。。。。。。。", department="総務課")) == [Missing.DETAILS]


def test_clean_text_drops_control_and_bidi_characters_but_keeps_words() -> None:
    assert clean_text("\u202e押印\x00の\u200b見直し\r\n次の行 ") == "押印の見直し\n次の行"


def test_title_is_the_first_sentence_shortened() -> None:
    assert derive_title("押印を廃止したい。理由は…") == "押印を廃止したい"
    assert len(derive_title("あ" * 100)) == 40
