"""The volume paragraph of Appendix 一: growth, decline, a zero year, one year only."""

from decimal import Decimal as D

from selfeval.analyses.history import YearVolume, cumulative_multiple
from selfeval.presentation.history_text import growth_sentences


def _year(year: int, volume: int, growth: str | None, previous: int | None, contracted: int | None = None, multiple: str | None = None) -> YearVolume:
    return YearVolume(year, volume, "件", contracted, D(multiple) if multiple else None, D(growth) if growth else None, previous)


def test_growth_and_total_multiple() -> None:
    history = [_year(2019, 5_000_000, None, None), _year(2020, 6_000_000, "20.00", 2019), _year(2021, 12_000_000, "100.00", 2020, 10_000_000, "1.20")]
    assert growth_sentences(history) == [
        "2021年服务量为1200万件，为合同约定服务量（1000万件）的1.20倍。",
        "2020年服务量较2019年增长20.00%（600万件，上年500万件）。",
        "2021年服务量较2020年增长100.00%（1200万件，上年600万件）。",
        "2019年至2021年，服务量累计增长至2.40倍。",
    ]
    assert cumulative_multiple(history) == D("2.40")


def test_decline_reads_as_decline() -> None:
    history = [_year(2020, 8_000_000, None, None), _year(2021, 6_000_000, "-25.00", 2020)]
    assert growth_sentences(history) == [
        "2021年服务量为600万件。",
        "2021年服务量较2020年下降25.00%（600万件，上年800万件）。",
        "2020年至2021年，服务量降至2020年的0.75倍。",
    ]


def test_a_zero_year_has_no_growth_rate() -> None:
    history = [_year(2020, 0, None, None), _year(2021, 6_000_000, None, 2020)]
    assert growth_sentences(history) == ["2021年服务量为600万件。", "2021年服务量600万件（2020年服务量为0，无法计算增长率）。"]


def test_one_year_only() -> None:
    assert growth_sentences([_year(2021, 28_717_436, None, None)]) == ["2021年服务量为2871.7436万件。", "仅有2021年一个年度的服务量数据，暂无法计算同比增长。"]
