"""Text preparation of the classifier (bot.classifier.features): widths, case and whitespace."""

from bot.classifier.features import normalize


def test_normalize_maps_width_variants_and_collapses_whitespace() -> None:
    assert normalize("ＰｏｗｅｒＡｐｐｓ") == normalize("PowerApps") == "powerapps"
    assert normalize("ﾌｫｰﾑ") == normalize("フォーム") == "フォーム"
    assert normalize("ｼｪｱﾎﾟｲﾝﾄ") == "シェアポイント"
    assert normalize("  Power\u3000\tAutomate\n\n  の フロー ") == "power automate の フロー"
    assert normalize("") == normalize(" \n\t\u3000") == ""
