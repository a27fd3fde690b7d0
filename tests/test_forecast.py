"""Service-volume forecast: the three cases (≥3, 2, 1 years) on SYNTHETIC fixture years.

tests/fixtures/years/2019 and 2020 carry invented service volumes (12,000,000 and
20,000,000); 2021 carries the report's 28,717,436. The log-linear interval is checked against
an independent matrix formulation of the same regression (numpy least squares).
"""

from __future__ import annotations

import math
import shutil
from decimal import Decimal as D
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

from selfeval.analyses.forecast import VolumePoint, forecast_for, forecast_volume, volume_points
from selfeval.presentation.forecast_text import forecast_sentences, reason_sentence

DATA = Path(__file__).resolve().parents[1] / "data"
YEARS = Path(__file__).resolve().parent / "fixtures" / "years"


def subset_root(tmp_path: Path, *years: int) -> Path:
    root = tmp_path / "data"
    for y in years:
        shutil.copytree(YEARS / str(y), root / str(y))
    return root


def reference_interval(points: list[tuple[int, int]], x0: int, level: float) -> tuple[float, float, float]:
    """ŷ and its prediction interval via the design matrix: var = s²·(1 + x0ᵀ(XᵀX)⁻¹x0)."""
    from scipy.stats import t as student_t  # 0.7 s: only where an interval is checked

    x = np.array([[1.0, y] for y, _ in points])
    v = np.log([float(vol) for _, vol in points])
    beta, res, *_ = np.linalg.lstsq(x, v, rcond=None)
    dof = len(points) - 2
    s2 = float(res[0]) / dof
    x0v = np.array([1.0, x0])
    var = s2 * (1 + x0v @ np.linalg.inv(x.T @ x) @ x0v)
    y_hat = float(x0v @ beta)
    half = student_t.ppf((1 + level) / 2, dof) * math.sqrt(var)
    return math.exp(y_hat), math.exp(y_hat - half), math.exp(y_hat + half)


def test_history_reads_the_fixture_years():
    assert volume_points(YEARS) == [VolumePoint(2019, 12000000), VolumePoint(2020, 20000000), VolumePoint(2021, 28717436)]
    assert volume_points(YEARS, up_to=2020)[-1].year == 2020


def test_three_years_log_linear_with_prediction_interval():
    fc = forecast_for(YEARS)
    assert (fc.method, fc.next_year, fc.level) == ("log_linear", 2022, D("0.95"))
    point, lower, upper = reference_interval([(2019, 12000000), (2020, 20000000), (2021, 28717436)], 2022, 0.95)
    assert fc.point == round(point) and fc.lower == round(lower) and fc.upper == round(upper)
    assert fc.lower < fc.point < fc.upper
    # trend: the fitted annual growth, e^slope − 1
    slope = (math.log(28717436) - math.log(12000000)) / 2  # with 3 equally spaced years the LS slope is the end-to-end one
    assert float(fc.annual_growth) == pytest.approx((math.exp(slope) - 1) * 100, abs=0.005)


def test_contract_volume_covers_the_upper_bound():
    fc = forecast_for(YEARS)
    needed = fc.contracted_volume_needed
    assert needed % 10000 == 0 and fc.upper <= needed < fc.upper + 10000
    assert Fraction(fc.upper, needed) <= 1  # the multiple stays ≤ 1 even at the upper bound
    text = "".join(forecast_sentences(fc))
    assert "对数线性趋势" in text and "95%预测区间" in text and f"{needed // 10000}万件" in text
    assert "2021年服务量2871.7436万件" in text  # the real figure, exact


def test_interval_level_is_a_parameter():
    wide, narrow = forecast_for(YEARS, level=D("0.95")), forecast_for(YEARS, level=D("0.80"))
    assert narrow.lower > wide.lower and narrow.upper < wide.upper and narrow.point == wide.point
    assert "80%预测区间" in "".join(forecast_sentences(narrow))


def test_two_years_growth_rate_with_stated_band(tmp_path):
    fc = forecast_for(subset_root(tmp_path, 2020, 2021))
    ratio = Fraction(28717436, 20000000)
    assert fc.method == "growth_rate" and fc.level is None
    assert fc.point == round(28717436 * ratio)
    assert fc.lower == 28717436  # growth stops
    assert fc.upper == round(28717436 * (1 + 2 * (ratio - 1)))  # the annual growth rate doubles (43.59% → 87.17%)
    assert fc.annual_growth == D("43.59")
    text = "".join(forecast_sentences(fc))
    assert "仅有两年数据" in text and "不是统计置信区间" in text and "外推区间" in text and "“增长停止”至“年增长率翻倍”" in text


def test_two_years_declining_and_with_a_gap():
    down = forecast_volume([VolumePoint(2020, 20000000), VolumePoint(2021, 16000000)])
    assert down.lower < down.point < down.upper == 16000000
    assert down.lower == round(16000000 * (1 - 2 * 0.2))  # the decline doubles: −40%
    assert "“年降幅翻倍”至“下降停止”" in "".join(forecast_sentences(down))
    assert down.annual_growth == D("-20.00") and "年均变化" in "".join(forecast_sentences(down))
    gap = forecast_volume([VolumePoint(2019, 10000000), VolumePoint(2021, 40000000)])
    assert gap.annual_growth == D("100.00") and gap.point == 80000000 and gap.next_year == 2022


def test_up_to_uses_only_earlier_years():
    fc = forecast_for(YEARS, up_to=2020)
    assert fc.method == "growth_rate" and fc.next_year == 2021
    assert [p.year for p in fc.history] == [2019, 2020]


def test_one_year_cannot_forecast():
    fc = forecast_for(DATA)
    assert fc.method == "none" and fc.point is None and fc.contracted_volume_needed is None
    assert forecast_sentences(fc) == ["仅有2021年一年的服务量数据，无法估计增长趋势，不作下一年度服务量预测；积累两年及以上数据后可预测。"]


def test_no_volume_or_zero_volume():
    none = forecast_volume([])
    assert none.method == "none" and none.none_because == "no_volume"
    assert reason_sentence(none) == "各年度均未填报年度服务量（operations.yaml service_volume），无法预测下一年度服务量。"
    zero = forecast_volume([VolumePoint(2020, 0), VolumePoint(2021, 5)])
    assert (zero.method, zero.none_because, zero.zero_year) == ("none", "zero_year", 2020)
    assert forecast_sentences(zero) == ["2020年服务量为0，无法按增长率建模，不作预测。"]


def test_bad_level():
    with pytest.raises(ValueError):
        forecast_volume([VolumePoint(2020, 1), VolumePoint(2021, 2)], level=D("1.5"))
