"""Generate a synthetic portfolio: many projects, each with consecutive fiscal years of data.

    .venv/bin/python scripts/synth_portfolio.py --projects 20 --years 2 --seed 1 --out /tmp/portfolio
        [--broken K] [--end-year 2023] [--workbooks some|none|all] [--layout portfolio|single]
        [--manifest FILE] [--force]

Writes ``OUT/<project>/<year>/`` (``--layout single`` with one project: ``OUT/<year>/``), each a
year folder of the data contract (data/README.md): YAML/CSV files, or for some projects the
workbook ``自评数据.xlsx`` written by the product's own template writer (``selfeval template``'s
:func:`~selfeval.contract.workbook_template.write_template`), so the workbook reader is exercised
too. Project ids are ``<place>-<kind>``: ``jishan-health``, ``tianhe-roads``.

Why synthetic: the repository holds one real project (data/2021). A department files dozens,
and the multi-project build (issue #26), its roll-up and its isolation of bad data need many
projects that differ the way real ones do:

* units and departments of every level of government (省级 … 镇级, 乡级, 街道, and the 一级/二级
  of a city's budget), money kept in 元 or in 万元 (never more than 2 decimals in its unit),
  budgets from tens of thousands of 元 to hundreds of millions;
* indicators counted (人, 亩), measured (万亩, 公里, ‰), rates from their counts (ratio,
  complement), qualitative judgements and deadlines (2023年10月 against 2023年11月底前), with ≥,
  ≤ and = targets, forms that total 100 and a few that do not (a form filled in part, one of 110);
* misses with and without 偏差原因/改进措施, under-spending with and without its reason, sections
  left blank — every finding the review checks will raise is decided here and listed in the
  manifest (``findings``), so a test can compare it with what ``selfeval check`` finds;
* a project's years related: the same indicator ids, targets and counts drifting, now and then
  an indicator added or dropped, last year's text kept where an analyst would keep it.

Nothing is typed in prose that a figure check could contradict: figures are placeholders. The
same seed gives a byte-identical tree (every draw is an integer or a Decimal from
``random.Random(f"{seed}/…")``). ``--broken K`` gives K project-years a realistic data error
(a wrong weight, a missing file, a non-number, a copied year…); the script prints which, and
they are the latest years of distinct projects, so no good year's build depends on a broken one.

Synthetic data only: never written into data/. Not product code; read by tests and by hand.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import shutil
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal
from pathlib import Path
from string import Template
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import synth_portfolio_themes as th  # noqa: E402
from synth_portfolio_themes import Ind, Place, Theme  # noqa: E402

HUNDRED = Decimal(100)
DEFAULT_SPLIT = {"产出指标": 50, "效益指标": 30, "满意度指标": 10}
# 一级指标 → 分值, 预算执行 分值, 分值合计 (weights_total); the first is the usual form
SPLITS: dict[str, tuple[dict[str, int], int, int]] = {
    "default": (DEFAULT_SPLIT, 10, 100),
    "output60": ({"产出指标": 60, "效益指标": 20, "满意度指标": 10}, 10, 100),
    "budget20": ({"产出指标": 40, "效益指标": 30, "满意度指标": 10}, 20, 100),
    "partial40": ({"产出指标": 30}, 10, 40),  # a form captured in part: budget line and 产出指标 only
    "form110": ({"产出指标": 70, "效益指标": 20, "满意度指标": 10}, 10, 110),  # the budget's 10 on top of 100
}
SECTIONS = ("unit_overview", "background", "legal_basis", "implementation", "project_management", "measures")
BUDGET_WORDS = ("预算执行", "执行率", "支出进度", "执行进度", "资金使用", "资金支付", "支付进度", "资金拨付")
GOVERNMENT = ("省级", "市级", "区级", "县级", "镇级", "乡级", "街道")
BROKEN_YAML = ("weights", "missing", "nonnumber", "decimals", "year", "encoding")
BROKEN_XLSX = ("year", "mixed")
WORKBOOK = "自评数据.xlsx"


# =========================================================================== the manifest


@dataclass
class YearEntry:
    """What the generator made of one project-year: what a test and the portfolio build can check."""

    project: str
    year: int
    path: str
    format: str  # yaml | xlsx
    level: str  # 项目级次 as written
    government: str  # the level of government (省级…街道)
    money_unit: str
    budget_yuan: str
    executed_yuan: str
    under_executed: bool
    budget_reason: bool
    weights_total: int
    partial_form: bool
    indicators: list[str]
    kinds: dict[str, str]  # id → count, value, ratio, complement, qual, date, cost
    ops: list[str]
    met: list[str]
    missed: list[str]
    missed_with_reason: list[str]
    blank_sections: list[str]
    findings: list[list[Any]]  # [check, file, field, accepted]: every review finding this year must raise
    broken: str | None = None  # the data error given to this year, in words
    broken_file: str | None = None  # the file its one-line error names


# =========================================================================== numbers


def cents(amount: Decimal) -> int:
    return int(amount * 100)


def money(hundredths: int) -> Decimal:
    """An amount kept as whole hundredths of its unit, as the data writes it (2 decimals)."""
    return (Decimal(hundredths) / 100).quantize(Decimal("0.01"))


def draw(rng: random.Random, lo: str | Decimal, hi: str | Decimal, places: int) -> Decimal:
    """A Decimal between lo and hi with ``places`` decimals, from an integer draw (exact, portable)."""
    q = Decimal(1).scaleb(-places)
    a, b = int(Decimal(lo) / q), int(Decimal(hi) / q)
    return (Decimal(rng.randint(min(a, b), max(a, b))) * q).quantize(q)


def log_draw(rng: random.Random, lo: int, hi: int) -> Decimal:
    """Log-uniform between lo and hi (Decimal powers: the same digits everywhere)."""
    u = Decimal(rng.randint(0, 1000)) / 1000
    return Decimal(lo) * (Decimal(hi) / Decimal(lo)) ** u


def nice(x: Decimal, places: int = 0) -> Decimal:
    """A round target: three significant figures at most (38,508 → 38,500), at least ``places`` decimals' precision."""
    if x <= 0:
        return Decimal(0)
    digits = x.adjusted()  # position of the leading digit
    q = Decimal(1).scaleb(max(digits - 2, -places))
    return (x / q).quantize(Decimal(1), ROUND_HALF_UP) * q if q >= 1 else x.quantize(q, ROUND_HALF_UP)


def plain(d: Decimal) -> Decimal:
    """Trailing zeros dropped, never in exponent form (1E+2 → 100)."""
    d = d.normalize()
    return d.quantize(Decimal(1)) if d == d.to_integral_value() else d


# =========================================================================== the plan of a project


@dataclass
class IndState:
    """An indicator of a project across its years: its target and counts drift."""

    ind: Ind
    target: Decimal  # count/value target; % target of a ratio; month of a date
    den: int = 0  # ratio: the denominator's size
    base: Decimal = Decimal(0)  # value with a project-specific target: the base it drifts from


@dataclass
class Project:
    pid: str
    theme: Theme
    place: Place
    level: str
    unit: th.Unit
    money_unit: str
    fmt: str
    split: str
    subs: dict[str, str]
    rng: random.Random
    budget0: Decimal  # 元
    factor: Decimal  # how much bigger or smaller than the place's typical project
    states: dict[str, IndState] = field(default_factory=dict)
    founded: int | None = None  # the year written in the background, when it names one
    founded_accepted: bool = False
    split_accepted: bool = False
    legal_basis: list[str] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    conclusions: list[str] = field(default_factory=list)
    funds_text: str = ""
    perf_text: str = ""
    transfer: int = 0  # % of the money from 转移支付
    other: int = 0  # % from 其他资金
    all_rows: bool = True
    full_year: bool = True
    name_prefix: bool = False
    sign_off: bool = True


def sub(text: str, subs: dict[str, str], **more: str) -> str:
    return Template(text).substitute(subs, **more)


def listed(items: list[str]) -> list[str]:
    """A numbered list as a form writes it: every item ends with ；, the last with 。."""
    bare = [i.rstrip("；。;") for i in items]
    return [f"{i}；" for i in bare[:-1]] + [f"{i}。" for i in bare[-1:]]


def choose_projects(rng: random.Random, n: int) -> list[tuple[Theme, Place, str]]:
    """N (kind, place, level) combinations: kinds taken in turn, levels of government spread."""
    combos: dict[str, list[tuple[Theme, Place]]] = {}
    for theme in th.THEMES:
        for place in th.PLACES:
            if place.level in theme.units:
                combos.setdefault(theme.slug, []).append((theme, place))
    for options in combos.values():
        rng.shuffle(options)
    themes = list(th.THEMES)
    rng.shuffle(themes)
    out: list[tuple[Theme, Place, str]] = []
    used: set[str] = set()
    levels_seen: list[str] = []
    rounds = 0
    while len(out) < n:
        for theme in themes:
            if len(out) == n:
                break
            options = combos[theme.slug]
            # prefer a level of government not seen yet, then any place not used for this kind
            fresh = [o for o in options if o[1].level not in levels_seen and f"{o[1].slug}-{theme.slug}" not in used]
            pick = (fresh or [o for o in options if f"{o[1].slug}-{theme.slug}" not in used] or options)[0]
            pid = f"{pick[1].slug}-{theme.slug}"
            if pid in used:  # every combination taken: a second project of the same kind and place
                pid = f"{pid}-{rounds + 2}"
            used.add(pid)
            levels_seen.append(pick[1].level)
            if len(levels_seen) >= 4:
                levels_seen.pop(0)
            out.append((pick[0], pick[1], pid))
        rounds += 1
    return out


def plan_project(seed: int, theme: Theme, place: Place, pid: str, fmt: str, unit_hint: str | None, split: str) -> Project:
    rng = random.Random(f"{seed}/{pid}")
    unit = theme.units[place.level]
    subs = {
        "place": place.name,
        "scope": place.scope,
        "county": place.county,
        "city": place.city,
        "province": place.province,
    }
    subs["department"] = sub(unit.department, subs)
    subs["implementer"] = sub(unit.implementer, subs)
    subs["self"] = unit.self
    level = place.level
    if place.level in ("市级", "区级") and rng.randint(1, 100) <= 20:
        level = "二级" if rng.randint(0, 1) else "一级"  # a city's form: the project's place in its budget
    lo, hi = theme.budgets[place.level]
    budget0 = log_draw(rng, lo, hi)
    if unit_hint is not None:
        money_unit = unit_hint
    elif budget0 >= 5_000_000:
        money_unit = "万元" if rng.randint(1, 100) <= 85 else "元"
    elif budget0 < 500_000:
        money_unit = "元" if rng.randint(1, 100) <= 85 else "万元"
    else:
        money_unit = rng.choice(("元", "万元"))
    p = Project(pid, theme, place, level, unit, money_unit, fmt, split, subs, rng, budget0, draw(rng, "0.8", "1.2", 2))
    t_lo, t_hi = theme.transfer
    p.transfer = rng.randint(t_lo, t_hi)
    p.other = rng.choice((0, 0, 0, 0, 5, 10)) if p.transfer <= 85 else 0
    p.all_rows = rng.randint(1, 100) <= 60
    p.full_year = theme.slug not in ("reservoir", "water") or rng.randint(0, 1) == 0
    p.sign_off = rng.randint(1, 100) <= 70
    basis = list(theme.legal_basis)
    keep = sorted(rng.sample(range(len(basis)), min(len(basis), rng.randint(3, 5))))
    p.legal_basis = listed([sub(basis[i], subs) for i in keep])
    p.measures = [sub(m, subs) for m in rng.sample(theme.measures, 3)]
    p.conclusions = [sub(c, subs) for c in rng.sample(th.CONCLUSIONS, rng.randint(2, 3))]
    p.funds_text = sub(rng.choice(th.FUNDS_MANAGEMENT), subs)
    p.perf_text = sub(rng.choice(th.PERFORMANCE_MANAGEMENT), subs)
    return p


def initial_target(p: Project, ind: Ind, budget_yuan: Decimal) -> IndState:
    """Year one's target (and a ratio's denominator), from the place, the money or the indicator."""
    size = {"pop": Decimal(p.place.pop), "wan": budget_yuan / 10000}

    def scaled(scale: tuple[str, float] | Decimal) -> Decimal:
        return scale if isinstance(scale, Decimal) else size[scale[0]] * Decimal(str(scale[1])) * p.factor

    if ind.kind in ("ratio", "complement"):
        assert ind.scale is not None and ind.target is not None
        return IndState(ind, ind.target, den=max(int(scaled(ind.scale)), 4))
    if ind.kind == "date":
        return IndState(ind, Decimal(int(ind.text)))
    if ind.kind in ("qual", "cost_total", "cost_share"):
        return IndState(ind, Decimal(0))
    if ind.target is not None:  # a fixed target: ≥95%, ≤30分钟
        return IndState(ind, ind.target)
    if ind.scale is None:  # the project's own level: 森林覆盖率 45.31%, 每公里养护成本 1.85万元
        base = draw(p.rng, "35", "65", 2) if ind.unit == "%" else draw(p.rng, "0.8", "3.5", 2)
        return IndState(ind, base, base=base)
    if isinstance(ind.scale, Decimal):  # a fixed count: 12组, 0起
        return IndState(ind, ind.scale)
    target = nice(scaled(ind.scale), 0 if ind.kind == "count" else ind.dec)
    if ind.op == "≥":
        target = max(target, Decimal(ind.least))
    return IndState(ind, target)


LEVEL1_ORDER = ("产出指标", "效益指标", "满意度指标")
LEVEL2_ORDER = (th.Q_NUM, th.Q_QUAL, th.Q_TIME, th.Q_COST, th.B_ECO, th.B_SOC, th.B_ENV, th.B_SUS, "服务对象满意度指标")


def form_order(p: Project, ids: list[str]) -> list[str]:
    """The form's order: 产出 before 效益 before 满意度, equal 二级指标 next to each other, then the kind's order."""
    order = [i.id for i in p.theme.indicators]

    def key(i: str) -> tuple[int, int, int]:
        ind = p.states[i].ind
        return LEVEL1_ORDER.index(ind.level1), LEVEL2_ORDER.index(ind.level2), order.index(i)

    return sorted(ids, key=key)


# =========================================================================== a year


@dataclass
class Outcome:
    missed: dict[str, bool] = field(default_factory=dict)  # id → missed this year
    reason: dict[str, bool] = field(default_factory=dict)  # missed id → 偏差原因 given
    fix: dict[str, bool] = field(default_factory=dict)  # missed id → 改进措施 given
    measure: dict[str, bool] = field(default_factory=dict)  # missed id → a measure of 四 names it
    kept: list[str] = field(default_factory=list)  # ids met now that keep last year's reason (stale)


@dataclass
class YearFeatures:
    """What the portfolio asks of one project-year (so that every kind of case exists at least once)."""

    under: str | None = None  # reason | bare | random
    miss: list[str] = field(default_factory=list)  # reason | bare
    qual_partial: bool = False
    blank: int = 0  # sections left blank
    blank_accepted: bool = False
    no_evidence: bool = False
    change: bool = False  # an indicator added or dropped this year


def pick_indicators(p: Project, previous: list[str] | None, force_change: bool) -> list[str]:
    """This year's indicator ids: year one's choice, then last year's with one added or dropped now and then."""
    rng = p.rng
    levels, _, _ = SPLITS[p.split]
    pool = [i for i in p.theme.indicators if i.level1 in levels]
    if previous is None:
        chosen: list[str] = []
        for level1 in levels:
            options = [i for i in pool if i.level1 == level1]
            must = [i.id for i in options if i.id in p.theme.essential]
            rest = [i.id for i in options if i.id not in must]
            want = {"产出指标": rng.randint(4, 6), "效益指标": rng.randint(1, 3), "满意度指标": 1}[level1]
            if p.split == "partial40":
                want = rng.randint(6, 8)
            extra = rng.sample(rest, max(0, min(len(rest), want - len(must))))
            chosen += must + extra
    else:
        chosen = list(previous)
        roll = rng.randint(1, 100)
        if force_change or roll <= 35:
            droppable = [i for i in chosen if i not in p.theme.essential and sum(1 for j in chosen if p.states[j].ind.level1 == p.states[i].ind.level1) > 1]
            unused = [i.id for i in pool if i.id not in chosen]
            if unused and (not droppable or rng.randint(0, 1)):
                chosen.append(rng.choice(unused))
            elif droppable:
                chosen.remove(rng.choice(droppable))
    return form_order(p, chosen)


def weights(p: Project, ids: list[str]) -> dict[str, Decimal]:
    """Whole-number 分值 per indicator, each 一级指标 totalling its share; the same set keeps its weights."""
    levels, _, _ = SPLITS[p.split]
    rng = random.Random(f"{p.pid}/weights/{','.join(ids)}")
    out: dict[str, Decimal] = {}
    for level1, total in levels.items():
        members = [i for i in ids if p.states[i].ind.level1 == level1]
        n = len(members)
        base = [total // n] * n
        for k in range(total - sum(base)):
            base[k % n] += 1
        for _ in range(n):  # shift a point or two between two indicators: real forms are uneven
            a, b = rng.randrange(n), rng.randrange(n)
            if a != b and base[b] > 3:
                base[a] += 1
                base[b] -= 1
        out.update({i: Decimal(w) for i, w in zip(members, base)})
    return out


def ratio_counts(rng: random.Random, st: IndState, rate: tuple[Decimal, Decimal], met: bool, den: int) -> tuple[int, int]:
    """numerator, denominator of a ratio whose exact rate lies in ``rate`` and is met or missed for sure."""
    target = st.target
    lo, hi = rate
    for _ in range(200):
        r = draw(rng, lo, hi, 2)
        num = int(den * r / HUNDRED)
        exact = Decimal(num) * HUNDRED / Decimal(den)
        if st.ind.kind == "complement":
            bad = den - num  # the counted failures
            exact = HUNDRED - Decimal(bad) * HUNDRED / Decimal(den)
            num = bad
        ok = exact >= target if st.ind.op == "≥" else exact == target
        if met and ok:
            return num, den
        if not met and exact <= target - Decimal("0.01"):  # missed whatever the rounding
            return num, den
    if met:  # the target itself (100% of an "=" target)
        return (0 if st.ind.kind == "complement" else den), den
    return (1 if st.ind.kind == "complement" else den - 1), den


def value_for(p: Project, st: IndState, met: bool, shift: Decimal) -> Decimal:
    """The reported value of a count or value indicator: met or missed by a clear margin."""
    ind, rng = st.ind, p.rng
    lo, hi = ind.met if met else ind.miss
    places = 0 if ind.kind == "count" else ind.dec
    absolute = ind.kind == "value" and ind.target is not None
    if ind.kind == "value" and st.base and ind.unit == "%":  # 森林覆盖率: offsets from the project's target
        v = st.target + draw(rng, lo, hi, 2)
    elif absolute:
        v = draw(rng, Decimal(lo) + shift, Decimal(hi) + shift, places)
    else:
        v = st.target * draw(rng, lo, hi, 3)
    v = v.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    if ind.unit == "%":
        v = min(v, HUNDRED)
    if v < 0:
        v = Decimal(0).quantize(Decimal(1).scaleb(-places))
    t = st.target
    good = v >= t if ind.op == "≥" else v <= t if ind.op == "≤" else v == t
    if good != met:  # the draw landed on the wrong side (a tiny target): step to the right one
        step = Decimal(1).scaleb(-places)
        if met:
            v = t
        else:
            v = t - step if ind.op == "≥" else t + step
        v = max(v, Decimal(0))
    return v


def can_partial(st: IndState) -> bool:
    """A judgement that can come out 部分达成 (a December deadline missed would name next year: left met)."""
    return st.ind.kind == "qual" or (st.ind.kind == "date" and st.target < 12)


@dataclass
class Built:
    files: dict[str, Any]  # file name → content (dict for YAML, rows for CSV)
    entry: YearEntry


def goal_text(p: Project, inds: list[dict[str, Any]]) -> str:
    """年度预期绩效目标: the theme's aim and two or three of this year's targets."""
    parts = []
    for d in inds:
        t = d.get("target")
        if not isinstance(t, dict) or "op" not in t or d["level2"] == th.Q_COST:
            continue
        v, unit = plain(Decimal(t["value"])), t["unit"]
        if t["op"] == "≥":
            parts.append(f"{d['name']}不低于{v}{unit}" if unit in ("%", "‰") else f"{d['name']}不少于{v}{unit}")
        elif t["op"] == "≤" and v == 0:
            parts.append(f"不发生{d['name']}")
        elif t["op"] == "≤":
            parts.append(f"{d['name']}控制在{v}{unit}以内")
        else:
            parts.append(f"{d['name']}达到{v}{unit}")
        if len(parts) == 3:
            break
    return f"{sub(p.theme.goal, p.subs)}，{'，'.join(parts)}，{sub(p.theme.goal_end, p.subs)}"


def build_year(p: Project, year: int, ids: list[str], feats: YearFeatures, prev: Built | None) -> Built:
    rng, theme = p.rng, p.theme
    _, budget_weight, weights_total = SPLITS[p.split]

    # ---- money (whole hundredths of the data's unit)
    budget_yuan = p.budget0 if prev is None else Decimal(prev.entry.budget_yuan) * draw(rng, "0.92", "1.15", 3)
    if p.money_unit == "万元":
        budget_h = max(int((budget_yuan / 10000 * 100).quantize(Decimal(1))), 1)  # 0.01万元 = 100元
    else:
        roll = rng.randint(1, 100)  # most budgets are whole hundreds of 元, some whole 元, a few to the 分
        step = 10000 if roll <= 60 else 100 if roll <= 95 else 1
        budget_h = max(int((budget_yuan * 100 / step).quantize(Decimal(1))) * step, 10000)
    if feats.under in ("reason", "bare") or (feats.under == "random" and rng.randint(1, 100) <= 60):
        rate = draw(rng, "60", "89.99", 2) if rng.randint(1, 100) <= 30 else draw(rng, "90", "99.5", 2)
        executed_h = int(Decimal(budget_h) * rate / HUNDRED)
    else:
        executed_h = budget_h
    under = executed_h * 10000 < budget_h * 9995  # reported rate below 100.00% (half-up)
    if executed_h < budget_h and not under:
        executed_h = budget_h
    # funding rows: 本级, 转移支付, 其他资金
    other_h = budget_h * p.other // 100
    transfer_h = budget_h * p.transfer // 100
    own_h = budget_h - transfer_h - other_h
    budgets = {"municipal": own_h, "transfer": transfer_h, "other": other_h}
    executed = {s: budgets[s] * executed_h // budget_h for s in budgets}
    biggest = max(budgets, key=lambda s: budgets[s])
    executed[biggest] += executed_h - sum(executed.values())
    rows = [
        {"source": s, "budget": money(budgets[s]), "executed": money(executed[s])} for s in ("municipal", "transfer", "other") if p.all_rows or budgets[s] > 0
    ]

    # ---- indicators
    outcome = Outcome()
    misses_wanted = list(feats.miss)
    candidates = [i for i in ids if p.states[i].ind.reason and p.states[i].ind.kind not in ("qual", "date", "cost_total", "cost_share")]
    rng.shuffle(candidates)
    for i in candidates:
        if misses_wanted:
            outcome.missed[i] = True
            how = misses_wanted.pop()
            outcome.reason[i] = how == "reason"
            outcome.fix[i] = how == "reason"
            outcome.measure[i] = False
        elif rng.randint(1, 100) <= 7 and sum(outcome.missed.values()) < 3:
            outcome.missed[i] = True
            outcome.reason[i] = rng.randint(1, 100) <= 75
            outcome.fix[i] = rng.randint(1, 100) <= 65
            outcome.measure[i] = not outcome.fix[i] and rng.randint(1, 100) <= 40
    quals = [i for i in ids if can_partial(p.states[i])]
    rng.shuffle(quals)
    for n, i in enumerate(quals):
        if (feats.qual_partial and n == 0) or rng.randint(1, 100) <= 8:
            outcome.missed[i] = True
            outcome.reason[i] = (feats.qual_partial and n == 0) or rng.randint(1, 100) <= 70
            outcome.fix[i] = outcome.reason[i] and rng.randint(1, 100) <= 80
            outcome.measure[i] = False
    # last year's reason kept on an indicator that now met its target (copied forward, not cleared)
    if prev is not None and rng.randint(1, 100) <= 30:
        stale = [i for i in prev.entry.missed_with_reason if i in ids and not outcome.missed.get(i)]
        if stale:
            outcome.kept.append(stale[0])

    w = weights(p, ids)
    inds: list[dict[str, Any]] = []
    kinds: dict[str, str] = {}
    ops: set[str] = set()
    evidence_dropped = False
    executed_wan = money(executed_h) if p.money_unit == "万元" else money(executed_h) / 10000  # 成本指标 are in 万元
    for i in ids:
        st = p.states[i]
        ind = st.ind
        missed = outcome.missed.get(i, False)
        d: dict[str, Any] = {"id": i, "name": sub(ind.name, p.subs), "level1": ind.level1, "level2": ind.level2}
        if ind.short:
            d["short_name"] = ind.short
        if ind.kind in ("ratio", "complement"):
            shift = Decimal(0) if ind.op == "=" else st.target - (ind.target or st.target)
            rate = tuple(min(Decimal(x) + shift, HUNDRED) for x in (ind.met if not missed else ind.miss))
            source = next((x for x in inds if x["id"] == ind.den_from), None)  # 收运量 is the 生活垃圾收运量 reported
            whole = int(Decimal(source["value"])) if source is not None else st.den
            num, den = ratio_counts(rng, st, rate, not missed, max(whole, 1))  # type: ignore[arg-type]
            d["formula"] = ind.kind
            d["numerator"] = {"label": ind.num, "value": num, "unit": ind.count_unit}
            d["denominator"] = {"label": ind.den, "value": den, "unit": ind.count_unit}
            d["target"] = {"op": ind.op, "value": plain(st.target), "unit": "%"}
            if ind.floor:
                d["rounding"] = "floor"
            kinds[i] = "ratio" if ind.kind == "ratio" else "complement"
            ops.add(ind.op)
        elif ind.kind in ("count", "value"):
            shift = st.target - ind.target if ind.target is not None else Decimal(0)
            v = value_for(p, st, not missed, shift)
            d["formula"] = ind.kind
            d["value"] = int(v) if ind.kind == "count" else v
            if ind.kind == "value":
                d["decimals"] = ind.dec
            d["target"] = {"op": ind.op, "value": plain(st.target), "unit": ind.unit}
            kinds[i] = ind.kind
            ops.add(ind.op)
        elif ind.kind in ("cost_total", "cost_share"):
            if ind.kind == "cost_total":  # 项目总投资 is what was spent: in the data's own unit
                unit = p.money_unit
                v = money(executed_h)
                t = money(budget_h)
            else:
                unit = "万元"
                v = (executed_wan * Decimal(ind.share)).quantize(Decimal("0.01"), ROUND_FLOOR)
                budget_wan = money(budget_h) if p.money_unit == "万元" else money(budget_h) / 10000
                t = max((budget_wan * Decimal(ind.share) * Decimal("1.05")).quantize(Decimal("0.1"), ROUND_CEILING), v)  # a round ceiling
            d.update(formula="value", value=v, decimals=2, target={"op": "≤", "value": plain(t), "unit": unit})
            kinds[i] = "cost"
            ops.add("≤")
        else:  # qual / date
            weight = w[i]
            if ind.kind == "date":
                month = int(st.target)
                target_text = f"{year}年{month}月底前"
                got = rng.randint(month + 1, min(12, month + 2)) if missed else rng.randint(max(1, month - 3), month)
                d.update(formula="qualitative", target={"text": target_text}, reported_text=f"{year}年{got}月")
                kinds[i] = "date"
            else:
                d.update(formula="qualitative", target={"text": ind.text}, reported_text=ind.partial if missed else ind.text)
                kinds[i] = "qual"
            if missed:
                d["scoring"] = {"rule": "qualitative", "band": "部分达成", "score": plain(weight * Decimal("0.7"))}
            else:
                full = weight if weight < 5 or rng.randint(1, 100) <= 70 else weight - 1
                d["scoring"] = {"rule": "qualitative", "band": "达成", "score": full}
            if not (feats.no_evidence and not evidence_dropped) and rng.randint(1, 100) <= 85:
                said = (ind.partial_evidence if ind.kind == "qual" else th.LATE) if missed else ind.evidence
                d["evidence"] = sub(said, p.subs)
            else:
                evidence_dropped = True
        d["weight"] = w[i]
        if ind.step and ind.op in ("≥", "≤") and rng.randint(1, 100) <= 40:
            d["scoring"] = {"rule": "step_deduction", "points": Decimal("0.5"), "step": 1}
        if missed and outcome.reason[i]:
            d["deviation_reason"] = sub(ind.reason, p.subs)
        if missed and outcome.fix[i]:
            d["improvement"] = sub(ind.fix, p.subs)
        if i in outcome.kept and prev is not None:  # last year's texts, copied forward
            before = next(x for x in prev.files["indicators.yaml"]["indicators"] if x["id"] == i)
            d.update({f: before[f] for f in ("deviation_reason", "improvement") if f in before})
        inds.append(d)

    # ---- budget.yaml
    budget_file: dict[str, Any] = {"weight": budget_weight}
    if rng.randint(1, 100) <= 50:
        budget_file["allocated"] = money(budget_h)
    names = rng.sample(theme.categories, rng.randint(3, min(5, len(theme.categories))))
    if rng.randint(1, 100) <= 50 and executed_h >= 100 * len(names):  # amounts that add up to what was spent
        shares = [rng.randint(10, 40) for _ in names]
        parts = [executed_h * s // sum(shares) for s in shares]
        parts[0] += executed_h - sum(parts)
        budget_file["categories"] = [{"name": n, "amount": money(a)} for n, a in zip(names, parts)]
    else:
        budget_file["categories"] = [{"name": n} for n in names]
    if feats.under == "reason":
        reason_given, fix_given, measure_given = True, True, False
    elif feats.under == "bare":
        reason_given, fix_given, measure_given = False, False, False
    else:
        reason_given = rng.randint(1, 100) <= 60
        fix_given = rng.randint(1, 100) <= 50
        measure_given = rng.randint(1, 100) <= 30
    if under and reason_given:
        budget_file["deviation_reason"] = rng.choice(theme.budget_reasons)
    if under and fix_given:
        budget_file["improvement"] = th.BUDGET_IMPROVEMENT

    # ---- prose.yaml
    missed_ids = [i for i in ids if outcome.missed.get(i)]
    met_all = not missed_ids
    founded = f"{sub(theme.founded, p.subs, year=str(p.founded))}" if p.founded else ""
    prose: dict[str, Any] = {
        "unit_overview": sub(theme.overviews[p.unit.overview], p.subs),
        "background": sub(theme.background, p.subs) + founded,
        "legal_basis": list(p.legal_basis),
        "implementation": sub(theme.implementation, p.subs),
        "funds_management": p.funds_text,
        "project_management": sub(theme.project_management, p.subs),
        "performance_management": p.perf_text,
        "conclusions_intro": th.CONCLUSIONS_INTRO,
        "conclusions": list(p.conclusions),
        "benefits": sub(theme.benefits, p.subs),
    }
    stale_intro = False
    if met_all and rng.randint(1, 100) <= 50:
        prose["conclusions_intro"] = th.CONCLUSIONS_INTRO_ALL_MET
    elif prev is not None and prev.files["prose.yaml"].get("conclusions_intro") == th.CONCLUSIONS_INTRO_ALL_MET and rng.randint(1, 100) <= 60:
        prose["conclusions_intro"] = th.CONCLUSIONS_INTRO_ALL_MET  # kept from last year although something missed now
        stale_intro = not met_all
    if rng.randint(1, 100) <= 50:
        prose["benefits_closing"] = th.BENEFITS_CLOSING
    if rng.randint(1, 100) <= 70:
        prose["spending"] = sub(th.SPENDING, p.subs)
    problems = th.PROBLEMS_BOTH if under and missed_ids else th.PROBLEMS_MISSED if missed_ids else th.PROBLEMS_UNDER if under else th.PROBLEMS_CLEAN
    slow = executed_h * 100 < budget_h * 95  # the book says 资金使用进度偏慢 below 95%, 资金使用情况良好 above
    prose["problems"] = sub(problems, {"under": th.UNDER_SLOW if slow else th.UNDER_REMAINDER})
    measures = list(p.measures)
    for i in missed_ids:
        if outcome.measure.get(i):
            measures.append(f"针对{sub(p.states[i].ind.name, p.subs)}未达到年度指标值的情况，{sub(p.states[i].ind.fix, p.subs)}")
    if under and measure_given:
        measures.append(th.BUDGET_MEASURE)
    prose["measures"] = listed(measures)

    blank: list[str] = []
    if feats.blank:
        options = list(SECTIONS)
        if feats.blank_accepted:
            options = list(th.ACCEPT_BLANK)
        blank = sorted(rng.sample(options, feats.blank), key=SECTIONS.index)
        for f in blank:
            prose[f] = [] if f in ("legal_basis", "measures") else ""

    # ---- review.yaml: what the analyst accepts
    marks: list[dict[str, Any]] = []
    accepted_blank = [f for f in blank if feats.blank_accepted and f in th.ACCEPT_BLANK]
    for f in accepted_blank:
        marks.append({"file": "prose.yaml", "field": f, "check": "章节未填写", "reason": th.ACCEPT_BLANK[f]})
    if p.split != "default" and p.split_accepted:
        why = th.ACCEPT_PARTIAL if p.split == "partial40" else th.ACCEPT_SPLIT
        marks.append({"file": "indicators.yaml", "field": "weight", "check": "一级指标分值", "reason": why})
    if p.founded and p.founded_accepted and "background" not in blank:
        marks.append({"file": "prose.yaml", "field": "background", "phrase": f"{p.founded}年", "reason": th.ACCEPT_FOUNDED})
    review_year = year
    if prev is not None and "review.yaml" in prev.files and rng.randint(1, 100) <= 15:
        review_year = year - 1  # last year's review.yaml copied forward unchanged: none of its marks applies
        marks = prev.files["review.yaml"]["intended"]
    review = {"fiscal_year": review_year, "intended": marks} if marks else None

    # ---- project.yaml
    place = p.place
    project: dict[str, Any] = {
        "name": theme.name,
        "level": p.level,
        "category": theme.category,
        "department": p.subs["department"],
        "implementer": p.subs["implementer"],
        "unit_self_name": p.unit.self,
        "region": place.region,
        "goal": goal_text(p, inds),
    }
    if p.name_prefix:
        project["form_name"] = f"{year}年{place.name}{theme.name}资金"
    project["report_date"] = date(year + 1, rng.randint(2, 4), rng.randint(1, 28))
    start = date(year, 1, 1) if p.full_year else date(year, 3, 1)
    contract: dict[str, Any] = {"year_period": {"start": start, "end": date(year, 12, 31)}}
    if theme.contractor:
        contract["contractor"] = sub(theme.contractor, p.subs)
        contract["signed"] = f"{year}年{rng.randint(1, 3)}月"
    if theme.supervisor:
        contract["supervisor"] = sub(theme.supervisor, p.subs)
    project_file: dict[str, Any] = {"fiscal_year": year, "money_unit": p.money_unit, "project": project, "contract": contract}
    if p.sign_off:
        pr = random.Random(f"{p.pid}/preparer")  # the same person fills the form every year
        name = pr.choice(th.SURNAMES) + pr.choice(th.GIVEN)
        project_file["sign_off"] = {
            "preparer": name,
            "phone": f"{place.phone}-{pr.randint(20000000, 89999999) if len(place.phone) == 3 else pr.randint(2000000, 8999999)}",
            "unit": p.subs["implementer"],
        }

    indicators_file: dict[str, Any] = {}
    if weights_total != 100:
        indicators_file["weights_total"] = weights_total
    indicators_file["indicators"] = inds

    files: dict[str, Any] = {
        "project.yaml": project_file,
        "funding.csv": rows,
        "budget.yaml": budget_file,
        "indicators.yaml": indicators_file,
        "prose.yaml": prose,
    }
    if review is not None:
        files["review.yaml"] = review

    # ---- the findings the review checks must raise for this year
    findings: list[list[Any]] = []
    applies = review is not None and review["fiscal_year"] == year

    def accepted(file: str, fld: str, check: str | None = None) -> bool:
        if not applies:
            return False
        return any(m["file"] == file and m["field"] == fld and ("phrase" in m or m.get("check") == check) for m in review["intended"])  # type: ignore[index]

    if review is not None and not applies:
        findings.append(["复核记录年度", "review.yaml", "fiscal_year", False])
    if under and not reason_given:
        findings.append(["预算执行缺原因", "budget.yaml", "deviation_reason", False])
    measures_text = [m for m in prose["measures"] if m.strip()]
    if under and not fix_given and not any(wd in m for m in measures_text for wd in BUDGET_WORDS):
        findings.append(["预算执行缺改进措施", "budget.yaml", "improvement", False])
    for d in inds:
        i = d["id"]
        if outcome.missed.get(i):
            if not d.get("deviation_reason"):
                findings.append(["未达标缺偏差原因", "indicators.yaml", f"{i}.deviation_reason", False])
            names = [n for n in (d["name"], d.get("short_name")) if n]
            if not d.get("improvement") and not any(n in m for m in measures_text for n in names):
                findings.append(["未达标缺改进措施", "indicators.yaml", f"{i}.improvement", False])
        elif i in outcome.kept:
            for fld in ("deviation_reason", "improvement"):
                if d.get(fld):
                    findings.append(["达标仍有偏差说明", "indicators.yaml", f"{i}.{fld}", False])
        if d["formula"] == "qualitative" and not d.get("evidence"):
            findings.append(["定性指标缺完成说明", "indicators.yaml", f"{i}.evidence", False])
    for f in blank:
        findings.append(["章节未填写", "prose.yaml", f, accepted("prose.yaml", f, "章节未填写")])
    if p.split != "default":
        findings.append(["一级指标分值", "indicators.yaml", "weight", accepted("indicators.yaml", "weight", "一级指标分值")])
    if p.founded and "background" not in blank:
        findings.append(["非本年度年份", "prose.yaml", "background", accepted("prose.yaml", "background")])
    if stale_intro:
        findings.append(["达标用语与结果不符", "prose.yaml", "conclusions_intro", False])

    reasons_given = [i for i in missed_ids if outcome.reason.get(i)]
    entry = YearEntry(
        project=p.pid,
        year=year,
        path="",
        format=p.fmt,
        level=p.level,
        government=place.level,
        money_unit=p.money_unit,
        budget_yuan=str(money(budget_h) * (10000 if p.money_unit == "万元" else 1)),
        executed_yuan=str(money(executed_h) * (10000 if p.money_unit == "万元" else 1)),
        under_executed=under,
        budget_reason=under and reason_given,
        weights_total=weights_total,
        partial_form=weights_total != 100,
        indicators=list(ids),
        kinds=kinds,
        ops=sorted(ops),
        met=[i for i in ids if not outcome.missed.get(i)],
        missed=missed_ids,
        missed_with_reason=reasons_given,
        blank_sections=blank,
        findings=sorted(findings),
    )
    return Built(files, entry)


def drift(p: Project) -> None:
    """Next year's targets and counts: a little more to do, a target raised now and then."""
    rng = p.rng
    for st in p.states.values():
        ind = st.ind
        if ind.kind in ("ratio", "complement"):
            st.den = max(int(st.den * draw(rng, "0.96", "1.08", 3)), 1 if ind.unit != "%" else 4)
            if ind.op == "≥" and rng.randint(1, 100) <= 25:
                st.target = min(st.target + draw(rng, "0.5", "2", 0 if rng.randint(0, 1) else 1), Decimal(99))
        elif ind.kind == "count" and st.target > 0:
            if ind.op == "≥":
                st.target = max(nice(st.target * draw(rng, "1.00", "1.08", 3)), Decimal(1))
            else:
                st.target = nice(st.target * draw(rng, "0.85", "1.00", 3))
        elif ind.kind == "value":
            if ind.target is not None and ind.op == "≥" and ind.unit == "%" and rng.randint(1, 100) <= 25:
                st.target = min(st.target + 1, Decimal(99))
            elif ind.target is None and ind.scale and not isinstance(ind.scale, Decimal):
                st.target = nice(st.target * draw(rng, "1.00", "1.06", 3), ind.dec)
            elif st.base and ind.unit == "%":
                st.target = st.target + draw(rng, "0.1", "0.8", 2)


# =========================================================================== the portfolio


@dataclass
class Portfolio:
    entries: list[YearEntry]
    years: dict[tuple[str, int], Built]


def generate(projects: int, years: int, seed: int, end_year: int = 2023, broken: int = 0, workbooks: str = "some") -> Portfolio:
    """Plan and build every project-year in memory (see :func:`write` for the files)."""
    if projects < 1 or years < 1:
        raise ValueError("--projects and --years must be at least 1")
    if broken > projects * years:
        raise ValueError(f"--broken {broken} is more than the {projects * years} project-years")
    rng = random.Random(f"{seed}/portfolio")
    chosen = choose_projects(rng, projects)
    n = len(chosen)
    # project-level quotas: both money units, a workbook or two, a form not totalling 100, an accepted split
    fmts = ["yaml"] * n
    if workbooks == "all":
        fmts = ["xlsx"] * n
    elif workbooks == "some" and n >= 2:
        for j in rng.sample(range(n), max(1, n // 4)):
            fmts[j] = "xlsx"
    units: list[str | None] = [None] * n
    if n >= 2:
        a, b = rng.sample(range(n), 2)
        units[a], units[b] = "元", "万元"
    splits = ["default"] * n
    order = list(range(n))
    rng.shuffle(order)
    if n >= 3:
        splits[order[0]] = "partial40" if rng.randint(0, 1) else "form110"
        splits[order[1]] = rng.choice(("output60", "budget20"))
    for j in order[2:]:
        roll = rng.randint(1, 100)
        splits[j] = "default" if roll <= 80 else rng.choice(("output60", "budget20", "partial40", "form110"))

    first = end_year - years + 1
    plans: list[Project] = []
    for j, (theme, place, pid) in enumerate(chosen):
        p = plan_project(seed, theme, place, pid, fmts[j], units[j], splits[j])
        p.split_accepted = j == order[1] if n >= 3 else p.rng.randint(0, 1) == 1
        if p.rng.randint(1, 100) <= 30:
            p.founded = first - p.rng.randint(2, 8)
            p.founded_accepted = p.rng.randint(1, 100) <= 60
        p.name_prefix = p.rng.randint(1, 100) <= 35
        for ind in theme.indicators:
            p.states[ind.id] = initial_target(p, ind, p.budget0)
        plans.append(p)

    # which years are broken: the latest of distinct projects first
    brk = random.Random(f"{seed}/broken")
    broken_years: list[tuple[str, int]] = []
    pids = [p.pid for p in plans]
    brk.shuffle(pids)
    for back in range(years):
        for pid in pids:
            if len(broken_years) < broken:
                broken_years.append((pid, end_year - back))

    # every year's indicators first (a change now and then, at least one somewhere), every kind present
    qr = random.Random(f"{seed}/quotas")
    changed = qr.choice(pids) if years >= 2 else None
    ids: dict[tuple[str, int], list[str]] = {}
    for p in plans:
        previous: list[str] | None = None
        for k in range(years):
            previous = pick_indicators(p, previous, p.pid == changed and k == 1)
            ids[(p.pid, first + k)] = previous
    ensure_kinds(plans, ids, qr)

    # every case at least once, on years that build and can show it
    good = [(p.pid, first + k) for p in plans for k in range(years) if (p.pid, first + k) not in broken_years]
    qr.shuffle(good)
    feats = {key: YearFeatures() for key in ids}
    by_pid = {p.pid: p for p in plans}

    def has(key: tuple[str, int], test) -> bool:
        return any(test(by_pid[key[0]].states[i]) for i in ids[key])

    missable = lambda st: bool(st.ind.reason) and st.ind.kind in ("count", "value", "ratio", "complement")  # noqa: E731
    judged = lambda st: st.ind.kind in ("qual", "date")  # noqa: E731
    quotas = [
        ("under", "reason", None),
        ("under", "bare", None),
        ("miss", "reason", missable),
        ("miss", "bare", missable),
        ("qual_partial", True, can_partial),
        ("blank", 2, None),
        ("blank_accepted", True, None),
        ("no_evidence", True, judged),
    ]
    used: set[tuple[str, int]] = set()
    for what, how, test in quotas:
        eligible = [key for key in good if test is None or has(key, test)]
        if not eligible:
            continue
        key = next((k for k in eligible if k not in used), eligible[0])
        used.add(key)
        f = feats[key]
        if what == "under":
            f.under = f.under or how
        elif what == "miss":
            f.miss.append(how)
        elif what == "blank":
            f.blank = max(f.blank, how)
        elif what == "blank_accepted":
            f.blank, f.blank_accepted = 1, True
        else:
            setattr(f, what, how)
    for key, f in feats.items():
        r = random.Random(f"{seed}/features/{key[0]}/{key[1]}")
        if f.under is None and r.randint(1, 100) <= 30:
            f.under = "random"
        if not f.blank and r.randint(1, 100) <= 15:
            f.blank = 1

    out: dict[tuple[str, int], Built] = {}
    entries: list[YearEntry] = []
    for p in plans:
        prev: Built | None = None
        for k in range(years):
            year = first + k
            if k:
                drift(p)
            built = build_year(p, year, ids[(p.pid, year)], feats[(p.pid, year)], prev)
            out[(p.pid, year)] = built
            entries.append(built.entry)
            prev = built
    for key in broken_years:
        apply_broken(out[key], brk)
    return Portfolio(entries, out)


def ensure_kinds(plans: list[Project], ids: dict[tuple[str, int], list[str]], rng: random.Random) -> None:
    """Every kind of indicator (count, value, ratio, qualitative, date-like) and a ≤ target somewhere in the
    portfolio, when some project can set it: added to every year of the first project that can."""
    wanted = {
        "count": lambda ind: ind.kind == "count",
        "value": lambda ind: ind.kind == "value",
        "ratio": lambda ind: ind.kind == "ratio",
        "qual": lambda ind: ind.kind == "qual",
        "date": lambda ind: ind.kind == "date",
        "≤": lambda ind: ind.op == "≤" and ind.kind != "qual",
    }
    order = list(plans)
    rng.shuffle(order)
    for test in wanted.values():
        if any(test(p.states[i].ind) for p in plans for key, chosen in ids.items() if key[0] == p.pid for i in chosen):
            continue
        for p in order:
            levels = SPLITS[p.split][0]
            options = [ind for ind in p.theme.indicators if test(ind) and ind.level1 in levels]
            if options:
                for key in [k for k in ids if k[0] == p.pid]:
                    if options[0].id not in ids[key]:
                        ids[key] = form_order(p, [*ids[key], options[0].id])
                break


# =========================================================================== broken data


def apply_broken(b: Built, rng: random.Random) -> None:
    """Give a year one realistic data error; the entry says which and which file its message names."""
    e = b.entry
    kinds = BROKEN_XLSX if e.format == "xlsx" else BROKEN_YAML
    kind = kinds[rng.randrange(len(kinds))]
    if kind == "decimals" and e.money_unit == "元":
        kind = "nonnumber"
    e.broken = kind
    files = b.files
    if kind == "weights":
        files["indicators.yaml"]["indicators"][0]["weight"] += 2
        e.broken_file = "indicators.yaml"
        e.broken = "weights: 第一个指标的分值多写了2分，各项分值之和不等于分值合计"
    elif kind == "missing":
        del files["prose.yaml"]
        e.broken_file = "prose.yaml"
        e.broken = "missing: 缺少 prose.yaml（文字材料未交）"
    elif kind == "nonnumber":
        files["funding.csv"][0]["executed"] = f"{files['funding.csv'][0]['executed']}元"
        e.broken_file = "funding.csv"
        e.broken = "nonnumber: funding.csv 第2行的预算完成数带了单位“元”，不是数字"
    elif kind == "decimals":
        row = files["funding.csv"][0]
        row["budget"] = Decimal(row["budget"]) + Decimal("0.0038")
        e.broken_file = "funding.csv"
        e.broken = "decimals: 以万元为单位的年度预算数写了4位小数"
    elif kind == "year":
        e.broken_file = "project.yaml" if e.format == "yaml" else WORKBOOK
        e.broken = "year: 沿用上年文件，年度（fiscal_year）仍是上一年"
    elif kind == "encoding":
        e.broken_file = "prose.yaml"
        e.broken = "encoding: prose.yaml 存成了 GBK 编码（WPS 默认），不是 UTF-8"
    elif kind == "mixed":
        e.broken_file = "funding.csv"
        e.broken = "mixed: 工作簿旁边留了一个导出的 funding.csv"
    e.findings = []


# =========================================================================== files


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:  # a weight equal to a score is written twice, never as &id001
        return True


def _decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.Node:
    text = format(value, "f")
    return dumper.represent_scalar("tag:yaml.org,2002:float" if "." in text else "tag:yaml.org,2002:int", text)


_Dumper.add_representer(Decimal, _decimal)

HEADER = "# Synthetic (scripts/synth_portfolio.py, seed {seed}): a made-up project-year, not real data.\n"


def dump_yaml(content: Any, seed: int) -> str:
    body = yaml.dump(content, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000, default_flow_style=False)
    return HEADER.format(seed=seed) + body


def dump_csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["source", "budget", "executed"])
    for r in rows:
        writer.writerow([r["source"], str(r["budget"]), str(r["executed"])])
    return buf.getvalue()


def write_yaml_year(folder: Path, files: dict[str, Any], seed: int, encoding: str = "utf-8", gbk_file: str | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        text = dump_csv(content) if name.endswith(".csv") else dump_yaml(content, seed)
        (folder / name).write_bytes(text.encode("gb18030" if name == gbk_file else encoding))


def write_workbook_year(folder: Path, b: Built, seed: int) -> None:
    """The year as 自评数据.xlsx, written by the product's template writer from the loaded YAML year."""
    from selfeval.contract.load import load_year
    from selfeval.contract.workbook_template import write_template

    year = b.entry.year
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / str(year)
        write_yaml_year(src, b.files, seed)
        data = load_year(src)
    folder.mkdir(parents=True, exist_ok=True)
    as_year = year - 1 if b.entry.broken and b.entry.broken.startswith("year") else year
    write_template(folder / WORKBOOK, as_year, data, overwrite=True)
    if b.entry.broken and b.entry.broken.startswith("mixed"):
        (folder / "funding.csv").write_text(dump_csv(b.files["funding.csv"]), encoding="utf-8")


def write(portfolio: Portfolio, out: Path, seed: int, layout: str = "portfolio") -> None:
    """Write every project-year under ``out`` (portfolio: out/<project>/<year>/; single: out/<year>/)."""
    for e in portfolio.entries:
        b = portfolio.years[(e.project, e.year)]
        folder = out / e.project / str(e.year) if layout == "portfolio" else out / str(e.year)
        e.path = str(folder)
        files = dict(b.files)
        if e.broken and e.broken.startswith("year") and e.format == "yaml":
            files["project.yaml"] = {**files["project.yaml"], "fiscal_year": e.year - 1}
        if e.format == "xlsx" and not (e.broken and e.broken.startswith(("weights", "missing", "nonnumber", "decimals", "encoding"))):
            write_workbook_year(folder, b, seed)
        else:
            gbk = "prose.yaml" if e.broken and e.broken.startswith("encoding") else None
            write_yaml_year(folder, files, seed, gbk_file=gbk)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Write a synthetic portfolio of project-years (tests and benchmarks; not real data).")
    ap.add_argument("--projects", type=int, required=True, help="number of projects")
    ap.add_argument("--years", type=int, required=True, help="consecutive fiscal years per project")
    ap.add_argument("--seed", type=int, required=True)
    ap.add_argument("--out", type=Path, required=True, help="folder to write (must be empty or absent; never data/)")
    ap.add_argument("--broken", type=int, default=0, help="project-years given a realistic data error")
    ap.add_argument("--end-year", type=int, default=2023, help="the last fiscal year (default 2023)")
    ap.add_argument("--workbooks", choices=("some", "none", "all"), default="some", help="projects kept as 自评数据.xlsx")
    ap.add_argument("--layout", choices=("portfolio", "single"), default="portfolio", help="OUT/<project>/<year> or, for one project, OUT/<year>")
    ap.add_argument("--manifest", type=Path, help="write what was generated (and the findings each year must raise) as JSON")
    ap.add_argument("--force", action="store_true", help="replace the project folders this run writes")
    args = ap.parse_args(argv)
    out = args.out.resolve()
    if out == ROOT / "data" or (ROOT / "data") in out.parents:
        ap.error("synthetic data never goes into data/")
    if args.layout == "single" and args.projects != 1:
        ap.error("--layout single writes one project's years: use --projects 1")
    try:
        portfolio = generate(args.projects, args.years, args.seed, args.end_year, args.broken, args.workbooks)
    except ValueError as exc:
        ap.error(str(exc))
    targets = {out / e.project for e in portfolio.entries} if args.layout == "portfolio" else {out / str(e.year) for e in portfolio.entries}
    if out.exists() and any(out.iterdir()):
        clash = sorted(str(t) for t in targets if t.exists())
        if clash and not args.force:
            ap.error(f"{clash[0]} exists: use --force to replace, or another --out")
        for t in clash:
            shutil.rmtree(t)
    write(portfolio, out, args.seed, args.layout)
    for e in portfolio.entries:
        mark = f"  BROKEN {e.broken}" if e.broken else ""
        print(
            f"{e.project}/{e.year}  {e.format:4}  {e.government}({e.level})  {e.money_unit}  "
            f"预算{e.budget_yuan}元  {'未足额执行' if e.under_executed else '足额执行'}  未达标{len(e.missed)}/{len(e.indicators)}  "
            f"复核提示{sum(1 for f in e.findings if not f[3])}{mark}"
        )
    broken = [e for e in portfolio.entries if e.broken]
    print(f"{len(portfolio.entries)} project-years of {len({e.project for e in portfolio.entries})} projects written to {out}; {len(broken)} broken")
    for e in broken:
        print(f"broken: {e.project}/{e.year} ({e.broken_file}): {e.broken}")
    if args.manifest:
        args.manifest.write_text(json.dumps([asdict(e) for e in portfolio.entries], ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
