"""The 2021 reference report's figures, computed from data/2021 — exact targets."""

from decimal import Decimal as D
from fractions import Fraction


def rep(ev, ident):
    return ev.item(ident)


def test_dispatch_timeliness(ev2021):
    it = rep(ev2021, "dispatch_timeliness")
    assert (it.indicator.numerator.value, it.indicator.denominator.value) == (2949950, 2949950)
    assert it.value.reported == D("100.00") and it.met
    assert it.score.score == D("12.00")


def test_answer_rate_missed_with_step_deduction(ev2021):
    it = rep(ev2021, "answer_rate")
    assert it.value.exact == Fraction(10975138, 11666777) * 100
    assert it.value.reported == D("94.07")
    assert it.value.reported_text == "94.07%"
    assert not it.met
    assert it.score.steps == 1 and it.score.deduction == D("0.3")
    assert it.score.score == D("11.70")


def test_callback_rate(ev2021):
    it = rep(ev2021, "callback_rate")
    assert it.value.reported == D("100.00") and it.met and it.score.score == D("13.00")


def test_availability_floor_not_rounded_up(ev2021):
    it = rep(ev2021, "platform_availability")
    # 525585 / 525600 = 99.99714…%: half-up would print 100.00%
    assert it.value.exact == Fraction(525585, 525600) * 100
    assert it.value.reported == D("99.99")
    assert it.met and it.score.score == D("13.00")


def test_first_contact_resolution_complement(ev2021):
    it = rep(ev2021, "first_contact_resolution")
    assert it.value.exact == (1 - Fraction(291666, 24095656)) * 100
    assert it.value.reported == D("98.79") and it.met and it.score.score == D("15.00")


def test_leadership_tasks(ev2021):
    it = rep(ev2021, "leadership_tasks")
    assert (it.indicator.numerator.value, it.indicator.denominator.value) == (227, 227)
    assert it.value.reported == D("100.00") and it.score.score == D("15.00")


def test_satisfaction(ev2021):
    it = rep(ev2021, "satisfaction")
    assert (it.indicator.numerator.value, it.indicator.denominator.value) == (3616642, 3708460)
    assert it.value.reported == D("97.52") and it.score.score == D("10.00")


def test_form_order_scores(ev2021):
    names = [i.indicator.name for i in ev2021.form_items()]
    assert names == [
        "话务平台可用率",
        "对群众办理结果不满意的回访率",
        "工单转派及时率",
        "月度话务接通率",
        "群众咨询事项一次性解答率",
        "话务服务市民满意度",
        "领导接电交办重点事项完成率",
    ]
    assert [i.score.score for i in ev2021.form_items()] == [D(x) for x in ("13.00", "13.00", "12.00", "11.70", "15.00", "10.00", "15.00")]


def test_budget_line(ev2021):
    b = ev2021.budget
    assert b.budget == D("13410.06") and b.executed == D("13410.06")
    assert b.rate == D("100.00") and b.score == D("10.00")
    assert [(line.source, line.budget) for line in b.lines] == [("municipal", D("13410.06")), ("transfer", D("0.00")), ("other", D("0.00"))]


def test_subtotals_total_grade(ev2021):
    assert ev2021.subtotals == {"产出指标": D("49.70"), "效益指标": D("40.00")}
    assert ev2021.total == D("99.70")
    assert ev2021.grade == "优"


def test_met_counts(ev2021):
    assert len(ev2021.items) == 7 and len(ev2021.met) == 6
    assert [i.indicator.name for i in ev2021.missed] == ["月度话务接通率"]


def test_derived(ev2021):
    d = ev2021.derived
    assert d.volume_multiple == D("2.37")  # 28,717,436 / 12,120,000 = 2.3694…
    assert d.cost_per_item_yuan == D("4.67")  # 134,100,600 元 / 28,717,436 件
    assert d.cost_per_seat == D("23.65")  # 13,410.06 / 567
    assert d.cost_per_agent == D("15.63")  # 13,410.06 / 858
    assert d.lines_added == 15  # 91 − 76


def test_no_consistency_warnings(ev2021):
    assert ev2021.warnings == []
