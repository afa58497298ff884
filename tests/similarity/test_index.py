"""The similarity index: closest first, words that mean the same thing meet, entries come and go one at a time."""

from bot.similarity.concepts import concepts_in
from bot.similarity.features import FeatureConfig, features
from bot.similarity.index import SimilarityIndex


def index_of(texts: dict[int, str], config: FeatureConfig | None = None) -> SimilarityIndex[str]:
    index: SimilarityIndex[str] = SimilarityIndex(config) if config else SimilarityIndex()
    for key, text in texts.items():
        index.upsert(key, text, f"case-{key}")
    return index


CASES = {
    1: "出張命令書に課長と部長の押印をもらうまで出張に行けません。",
    2: "会議室の予約を紙の予約簿で管理しています。",
    3: "アンケートを紙で配って手入力で集計しています。",
    4: "ごみ収集日の問い合わせ電話が多くて対応に追われています。",
}


def test_the_closest_case_comes_first_with_a_score_between_0_and_1() -> None:
    hits = index_of(CASES).search("会議室の予約簿をやめたい", limit=3)

    assert hits[0].key == 2 and hits[0].item == "case-2"
    assert all(0 < h.score <= 1 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_words_that_mean_the_same_meet_through_a_concept() -> None:
    """ハンコ and 押印 share no character; both are the concept "seal"."""
    request = "研修に行くときのハンコ待ちをなくしたい"
    assert "seal" in concepts_in("押印") & concepts_in("はんこ") & concepts_in("ハンコ") & concepts_in("判子")

    assert index_of(CASES).search(request, limit=1)[0].key == 1
    assert "~seal" not in features(request, FeatureConfig.plain())


def test_product_names_in_katakana_are_their_english_names() -> None:
    assert {" power", " automate", " power automate"} <= set(features("パワオトで通知したい"))
    assert {" power", " automate"} <= set(features("Power Automateで通知したい"))


def test_a_replaced_entry_is_found_by_its_new_text_only() -> None:
    index = index_of(CASES)

    index.upsert(2, "公用車の運転日誌を電子化したい", "case-2 v2")

    assert len(index) == 4
    assert all(h.key != 2 for h in index.search("会議室の予約簿", limit=4))
    assert index.search("運転日誌", limit=1)[0].item == "case-2 v2"


def test_a_removed_entry_is_not_found_and_removing_twice_is_harmless() -> None:
    index = index_of(CASES)

    index.remove(4)
    index.remove(4)

    assert 4 not in index and len(index) == 3
    assert all(h.key != 4 for h in index.search("ごみ収集日の問い合わせ電話", limit=4))


def test_many_replacements_compact_the_index_and_it_still_answers() -> None:
    index = index_of(CASES)
    for round_ in range(200):
        index.upsert(3, f"アンケートを紙で配って集計しています（{round_}回目）", f"v{round_}")

    assert len(index) == 4
    assert index.search("アンケートの集計", limit=1)[0].item == "v199"
    assert index.search("会議室の予約簿", limit=1)[0].key == 2


def test_accept_filters_what_a_search_returns() -> None:
    hits = index_of(CASES).search("紙で管理", limit=4, accept=lambda item: item != "case-2")

    assert hits and all(h.item != "case-2" for h in hits)


def test_nothing_in_common_or_nothing_to_read_finds_nothing() -> None:
    index = index_of(CASES)

    assert index.search("よろしくお願いします。", limit=3) == []
    assert index.search("", limit=3) == []
    assert index.search("😀 !!!", limit=3) == []
    assert SimilarityIndex[str]().search("会議室", limit=3) == []


def test_keys_in_most_entries_are_skipped_but_concepts_never() -> None:
    """With 100 entries that all say 「電話」, the bigram 電話 carries no score; the concept of phoning does."""
    index = index_of({i: f"電話で受け付けています{i}号" for i in range(100)} | {100: "窓口で受け付けています"})

    hits = index.search("電話", limit=100)
    assert len(hits) == 100 and all(h.key != 100 for h in hits)  # found through "~phone", not skipped
