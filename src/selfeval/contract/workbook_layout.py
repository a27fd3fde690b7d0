"""The layout of ``自评数据.xlsx``: which sheet holds which data file, and what each column or row means.

One declaration serves both directions, so the template and the reader cannot disagree:
:mod:`.workbook_template` writes headings, drop-down lists and input messages from it, and
:mod:`.workbook` reads cells back into the data files' YAML-like structure by it.

Two kinds of sheet:

* a **table** (项目资金, 绩效指标, 分月话务, 复核记录): heading row 1, one record per row, columns in any
  order, identified by their Chinese heading;
* a **record** (项目信息, 预算, 文字材料, 运营情况, 测算假设): one mapping; column A names the
  item (项目), column B holds its value (内容). A list (主要依据, 开支内容, …) takes one row per
  entry, each with the same name in column A. Column C (说明) is never read.

Enumerated values are shown in Chinese with their contract code (``比率 ratio``); the reader
accepts the whole label, its Chinese part or the code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .vocabulary import PROJECT_LEVELS, REVIEW_CHECKS

WORKBOOK_NAME = "自评数据.xlsx"

Kind = Literal["text", "decimal", "int", "date", "enum"]
# How a cell formatted as a percentage is read: 'points' 95% → 95 (the contract's value is in
# per cent), 'fraction' 9% → 0.09 (the contract's value is a share), '' a percentage is an error.
Percent = Literal["", "points", "fraction"]


@dataclass(frozen=True)
class Choice:
    """One entry of a drop-down list: what the analyst sees and the contract value it stands for."""

    label: str
    code: str
    aliases: tuple[str, ...] = ()  # earlier labels, still read (a workbook written by an older template)

    def names(self) -> tuple[str, ...]:
        """Every spelling accepted for this choice: the label, its Chinese part, the code, earlier labels."""
        head = self.label.split(" ")[0]
        return tuple(dict.fromkeys((self.label, head, self.code, *self.aliases)))


def _choices(*pairs: tuple[str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(label, code) for label, code in pairs)


FORMULAS = _choices(
    ("比率 ratio", "ratio"), ("一减比率 complement", "complement"), ("填报值 value", "value"), ("计数 count", "count"), ("定性 qualitative", "qualitative")
)
RULES = _choices(("按比例 proportional", "proportional"), ("按档扣分 step_deduction", "step_deduction"), ("定性评分 qualitative", "qualitative"))
ROUNDINGS = _choices(("四舍五入 half_up", "half_up"), ("去尾 floor", "floor"))
OPERATORS = _choices(("≥", ">="), ("=", "="), ("≤", "<="))
OPERATOR_SPELLINGS = {">=": ">=", "≥": ">=", "=": "=", "==": "=", "<=": "<=", "≤": "<="}
BANDS = _choices(("达成", "达成"), ("部分达成", "部分达成"), ("未达成", "未达成"))
LEVELS = tuple(Choice(level, level) for level in PROJECT_LEVELS)
MONEY_UNITS = _choices(("万元", "万元"), ("元", "元"))
# 本级: the project's own level of government (市本级 in Guangzhou, 区本级 in a district: model.funding_label)
SOURCES = (
    Choice("财政拨款（本级支出）", "municipal", aliases=("财政拨款（市本级支出）",)),
    Choice("财政拨款（转移支付）", "transfer"),
    Choice("其他资金", "other"),
)
REVIEW_CHECK_CHOICES = tuple(Choice(name, name) for name in REVIEW_CHECKS)
UNIT_SUGGESTIONS = ("%", "件", "次", "项", "天", "分钟", "小时", "场", "个", "人", "分")


@dataclass(frozen=True)
class Field:
    """One column of a table sheet, or one item (row) of a record sheet."""

    path: tuple[str, ...]  # where the value goes in the data file: ('project', 'name'), ('numerator', 'value')
    label: str  # the Chinese heading (table) or item name (record)
    kind: Kind
    what: str  # what goes in: first line of the input message
    unit: str = ""
    example: str = ""
    choices: tuple[Choice, ...] = ()
    percent: Percent = ""
    repeat: bool = False  # record sheets: a list, one row per entry
    required: bool = False  # table sheets: the column must be present
    minimum: int | None = None  # whole numbers: lowest value the template's validation allows
    maximum: int | None = None
    width: int = 14
    suggest: tuple[str, ...] = ()  # a drop-down of common values that still accepts others
    file: str = ""  # record sheets: another data file this item belongs to ('' = the sheet's)
    second: Field | None = None  # record list of pairs: the value in column C (开支内容 → 金额)
    shared: bool = False  # table sheets: one value for the whole file, repeated on every row (复核年度)

    def message(self) -> str:
        """The input message Excel/WPS shows when the cell is selected (≤ 255 characters)."""
        parts = [self.what]
        if self.choices:
            parts.append("从下拉列表选择")
        if self.unit:
            parts.append(f"单位：{self.unit}")
        if self.example:
            parts.append(f"例：{self.example}")
        text = "；".join(parts)
        return text if len(text) <= 255 else text[:254] + "…"


@dataclass(frozen=True)
class Sheet:
    name: str  # the sheet's name in the workbook
    file: str  # the data file it stands for
    layout: Literal["table", "record"]
    fields: tuple[Field, ...]
    required: bool
    key: str = ""  # table sheets: the column whose value must not repeat
    rows_key: str = ""  # table sheets: the file's list the rows go to (indicators.yaml → indicators); '' the file is the list

    def field_for(self, label: str) -> Field | None:
        return next((f for f in self.fields if f.label == label), None)

    def field_for_path(self, path: tuple) -> Field | None:
        """The column or item of a field path (inside a row for tables), or None."""
        return next((f for f in self.fields if f.path == tuple(path)), None)


RECORD_HEAD = ("项目", "内容")
# A table column headed "<label>（上年参考）" shows last year's value beside the cell to fill
# (selfeval template --from); the reader skips it.
REFERENCE_SUFFIX = "（上年参考）"
RECORD_NOTE = "说明"
BUDGET_HEAD = ("项目", "内容", "金额")

T: Kind = "text"
D: Kind = "decimal"
INT: Kind = "int"
DATE: Kind = "date"
E: Kind = "enum"

PROJECT = Sheet(
    "项目信息",
    "project.yaml",
    "record",
    (
        Field(("fiscal_year",), "年度", INT, "本报告的财政年度，须与年度文件夹名相同", example="2022", minimum=2000, maximum=2100),
        Field(("money_unit",), "金额单位", E, "项目资金、预算各金额的单位；默认万元", choices=MONEY_UNITS),
        Field(("project", "name"), "项目名称", T, "报告通篇使用的项目名称（必填）", example="12345政府服务热线人工坐席服务外包项目"),
        Field(("project", "form_name"), "自评表项目名称", T, "自评表「项目名称」；不填则同项目名称", example="2021年…项目工作经费"),
        Field(("project", "level"), "项目级次", E, "自评表「项目级次」（必填）：一级/二级/三级项目，或实施的政府层级（区级、镇级…）", choices=LEVELS),
        Field(("project", "category"), "项目类别", T, "项目类别（当前不打印）", example="经常性专项"),
        Field(("project", "department"), "主管部门", T, "自评表「主管部门」（必填）", example="广州市政务服务数据管理局"),
        Field(("project", "implementer"), "实施单位", T, "自评表「实施单位」（必填）", example="广州市政务服务数据管理局"),
        Field(("project", "unit_self_name"), "单位自称", T, "生成文字中单位的自称；默认“我单位”", example="我局"),
        Field(
            ("project", "region"), "地区", T, "书名前缀；以市/省/区/县/镇/乡结尾时生成“我市”等，并决定资金来源“财政拨款（市本级支出）”的“市”", example="广州市"
        ),
        Field(("project", "goal"), "年度预期绩效目标", T, "自评表「年度预期绩效目标」（必填）；可用 {{占位符}}", example="通过…完成…", width=60),
        Field(("project", "goal_achieved"), "目标实际完成情况", T, "自评表「目标实际完成情况」开头；不填则由运营数据生成", width=60),
        Field(("project", "report_date"), "编制日期", DATE, "封面上的编制日期；不填则封面留“____年__月__日”待填写", example="2022-03-31"),
        Field(("project", "prepared_by"), "编制单位", T, "封面上的编制单位；不填则为实施单位", example="广州市政务服务数据管理局"),
        Field(("sign_off", "preparer"), "填报人", T, "自评表签署栏「填报人」；不填则留空白待手写", example="张三"),
        Field(("sign_off", "phone"), "联系电话", T, "自评表签署栏「联系电话」，按文本填写（保留区号的0和横线）", example="020-12345678"),
        Field(("sign_off", "date"), "填报日期", DATE, "自评表签署栏「填报日期」；不填则为编制日期，都不填则留空白", example="2022-03-31"),
        Field(("sign_off", "unit"), "填报单位", T, "自评表签署栏「单位（盖章）」处打印的单位名称；不填则留空白待盖章", example="广州市政务服务数据管理局"),
        Field(("contract", "contractor"), "承建单位", T, "承建单位（占位符 {{contractor}}）", example="中国电信股份有限公司广东分公司"),
        Field(("contract", "supervisor"), "监理单位", T, "监理单位（占位符 {{supervisor}}）", example="广州市汇源通信建设监理有限公司"),
        Field(("contract", "period", "start"), "合同期限起", DATE, "整个合同期限的开始日期", example="2020-01-01"),
        Field(("contract", "period", "end"), "合同期限止", DATE, "整个合同期限的结束日期", example="2022-12-31"),
        Field(("contract", "year_period", "start"), "本年度实施起", DATE, "本财政年度项目实施时段的开始（必填，须在本年度内）", example="2022-01-01"),
        Field(("contract", "year_period", "end"), "本年度实施止", DATE, "本财政年度项目实施时段的结束（必填，须在本年度内）", example="2022-12-31"),
        Field(("contract", "signed"), "合同签订时间", T, "本年度合同签订时间，按原文书写（文本）", example="2021年12月"),
        Field(("contract", "contracted_volume"), "合同约定服务量", INT, "合同约定服务量，整数", unit="服务量单位（件）", example="12120000", minimum=1),
        Field(("contract", "volume_unit"), "合同服务量单位", T, "合同约定服务量的单位；默认件", example="件"),
    ),
    required=True,
)

FUNDING = Sheet(
    "项目资金",
    "funding.csv",
    "table",
    (
        Field(("source",), "资金来源", E, "资金来源，三行各一（未使用的来源金额填0）", choices=SOURCES, required=True, width=24),
        Field(("budget",), "年度预算数", D, "该来源全年预算数", unit="项目信息中的金额单位", example="13410.06", required=True),
        Field(("executed",), "预算完成数", D, "截至12月31日实际支出数", unit="项目信息中的金额单位", example="13410.06", required=True),
        Field(("initial_budget",), "年初预算数", D, "年初预算数（选填，当前不使用）", unit="项目信息中的金额单位", example="13000"),
    ),
    required=True,
    key="source",
)

BUDGET = Sheet(
    "预算",
    "budget.yaml",
    "record",
    (
        Field(("weight",), "预算完成率分值", D, "自评表中预算完成率的分值（必填，0–100）", unit="分", example="10"),
        Field(("allocated",), "已下达金额", D, "截至12月31日已下达项目预算金额（选填）", unit="项目信息中的金额单位", example="13410.06"),
        Field(("rounding",), "预算完成率修约", E, "预算完成率保留2位小数的修约方式；默认四舍五入", choices=ROUNDINGS),
        Field(
            ("categories",),
            "开支内容",
            T,
            "项目经费开支内容，每行一项（名称填在本列，金额选填在右列）",
            example="团队投入费用",
            repeat=True,
            second=Field(("amount",), "金额", D, "该项开支金额（选填）", unit="项目信息中的金额单位", example="5000"),
        ),
        Field(("weights_total",), "分值合计", D, "预算分值与各指标分值之和应等于的总分；默认100", unit="分", example="100", file="indicators.yaml"),
        Field(("deviation_reason",), "执行偏差原因", T, "预算执行率低于100%的原因；打印在“三、存在的主要问题”和自评表；可用 {{占位符}}", width=60),
        Field(("improvement",), "执行改进措施", T, "加快预算执行的改进措施；打印在自评表；可用 {{占位符}}", width=60),
    ),
    required=True,
)

INDICATORS = Sheet(
    "绩效指标",
    "indicators.yaml",
    "table",
    (
        Field(("id",), "指标编号", T, "指标编号：小写字母、数字、下划线，字母开头，不重复；接通率指标用 answer_rate", example="answer_rate", required=True),
        Field(("name",), "三级指标", T, "三级指标名称", example="月度话务接通率", required=True, width=24),
        Field(("level1",), "一级指标", T, "一级指标", example="产出指标", required=True, suggest=("产出指标", "效益指标", "满意度指标")),
        Field(("level2",), "二级指标", T, "二级指标；相同的二级指标请相邻排列", example="产出数量", required=True),
        Field(("formula",), "计算公式", E, "实际完成值的计算方式", choices=FORMULAS, required=True),
        Field(("numerator", "label"), "分子名称", T, "比率的分子名称（比率、一减比率必填）", example="总接通数"),
        Field(("numerator", "value"), "分子数值", INT, "分子的原始计数，整数", example="10975138", minimum=0),
        Field(("numerator", "unit"), "分子单位", T, "分子的单位，须与分母相同", example="次", suggest=UNIT_SUGGESTIONS),
        Field(("denominator", "label"), "分母名称", T, "比率的分母名称（比率、一减比率必填）", example="总呼入数"),
        Field(("denominator", "value"), "分母数值", INT, "分母的原始计数，整数，大于0", example="11666777", minimum=0),
        Field(("denominator", "unit"), "分母单位", T, "分母的单位", example="次", suggest=UNIT_SUGGESTIONS),
        Field(("target", "op"), "目标运算符", E, "年度指标值的比较方式（定性指标不填）", choices=OPERATORS),
        Field(("target", "value"), "目标值", D, "年度指标值；百分比填95或95%（不要填0.95）", unit="目标单位", example="95", percent="points"),
        Field(("target", "unit"), "目标单位", T, "年度指标值的单位；比率类填%", example="%", suggest=UNIT_SUGGESTIONS),
        Field(("target", "text"), "定性目标", T, "定性指标的年度指标值（仅定性指标）", example="及时"),
        Field(("value",), "填报值", D, "无原始计数时的实际完成值（填报值、计数必填）；百分比填93.6或93.6%", unit="目标单位", example="93.6", percent="points"),
        Field(("reported_text",), "定性完成情况", T, "定性指标的实际完成情况（仅定性指标）", example="基本及时"),
        Field(("rounding",), "修约方式", E, "实际完成值的修约方式；默认四舍五入", choices=ROUNDINGS),
        Field(("decimals",), "小数位数", INT, "实际完成值保留的小数位数（0–4）；默认2", example="2", minimum=0, maximum=4),
        Field(("weight",), "分值", D, "分值（权重），大于0", unit="分", example="12", required=True),
        Field(("scoring", "rule"), "评分规则", E, "未达标时的评分规则；默认按比例", choices=RULES),
        Field(("scoring", "points"), "每档扣分", D, "按档扣分：每档扣几分", unit="分", example="0.3"),
        Field(("scoring", "step"), "档距", D, "按档扣分：每下降多少算一档（百分比指标为百分点，填1或1%）", unit="目标单位", example="1", percent="points"),
        Field(("scoring", "band"), "定性等级", E, "定性评分：达成/部分达成/未达成", choices=BANDS),
        Field(("scoring", "score"), "定性得分", D, "定性评分：所给得分，须在等级范围内", unit="分", example="12"),
        Field(("deviation_reason",), "偏差原因", T, "偏差原因；达标时也会打印，不适用请留空；可用 {{占位符}}", width=40),
        Field(("improvement",), "改进措施", T, "该指标的改进措施；达标时也会打印；可用 {{占位符}}", width=40),
        Field(("evidence",), "完成情况说明", T, "实际完成情况的说明（定性指标的评判依据），打印在一览表“指标完成情况”", width=40),
        Field(("form_order",), "自评表顺序", INT, "在自评表同一一级指标内的顺序（选填）", example="1"),
        Field(("short_name",), "简称", T, "简称（选填，当前不打印）"),
    ),
    required=True,
    key="id",
    rows_key="indicators",
)

PROSE = Sheet(
    "文字材料",
    "prose.yaml",
    "record",
    (
        Field(("unit_overview",), "项目单位基本情况", T, "一、（一）1. 项目单位基本情况；可用 Markdown 与 {{占位符}}", width=80),
        Field(("background",), "项目实施背景", T, "2. 项目实施背景", width=80),
        Field(("legal_basis",), "主要依据", T, "3. 主要依据，每行一条，编号自动生成", example="《预算法》", repeat=True, width=80),
        Field(("implementation",), "实施年度、范围、程序", T, "4. 实施年度、实施范围、实施程序；分段用空行（Alt+Enter 两次）", width=80),
        Field(("funds_management",), "资金管理情况", T, "（二）财政支出情况：生成的预算句与资金表之后的文字", width=80),
        Field(("project_management",), "项目管理情况", T, "（三）项目管理情况", width=80),
        Field(("performance_management",), "绩效管理情况", T, "（四）项目绩效管理情况：年度绩效目标句之后的文字", width=80),
        Field(("conclusions_intro",), "自评结论导语", T, "二、（一）自评结论综述：总体评价句之后的文字", width=80),
        Field(("conclusions",), "自评结论要点", T, "自评结论的要点，每行一点（一是…二是…自动编号）", repeat=True, width=80),
        Field(("benefits",), "项目效益分析开头", T, "二、（二）项目效益分析开头；指标数据随后自动生成", width=80),
        Field(("benefits_closing",), "项目效益分析结尾", T, "二、（二）项目效益分析结尾", width=80),
        Field(("spending",), "支出效益分析开头", T, "二、（三）支出效益分析开头；预算数据随后自动生成", width=80),
        Field(("problems",), "存在的主要问题开头", T, "三、存在的主要问题开头；未达标指标的段落随后自动生成", width=80),
        Field(("measures",), "改进措施", T, "四、下一步改进措施，每行一条（一是…二是…自动编号）", repeat=True, width=80),
    ),
    required=True,
)

OPERATIONS = Sheet(
    "运营情况",
    "operations.yaml",
    "record",
    (
        Field(("service_volume",), "年度服务量", INT, "年度服务量，整数（热线类项目）", unit="服务量单位（件）", example="28717436", minimum=0),
        Field(("volume_unit",), "服务量单位", T, "年度服务量的单位；默认件", example="件"),
        Field(("seats", "total"), "坐席规模", INT, "坐席总数（填坐席时必填）", unit="个", example="567", minimum=0),
        Field(("seats", "full_outsourced"), "全外包坐席", INT, "全外包坐席数", unit="个", example="61", minimum=0),
        Field(("seats", "half_outsourced"), "半外包坐席", INT, "半外包坐席数", unit="个", example="506", minimum=0),
        Field(("seats", "prior_year_total"), "上年末坐席规模", INT, "上年末坐席总数；用于“坐席规模保持/增至/减至”", unit="个", example="567", minimum=0),
        Field(("agents",), "话务员", INT, "话务员人数", unit="人", example="858", minimum=0),
        Field(("lines", "total"), "专线总数", INT, "年末整合的非紧急类政府服务专线总数（填专线时必填）", unit="条", example="91", minimum=0),
        Field(("lines", "districts"), "整合的区", INT, "整合的区的数量", unit="个", example="11", minimum=0),
        Field(("lines", "departments"), "整合的市直部门", INT, "整合的市直部门数量", unit="个", example="40", minimum=0),
        Field(("lines", "prior_year_total"), "上年末专线数", INT, "上年末专线数", unit="条", example="76", minimum=0),
        Field(("lines", "merged_this_year"), "本年整合专线数", INT, "本年整合归并的部门专线数", unit="条", example="15", minimum=0),
        Field(("channels",), "服务渠道", T, "服务渠道，每行一个（当前不打印）", example="电话", repeat=True),
        Field(("service_hours",), "服务时间", T, "服务时间，如7×24小时（也用于话务员测算）", example="7×24小时"),
        Field(("assessment", "monthly_indicators"), "每月考核指标数", INT, "每月考核的指标数", unit="个", example="28", minimum=0),
        Field(("assessment", "annual_indicators"), "年度考核指标数", INT, "年度考核的指标数", unit="个", example="33", minimum=0),
        Field(("answer_rate_indicator",), "接通率指标编号", T, "哪个指标是接通率（其指标编号）；默认 answer_rate", example="answer_rate"),
    ),
    required=False,
)

MONTHLY = Sheet(
    "分月话务",
    "monthly.csv",
    "table",
    (
        Field(("month",), "月份", INT, "月份1–12，每月一行", example="1", required=True, minimum=1, maximum=12, width=8),
        Field(("calls_offered",), "呼入数", INT, "当月呼入数，整数；12个月之和须等于接通率指标的分母", unit="次", example="1012345", required=True, minimum=0),
        Field(("calls_answered",), "接通数", INT, "当月接通数，整数；12个月之和须等于接通率指标的分子", unit="次", example="953210", required=True, minimum=0),
        Field(("service_volume",), "服务量", INT, "当月服务量（选填，12个月全填或全不填）", unit="件", example="2410000", minimum=0),
    ),
    required=False,
    key="month",
)

CAPACITY = Sheet(
    "测算假设",
    "capacity.yaml",
    "record",
    (
        Field(("aht_seconds",), "平均处理时长", D, "每个接通来电的平均处理时长（通话+话后处理）；默认300", unit="秒", example="300"),
        Field(("patience_seconds",), "平均耐心时长", D, "来电者放弃前的平均等待时长；默认120", unit="秒", example="120"),
        Field(
            ("operating_hours_per_day",),
            "每日人工服务时长",
            INT,
            "每日人工服务小时数（1–24）；默认取自服务时间",
            unit="小时",
            example="24",
            minimum=1,
            maximum=24,
        ),
        Field(("busy_hour_share",), "忙时话务占比", D, "忙时话务量占全天比例（0–1，或填9%）；默认0.09", example="0.09", percent="fraction"),
        Field(("hourly_profile",), "各小时话务分布", D, "各营业小时的话务权重，每行一个，行数=每日人工服务时长；与忙时占比二选一", example="3.5", repeat=True),
        Field(("day_factor",), "设计日系数", D, "设计日话务量÷年日均话务量；默认1", example="1"),
        Field(("occupancy_cap",), "占用率上限", D, "话务员占用率上限（0–1，或填85%）；默认0.85", example="0.85", percent="fraction"),
        Field(("shrinkage",), "非接线时间占比", D, "休息、培训、请假等非接线时间占比（0–1，或填30%）；默认0.30", example="0.30", percent="fraction"),
        Field(("paid_hours_per_agent_year",), "年工作时间", D, "每名话务员年工作小时数；默认2000", unit="小时", example="2000"),
    ),
    required=False,
)

REVIEWED_FILES = _choices(
    ("项目信息 project.yaml", "project.yaml"),
    ("预算 budget.yaml", "budget.yaml"),
    ("绩效指标 indicators.yaml", "indicators.yaml"),
    ("文字材料 prose.yaml", "prose.yaml"),
    ("运营情况 operations.yaml", "operations.yaml"),
)

REVIEW = Sheet(
    "复核记录",
    "review.yaml",
    "table",
    (
        Field(
            ("fiscal_year",),
            "复核年度",
            INT,
            "复核时的财政年度；只对该年度有效（复制到下一年度即失效），各行相同",
            example="2022",
            required=True,
            minimum=2000,
            maximum=2100,
            shared=True,
            width=10,
        ),
        Field(("file",), "文件", E, "selfeval check 提示所在的数据（工作表）", choices=REVIEWED_FILES, required=True, width=24),
        Field(("field",), "字段", T, "提示中的字段名，照抄", example="background", required=True, width=24),
        Field(("phrase",), "短语", T, "提示所指、复核后保留的原文短语（与审核要点至少填一项）", example="2019年7月", width=40),
        Field(("check",), "审核要点", E, "接受的审核要点（提示【】中的名称）；不填短语时必填，并须填写理由", choices=REVIEW_CHECK_CHOICES, width=20),
        Field(("reason",), "理由", T, "保留或接受的理由，显示在复核提示页", example="立项经过", width=40),
    ),
    required=False,
    rows_key="intended",
)

SHEETS: tuple[Sheet, ...] = (PROJECT, FUNDING, BUDGET, INDICATORS, PROSE, OPERATIONS, MONTHLY, CAPACITY, REVIEW)
GUIDE = "填写说明"  # a sheet the template adds for people; never read
BY_NAME = {s.name: s for s in SHEETS}
BY_FILE = {s.file: s for s in SHEETS}
