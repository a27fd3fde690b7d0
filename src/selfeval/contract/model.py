"""The data contract of one fiscal year, as typed pydantic models.

Field meanings, units and examples are documented for analysts in ``data/README.md``;
this module is the machine-checked version of that document. Models forbid unknown
fields so a typo (``wieght``) is an error, not a silently ignored value.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PrivateAttr, ValidationInfo, field_validator, model_validator

from ..errors import FIX_SEPARATOR as FIX
from ..figures import plain, round_fraction
from . import fieldtypes as t
from .fieldtypes import Amount, Date, Int, Label, Number, Text
from .raw import loc_text
from .vocabulary import ProjectLevel, ReviewCheck

Op = Literal[">=", "=", "<="]
OP_ALIASES = {"≥": ">=", ">=": ">=", "=": "=", "==": "=", "≤": "<=", "<=": "<="}
OP_SYMBOL = {">=": "≥", "=": "", "<=": "≤"}
Rounding = Literal["half_up", "floor"]
Band = Literal["达成", "部分达成", "未达成"]


class Strict(t.FieldMapping):
    """Base: unknown fields are errors (typo protection); an empty mapping's message names what is missing in it."""


class Period(Strict):
    start: Date
    end: Date

    @model_validator(mode="after")
    def _ordered(self) -> Period:
        if self.end < self.start:
            raise ValueError(f"结束日期{self.end}早于开始日期{self.start}{t.FIX}对调或改正这两个日期")
        return self


# level of government → the word before 本级 in the funding label (财政拨款（区本级支出）)
GOVERNMENT_LEVELS = {"省级": "省", "市级": "市", "区级": "区", "县级": "县", "镇级": "镇", "乡级": "乡"}


class Project(Strict):
    name: Label = Field(min_length=1)
    form_name: Label | None = None
    level: ProjectLevel
    category: Label | None = None
    department: Label = Field(min_length=1)
    implementer: Label = Field(min_length=1)
    unit_self_name: Label = "我单位"
    region: Label | None = None
    goal: Text = Field(min_length=1)
    goal_achieved: Text | None = None
    report_date: Date | None = None  # 编制日期 on the cover; a blank ____年__月__日 line when absent
    prepared_by: Label | None = None  # 编制单位 on the cover; the 实施单位 when absent


class SignOff(Strict):
    """The 自评表's sign-off row (签署栏): printed where given, a blank line to fill in by hand otherwise."""

    preparer: Label | None = None  # 填报人
    phone: Label | None = None  # 联系电话 (text: a number keeps its leading 0 and its dashes)
    date: Date | None = None  # 填报日期; the report_date when absent
    unit: Label | None = None  # 单位（盖章）: the unit's name, stamped over


class Contract(Strict):
    contractor: Label | None = None
    supervisor: Label | None = None
    period: Period | None = None
    year_period: Period
    signed: Label | None = None
    contracted_volume: Int | None = Field(default=None, gt=0)
    volume_unit: Label = "件"


class ProjectFile(Strict):
    """``project.yaml``."""

    fiscal_year: Int = Field(ge=2000, le=2100)
    money_unit: Literal["元", "万元"] = "万元"
    project: Project
    contract: Contract
    sign_off: SignOff | None = None


class Seats(Strict):
    total: Int = Field(ge=0)
    full_outsourced: Int | None = Field(default=None, ge=0)
    half_outsourced: Int | None = Field(default=None, ge=0)
    prior_year_total: Int | None = Field(default=None, ge=0)  # 上年末坐席规模: decides 保持 / 增至 / 减至


class Lines(Strict):
    districts: Int | None = Field(default=None, ge=0)
    departments: Int | None = Field(default=None, ge=0)
    total: Int = Field(ge=0)
    prior_year_total: Int | None = Field(default=None, ge=0)
    merged_this_year: Int | None = Field(default=None, ge=0)


class Assessment(Strict):
    monthly_indicators: Int | None = Field(default=None, ge=0)
    annual_indicators: Int | None = Field(default=None, ge=0)


class Operations(Strict):
    """``operations.yaml`` (optional: hotline-type projects)."""

    service_volume: Int | None = Field(default=None, ge=0)
    volume_unit: Label = "件"
    seats: Seats | None = None
    agents: Int | None = Field(default=None, ge=0)
    lines: Lines | None = None
    channels: list[Label] = []
    service_hours: Label | None = None
    assessment: Assessment | None = None
    # id of the indicator whose numerator/denominator are calls answered/offered; monthly.csv
    # must add up to its counts. Default (None): the indicator with id 'answer_rate', if any.
    answer_rate_indicator: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")


class FundingRow(Strict):
    """One row of ``funding.csv``."""

    source: Literal["municipal", "transfer", "other"]
    budget: Amount = Field(ge=0)
    executed: Amount = Field(ge=0)
    initial_budget: Amount | None = Field(default=None, ge=0)


FUNDING_LABELS = {
    "municipal": "财政拨款（本级支出）",  # the level of government goes before 本级: funding_label
    "transfer": "财政拨款（转移支付）",
    "other": "其他资金",
}


def government_level(project: Project) -> str:
    """The level of government whose own funds ``municipal`` stands for: '市' (广州市), '区', '镇', …

    From 项目级次 when it names a level of government (区级 → 区), else from the last character of
    ``region`` (广州市 → 市, 某市某区 → 区), else '' (no level known: the label says 本级 only).
    """
    if project.level in GOVERNMENT_LEVELS:
        return GOVERNMENT_LEVELS[project.level]
    region = project.region or ""
    return region[-1] if region[-1:] in ("省", "市", "区", "县", "镇", "乡") else ""


def funding_label(source: str, project: Project) -> str:
    """The 自评表's name of a funding source: 财政拨款（市本级支出） in Guangzhou, （区本级支出） in a district."""
    if source == "municipal":
        return f"财政拨款（{government_level(project)}本级支出）"
    return FUNDING_LABELS[source]


class ExpenseCategory(Strict):
    name: Label = Field(min_length=1)
    amount: Amount | None = Field(default=None, ge=0)


class Budget(Strict):
    """``budget.yaml``: the budget line of the 自评表 and what the money was for."""

    weight: Number = Field(ge=0, le=100)
    allocated: Amount | None = Field(default=None, ge=0)
    rounding: Rounding = "half_up"
    categories: list[ExpenseCategory] = []
    deviation_reason: Text = ""  # 预算执行偏差原因: why the execution rate is below 100% (三、and the 自评表)
    improvement: Text = ""  # 预算执行改进措施


class Target(Strict):
    op: Op
    value: Number
    unit: Label = Field(min_length=1)

    @field_validator("op", mode="before")
    @classmethod
    def _alias(cls, v: object) -> object:
        if isinstance(v, str) and v.strip() in OP_ALIASES:
            return OP_ALIASES[v.strip()]
        raise ValueError(f"“{v}”不是目标运算符{t.FIX}填写 ≥、= 或 ≤（也可写 >=、=、<=）")


class QualitativeTarget(Strict):
    text: Label = Field(min_length=1)


class Count(Strict):
    label: Label = Field(min_length=1)
    value: Int = Field(ge=0)
    unit: Label = Field(min_length=1)


class StepDeduction(Strict):
    rule: Literal["step_deduction"]
    points: Number = Field(gt=0)
    step: Number = Field(gt=0)


class Proportional(Strict):
    rule: Literal["proportional"] = "proportional"


class Qualitative(Strict):
    rule: Literal["qualitative"]
    band: Band
    score: Number = Field(ge=0)


NumericScoring = Annotated[StepDeduction | Proportional, Field(discriminator="rule")]


class IndicatorBase(Strict):
    """What every indicator of ``indicators.yaml`` has, whatever its formula."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    name: Label = Field(min_length=1)
    short_name: Label | None = None
    level1: Label = Field(min_length=1)
    level2: Label = Field(min_length=1)
    rounding: Rounding = "half_up"
    decimals: Int = Field(default=2, ge=0, le=4)
    weight: Number = Field(gt=0, le=100)
    deviation_reason: Text = ""
    improvement: Text = ""
    evidence: Text = ""  # 完成情况说明: what happened, in the analyst's words (a qualitative result's basis)
    form_order: Int | None = None

    @property
    def label(self) -> str:
        return self.short_name or self.name


def _numeric_before(data: Any) -> Any:
    """Messages that name the formula for what only fits a qualitative indicator."""
    if not isinstance(data, dict):
        return data
    formula = data.get("formula")
    if isinstance(data.get("scoring"), dict) and data["scoring"].get("rule") == "qualitative":
        raise ValueError(
            f"评分规则“定性评分”（qualitative）只适用于计算公式“定性”（qualitative），不适用于“{formula}”{t.FIX}评分规则改为按比例（proportional）或按档扣分（step_deduction），或计算公式改为定性"
        )
    target = data.get("target")
    if isinstance(target, dict) and "text" in target and "op" not in target:
        raise ValueError(f'计算公式“{formula}”需要数值目标{t.FIX}填写目标运算符、目标值和目标单位，如 target: {{op: ">=", value: 95, unit: "%"}}')
    return data


class NumericIndicator(IndicatorBase):
    """An indicator with a numeric target (≥ / = / ≤) and a numeric reported value."""

    target: Annotated[Target, BeforeValidator(t.numeric_target_hint)]
    scoring: NumericScoring = Field(default_factory=Proportional)

    @property
    def value_unit(self) -> str | None:
        """The unit of the computed value: % for rates, the target's unit otherwise."""
        return self.target.unit

    def _check_target(self) -> None:
        if isinstance(self.scoring, StepDeduction) and self.target.op == "=":
            raise ValueError(f"按档扣分（step_deduction）需要 ≥ 或 ≤ 的目标{t.FIX}目标为“=”时评分规则用按比例（proportional）")


class RatioIndicator(NumericIndicator):
    """``ratio``: numerator ÷ denominator × 100, in %."""

    formula: Literal["ratio"]
    numerator: Count
    denominator: Count

    @model_validator(mode="before")
    @classmethod
    def _before(cls, data: Any) -> Any:
        if isinstance(data, dict):
            formula = data.get("formula")
            if data.get("numerator") is None or data.get("denominator") is None:
                raise ValueError(f"计算公式“{formula}”需要分子和分母{t.FIX}填写分子、分母的名称、数值和单位（numerator、denominator 的 label、value、unit）")
            if "value" in data:
                raise ValueError(f"计算公式“{formula}”由分子、分母计算完成值，不用填报值（value）{t.FIX}删去填报值，或把计算公式改为填报值（value）")
        return _numeric_before(data)

    @model_validator(mode="after")
    def _consistent(self) -> RatioIndicator:
        if self.denominator.value == 0:
            raise ValueError(f"分母数值（denominator.value）为0，无法计算比率{t.FIX}填写实际的分母数值")
        if self.numerator.value > self.denominator.value:
            raise ValueError(
                f"分子数值（numerator.value）{self.numerator.value} 大于分母数值（denominator.value）{self.denominator.value}"
                f"，比率将超过100%{t.FIX}核对这两个计数"
            )
        if self.numerator.unit != self.denominator.unit:
            raise ValueError(f"分子单位“{self.numerator.unit}”与分母单位“{self.denominator.unit}”不同{t.FIX}分子、分母使用同一单位")
        if not (0 <= self.target.value <= 100):
            raise ValueError(f"目标值（target.value）{plain(self.target.value)}% 不是0到100之间的比率{t.FIX}改正目标值")
        if self.target.unit != "%":
            raise ValueError(f"目标单位（target.unit）“{self.target.unit}”与指标完成值的单位“%”不一致{t.FIX}目标单位改为%")
        self._check_target()
        return self

    @property
    def value_unit(self) -> str:
        return "%"


class ComplementIndicator(RatioIndicator):
    """``complement``: (1 − numerator ÷ denominator) × 100, in %."""

    formula: Literal["complement"]  # type: ignore[assignment]


class ValueIndicator(NumericIndicator):
    """``value``: the figure as reported, in the target's unit."""

    formula: Literal["value"]
    value: Number

    @model_validator(mode="before")
    @classmethod
    def _before(cls, data: Any) -> Any:
        if isinstance(data, dict) and data.get("value") is None:
            raise ValueError(f"计算公式“{data.get('formula')}”需要填报值（value）{t.FIX}填写实际完成值")
        return _numeric_before(data)

    @model_validator(mode="after")
    def _consistent(self) -> ValueIndicator:
        self._check_target()
        return self


class CountIndicator(ValueIndicator):
    """``count``: a whole number of 件, 项, 场…, in the target's unit (never %)."""

    formula: Literal["count"]  # type: ignore[assignment]

    @model_validator(mode="after")
    def _whole(self) -> CountIndicator:
        if self.value != self.value.to_integral_value():
            raise ValueError(f"计算公式“计数”（count）需要整数，填的是{self.value}{t.FIX}带小数的完成值用计算公式“填报值”（value）")
        if self.target.unit == "%":
            raise ValueError(
                f"目标单位（target.unit）“%”不适用于计算公式“计数”（count：件、项等的整数）{t.FIX}填写计数的单位；"
                "比率请用计算公式“比率”（ratio）并填写分子和分母"
            )
        if self.value < 0:
            raise ValueError(f"填报值（value）{plain(self.value)}是负数，计数不能为负{t.FIX}填写实际数值")
        return self


class QualitativeIndicator(IndicatorBase):
    """``qualitative``: a judgment (达成 / 部分达成 / 未达成) with the analyst's score."""

    formula: Literal["qualitative"]
    target: QualitativeTarget
    reported_text: Label = Field(min_length=1)
    scoring: Qualitative

    @model_validator(mode="before")
    @classmethod
    def _before(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        target = data.get("target")
        t.qualitative_target_hint(target)
        if not (isinstance(target, dict) and "text" in target):
            raise ValueError(f"定性指标需要定性目标（target: {{text: …}}）{t.FIX}填写预期状态，如 及时")
        scoring = data.get("scoring")
        if not (isinstance(scoring, dict) and scoring.get("rule") == "qualitative"):
            raise ValueError(
                f"定性指标需要定性评分{t.FIX}填写评分规则“定性评分”、定性等级（达成、部分达成或未达成）和定性得分："
                "scoring: {rule: qualitative, band: 达成, score: N}"
            )
        if not data.get("reported_text"):
            raise ValueError(f"定性指标需要定性完成情况（reported_text）{t.FIX}填写实际完成情况，如 及时")
        return data

    @model_validator(mode="after")
    def _band(self) -> QualitativeIndicator:
        _check_band(self.scoring.band, self.scoring.score, self.weight)
        return self


IndicatorType = RatioIndicator | ComplementIndicator | ValueIndicator | CountIndicator | QualitativeIndicator
Indicator = Annotated[IndicatorType, Field(discriminator="formula")]


def _tag(cls: type[BaseModel], field: str) -> str:
    """The one value of a discriminator field's Literal: the name the data writes for that branch."""
    (tag,) = get_args(cls.model_fields[field].annotation)
    return str(tag)


# the tags of the unions, as the data writes them (and as pydantic puts them into error locations)
FORMULA_TAGS = tuple(_tag(c, "formula") for c in get_args(IndicatorType))
SCORING_TAGS = tuple(_tag(c, "rule") for c in (StepDeduction, Proportional, Qualitative))
TARGET_MODELS = (Target.__name__, QualitativeTarget.__name__)


BANDS: dict[str, tuple[Decimal, Decimal]] = {
    "达成": (Decimal("0.8"), Decimal("1")),
    "部分达成": (Decimal("0.6"), Decimal("0.8")),
    "未达成": (Decimal("0"), Decimal("0.6")),
}


def _check_band(band: str, score: Decimal, weight: Decimal) -> None:
    """达成 80–100% of the weight (inclusive), 部分达成 60% ≤ s < 80%, 未达成 0 ≤ s < 60%."""
    lo, hi = BANDS[band]
    low, high = weight * lo, weight * hi
    ok = low <= score <= high if band == "达成" else low <= score < high
    if not ok:
        closing = "]" if band == "达成" else ")"
        raise ValueError(f"定性得分{plain(score)}不在分值{plain(weight)}的“{band}”等级范围[{plain(low)}, {plain(high)}{closing}内{t.FIX}修改定性得分或定性等级")


class IndicatorsFile(Strict):
    """``indicators.yaml``."""

    weights_total: Number = Decimal(100)
    indicators: list[Indicator] = Field(min_length=1)


class Prose(Strict):
    """``prose.yaml``: what only an analyst can write. Markdown allowed, HTML is shown as text."""

    unit_overview: Text = ""
    background: Text = ""
    legal_basis: list[Text] = []
    implementation: Text = ""
    funds_management: Text = ""
    project_management: Text = ""
    performance_management: Text = ""
    conclusions_intro: Text = ""
    conclusions: list[Text] = []
    benefits: Text = ""
    benefits_closing: Text = ""
    spending: Text = ""
    problems: Text = ""
    measures: list[Text] = []


class MonthRow(Strict):
    """One row of the optional ``monthly.csv``."""

    month: Int = Field(ge=1, le=12)
    calls_offered: Int = Field(ge=0)
    calls_answered: Int = Field(ge=0)
    service_volume: Int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _answered(self) -> MonthRow:
        if self.calls_answered > self.calls_offered:
            raise ValueError(f"接通数（calls_answered）{self.calls_answered} 大于呼入数（calls_offered）{self.calls_offered}{t.FIX}核对该月的计数")
        return self


# =========================================================================== review.yaml

DATA_FILES = ("project.yaml", "funding.csv", "budget.yaml", "indicators.yaml", "prose.yaml", "operations.yaml", "monthly.csv", "capacity.yaml")


class IntendedPhrase(Strict):
    """A finding of `selfeval check` that the analyst read and accepts.

    With ``phrase``: the text findings of that file and field whose flagged words lie inside the
    phrase (a year written on purpose, a figure kept as typed), of any check or of ``check`` only.
    Without ``phrase``: the finding of ``check`` on that file and field (a section left blank on
    purpose, a weight split the form prescribes), which needs a ``reason``: the 复核提示 page shows it.
    """

    file: Literal["project.yaml", "budget.yaml", "indicators.yaml", "prose.yaml", "operations.yaml"]
    field: Label = Field(min_length=1)  # as the finding names it, e.g. background, legal_basis, answer_rate.deviation_reason
    phrase: Text | None = None  # text of that field containing what was flagged
    check: ReviewCheck | None = None  # 审核要点: the check accepted (every check, for a phrase, when absent)
    reason: Text = ""

    @model_validator(mode="after")
    def _what(self) -> IntendedPhrase:
        if not self.phrase and self.check is None:
            raise ValueError(f"既没有短语（phrase）也没有审核要点（check）{FIX}写出提示所指的原文短语，或提示【】中的审核要点名称")
        if not self.phrase and not self.reason.strip():
            raise ValueError(f"接受审核要点“{self.check}”，但没有写理由（reason）{FIX}写明接受的理由，复核提示页会显示它")
        return self


class Review(Strict):
    """``review.yaml``: the analyst's marks on `selfeval check` findings, valid for one fiscal year only.

    Copying a year forward copies this file too; because its ``fiscal_year`` then differs from
    the folder's, its marks stop applying and every stale phrase is reported again.
    """

    fiscal_year: Int = Field(ge=2000, le=2100)
    intended: list[IntendedPhrase] = []

    def marks_for(self, year: int) -> list[IntendedPhrase]:
        """The marks that apply to ``year`` (none when they were made for another year)."""
        return list(self.intended) if self.fiscal_year == year else []


# =========================================================================== capacity.yaml

DEFAULT_BUSY_HOUR_SHARE = Decimal("0.09")


class CapacityAssumptions(Strict):
    """``capacity.yaml``: every input of the capacity model that the data does not contain.

    Defaults (all ASSUMPTIONS, labelled 假设 in the book):

    * ``aht_seconds`` 300 — average handle time, talk + after-call work (recording the
      工单), per answered call. Not in the report; a round 5 minutes, and the result is
      most sensitive to it (the result reports the AHT at which the actual agents suffice).
    * ``patience_seconds`` 120 — mean time a caller waits before hanging up. Not in the report.
    * ``operating_hours_per_day`` 24 — taken from operations.yaml ``service_hours`` when it
      reads like "7×24小时" (the 2021 report's figure; then not an assumption).
    * ``busy_hour_share`` 0.09 — share of a day's calls in the busiest hour; the other
      operating hours share the rest evenly. (A line open fewer than 12 hours a day cannot
      have a 9% peak; its default is then an even spread, 1/hours.) Alternatively ``hourly_profile``: one weight
      per operating hour (any scale; normalised), which replaces ``busy_hour_share``.
    * ``day_factor`` 1 — design day ÷ average day; 1 staffs the year's average day.
    * ``occupancy_cap`` 0.85 — highest sustainable share of on-duty time on calls.
    * ``shrinkage`` 0.30 — share of paid hours not available for calls (breaks, training,
      meetings, leave, other channels such as 微信/网页).
    * ``paid_hours_per_agent_year`` 2000 — 250 working days × 8 h (the statutory working
      year, 劳社部发〔2008〕3号); assumes agents work standard hours.
    """

    aht_seconds: Number = Field(default=Decimal(300), gt=0, le=3600)
    patience_seconds: Number = Field(default=Decimal(120), gt=0, le=3600)
    operating_hours_per_day: Int = Field(default=24, ge=1, le=24)
    busy_hour_share: Number | None = Field(default=None, gt=0, le=1)
    hourly_profile: list[Number] | None = None
    day_factor: Number = Field(default=Decimal(1), gt=0, le=10)
    occupancy_cap: Number = Field(default=Decimal("0.85"), gt=0, le=1)
    shrinkage: Number = Field(default=Decimal("0.30"), ge=0, lt=1)
    paid_hours_per_agent_year: Number = Field(default=Decimal(2000), gt=0, le=8784)

    @field_validator("busy_hour_share")
    @classmethod
    def _busiest(cls, v: Decimal | None, info: ValidationInfo) -> Decimal | None:
        hours = info.data.get("operating_hours_per_day", 24)
        if v is not None and v * hours < 1:
            raise ValueError(
                f"忙时话务占比（busy_hour_share）{plain(v)}低于{hours}个服务小时平均分布的占比（1/{hours}），不可能是最忙的小时{t.FIX}"
                f"忙时话务占比至少填{plain(round_fraction(Fraction(1, hours), 4, 'half_up'))}，或改填各小时话务分布（hourly_profile）"
            )
        return v

    @property
    def busy_share(self) -> Fraction:
        """The busy hour's share: given, or from the profile, or the default (see class docstring)."""
        if self.hourly_profile is not None:
            return self.shares()[0]
        if self.busy_hour_share is not None:
            return Fraction(self.busy_hour_share)
        return max(Fraction(DEFAULT_BUSY_HOUR_SHARE), Fraction(1, self.operating_hours_per_day))

    @field_validator("hourly_profile")
    @classmethod
    def _profile(cls, v: list[Decimal] | None, info: ValidationInfo) -> list[Decimal] | None:
        if v is None:
            return v
        if info.data.get("busy_hour_share") is not None:
            raise ValueError(f"同时填了忙时话务占比（busy_hour_share）和各小时话务分布（hourly_profile）{t.FIX}只保留一项（分布已决定忙时占比）")
        hours = info.data.get("operating_hours_per_day", 24)
        if len(v) != hours:
            raise ValueError(f"有{len(v)}个值，但每日人工服务时长（operating_hours_per_day）为{hours}小时{t.FIX}每个服务小时填一个权重")
        if any(w < 0 for w in v):
            raise ValueError(f"有负的权重{t.FIX}权重是各小时占全天话务的份额，填0或正数")
        if sum(v) == 0:
            raise ValueError(f"权重全为0{t.FIX}填写各小时占全天话务的份额")
        return v

    def shares(self) -> list[Fraction]:
        """Each operating hour's share of the day's calls, busiest first (exact)."""
        if self.hourly_profile is not None:
            total = Fraction(sum(self.hourly_profile))
            return sorted((Fraction(w) / total for w in self.hourly_profile), reverse=True)
        busy, rest = self.busy_share, self.operating_hours_per_day - 1
        return [busy] + ([(1 - busy) / rest] * rest if rest else [])


class YearData(BaseModel):
    """Everything known about one fiscal year, validated and cross-checked."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    folder: str
    project_file: ProjectFile
    funding: list[FundingRow]
    budget: Budget
    indicators_file: IndicatorsFile
    prose: Prose
    operations: Operations | None = None
    monthly: list[MonthRow] | None = None
    capacity: dict | None = None  # capacity.yaml as written (the table of assumptions says which were given)
    assumptions: CapacityAssumptions | None = None  # validated, with operations' service hours applied
    review: Review | None = None  # review.yaml: phrases marked as intended
    # data file name → (label, where, names cells) of its source; set by contract.load.validate_year
    _places: dict = PrivateAttr(default_factory=dict)

    def place(self, name: str, loc: tuple, text: str) -> tuple[str, str]:
        """(file, position) for a message about ``loc`` in data file ``name``.

        A workbook year names the cell (``绩效指标!F5``); a YAML/CSV year keeps ``text``, the
        position as that file's messages have always worded it.
        """
        if name in self._places:
            label, where, cells = self._places[name]
            return label, (where(loc) if cells else text)
        return f"{self.folder}/{name}", text

    def row_place(self, name: str, loc: tuple) -> tuple[str, str]:
        """(file, position) of a table row's cell as its own reader names it: ``第3行，年度预算数（budget）``
        in a CSV (file row numbers, blank lines counted), the cell in a workbook."""
        if name in self._places:
            label, where, _ = self._places[name]
            return label, where(loc)
        return f"{self.folder}/{name}", loc_text(loc)

    @property
    def year(self) -> int:
        return self.project_file.fiscal_year

    @property
    def project(self) -> Project:
        return self.project_file.project

    @property
    def contract(self) -> Contract:
        return self.project_file.contract

    @property
    def indicators(self) -> list[IndicatorType]:
        return self.indicators_file.indicators

    @property
    def money_unit(self) -> str:
        return self.project_file.money_unit
