"""What the synthetic portfolio is made of: places, and the kinds of project a department funds.

Read by ``scripts/synth_portfolio.py`` only (synthetic data, not product code). The places are
real counties, districts, towns and streets; the projects, units' wording, amounts and figures
built from them are invented. The project kinds follow the real forms in
``../shared/reference/other-forms/`` (基本公共卫生服务 of a 镇卫生院, 林业, 化肥减量增效, a middle
school's 公用经费, 小型水库水标尺, …) and the usual indicator sets of such projects.

Texts are ``string.Template`` s: ``$scope`` (全县, 全镇, 辖区…), ``$place`` (稷山县), ``$county``,
``$city``, ``$province``, ``$implementer``, ``$department``, ``$self`` (我院) are filled per
project; ``{{fiscal_year}}`` and the other ``{{placeholders}}`` are left for the book. Prose
holds no digit a reader could take for a computed figure (document numbers 〔2021〕 aside), no
other year written out, and none of the words the review checks read as a claim (均达到, 存在问题…):
what a text may say depends on the year's results, and the generator picks by them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

D = Decimal


# =========================================================================== places


@dataclass(frozen=True)
class Place:
    slug: str  # pinyin, for the project id
    name: str  # 翟店镇
    level: str  # 项目级次 as a level of government: 省级, 市级, 区级, 县级, 镇级, 乡级, 街道
    county: str  # the county or district it lies in (itself for one); the city for a city; the province for a province
    city: str
    province: str
    pop: int  # 常住人口, rough: scales counts
    phone: str  # area code

    @property
    def region(self) -> str:
        """project.region: the place with the administrative levels above it that a form prints."""
        if self.level == "省级":
            return self.name
        if self.level == "市级":
            return self.name if self.province.endswith("市") else f"{self.province}{self.name}"
        if self.level in ("区级", "县级"):
            return f"{self.city}{self.name}"
        return f"{self.city}{self.county}{self.name}"

    @property
    def scope(self) -> str:
        return {"省级": "全省", "市级": "全市", "区级": "全区", "县级": "全县", "镇级": "全镇", "乡级": "全乡", "街道": "辖区"}[self.level]


def _p(slug, name, level, county, city, province, pop, phone) -> Place:
    return Place(slug, name, level, county, city, province, pop, phone)


PLACES: tuple[Place, ...] = (
    _p("yunnan", "云南省", "省级", "云南省", "昆明市", "云南省", 47_000_000, "0871"),
    _p("zhejiang", "浙江省", "省级", "浙江省", "杭州市", "浙江省", 66_000_000, "0571"),
    _p("shanxi", "山西省", "省级", "山西省", "太原市", "山西省", 34_000_000, "0351"),
    _p("yinchuan", "银川市", "市级", "银川市", "银川市", "宁夏回族自治区", 2_900_000, "0951"),
    _p("shaoxing", "绍兴市", "市级", "绍兴市", "绍兴市", "浙江省", 5_300_000, "0575"),
    _p("baoshan", "保山市", "市级", "保山市", "保山市", "云南省", 2_400_000, "0875"),
    _p("sanming", "三明市", "市级", "三明市", "三明市", "福建省", 2_500_000, "0598"),
    _p("deyang", "德阳市", "市级", "德阳市", "德阳市", "四川省", 3_450_000, "0838"),
    _p("tianhe", "天河区", "区级", "天河区", "广州市", "广东省", 2_240_000, "020"),
    _p("nanhai", "南海区", "区级", "南海区", "佛山市", "广东省", 3_660_000, "0757"),
    _p("jiangning", "江宁区", "区级", "江宁区", "南京市", "江苏省", 1_900_000, "025"),
    _p("longyang", "隆阳区", "区级", "隆阳区", "保山市", "云南省", 950_000, "0875"),
    _p("liangping", "梁平区", "区级", "梁平区", "重庆市", "重庆市", 650_000, "023"),
    _p("anding", "安定区", "区级", "安定区", "定西市", "甘肃省", 420_000, "0932"),
    _p("shaxian", "沙县区", "区级", "沙县区", "三明市", "福建省", 270_000, "0598"),
    _p("jishan", "稷山县", "县级", "稷山县", "运城市", "山西省", 320_000, "0359"),
    _p("zhongjiang", "中江县", "县级", "中江县", "德阳市", "四川省", 1_100_000, "0838"),
    _p("tonglu", "桐庐县", "县级", "桐庐县", "杭州市", "浙江省", 450_000, "0571"),
    _p("anji", "安吉县", "县级", "安吉县", "湖州市", "浙江省", 590_000, "0572"),
    _p("lankao", "兰考县", "县级", "兰考县", "开封市", "河南省", 640_000, "0371"),
    _p("leishan", "雷山县", "县级", "雷山县", "黔东南苗族侗族自治州", "贵州省", 120_000, "0855"),
    _p("zhaidian", "翟店镇", "镇级", "稷山县", "运城市", "山西省", 52_000, "0359"),
    _p("xiqiao", "西樵镇", "镇级", "南海区", "佛山市", "广东省", 200_000, "0757"),
    _p("fenshui", "分水镇", "镇级", "桐庐县", "杭州市", "浙江省", 60_000, "0571"),
    _p("guyang", "堌阳镇", "镇级", "兰考县", "开封市", "河南省", 70_000, "0371"),
    _p("xiamao", "夏茂镇", "镇级", "沙县区", "三明市", "福建省", 40_000, "0598"),
    _p("xijiang", "西江镇", "镇级", "雷山县", "黔东南苗族侗族自治州", "贵州省", 20_000, "0855"),
    _p("pingjin", "屏锦镇", "镇级", "梁平区", "重庆市", "重庆市", 55_000, "023"),
    _p("eshan", "莪山畲族乡", "乡级", "桐庐县", "杭州市", "浙江省", 9_000, "0571"),
    _p("qinglanshan", "青岚山乡", "乡级", "安定区", "定西市", "甘肃省", 15_000, "0932"),
    _p("shipai", "石牌街道", "街道", "天河区", "广州市", "广东省", 160_000, "020"),
    _p("moling", "秣陵街道", "街道", "江宁区", "南京市", "江苏省", 180_000, "025"),
    _p("dipu", "递铺街道", "街道", "安吉县", "湖州市", "浙江省", 150_000, "0572"),
    _p("liangshan", "梁山街道", "街道", "梁平区", "重庆市", "重庆市", 120_000, "023"),
)


# =========================================================================== indicators


@dataclass(frozen=True)
class Ind:
    """One indicator a project of this kind may set (its id is kept from year to year).

    ``kind``: count, value, ratio, complement, qual (a judgement), date (a qualitative deadline),
    cost_total (项目总投资: equals what was spent), cost_share (a 成本指标: a share of it).
    ``scale``: the target (count, value) or the denominator (ratio) as ``("pop"|"wan", factor)``
    of the place's population or the budget in 万元, or a fixed Decimal.
    ``met``/``miss``: where the reported value falls — absolute for % and fixed targets, a
    multiple of the target otherwise.
    """

    id: str
    name: str
    level1: str
    level2: str
    kind: str
    unit: str = "%"
    op: str = "≥"
    scale: tuple[str, float] | Decimal | None = None
    target: Decimal | None = None  # % target of a ratio / fixed value target
    met: tuple[str, str] = ("1", "1.08")
    miss: tuple[str, str] = ("0.85", "0.97")
    dec: int = 2
    num: str = ""  # ratio: numerator label
    den: str = ""  # ratio: denominator label
    count_unit: str = ""  # ratio: unit of both counts
    text: str = ""  # qual: the target text; date: the month as a number
    partial: str = ""  # qual: what a 部分达成 result says
    evidence: str = ""  # qual/date: 完成情况说明
    partial_evidence: str = ""  # qual: 完成情况说明 of a 部分达成 result
    reason: str = ""  # 偏差原因 when missed
    fix: str = ""  # 改进措施 when missed
    short: str | None = None
    share: str = "0"  # cost_share: its share of the money
    step: bool = False  # may be scored 每下降1%扣0.5分 (step_deduction)
    floor: bool = False  # rounding: floor (a rate never overstated)
    den_from: str = ""  # ratio: the denominator is this indicator's value when the year sets it (收运量 = 生活垃圾收运量)
    least: int = 1  # count: the smallest target (a town's rubbish round covers a few villages at least)


def count(id, name, l1, l2, unit, scale, reason, fix, op="≥", met=("1", "1.08"), miss=("0.85", "0.97"), **kw) -> Ind:
    return Ind(id, name, l1, l2, "count", unit, op, scale, met=met, miss=miss, reason=reason, fix=fix, dec=0, **kw)


def value(id, name, l1, l2, unit, target, met, miss, reason, fix, op="≥", dec=2, **kw) -> Ind:
    return Ind(id, name, l1, l2, "value", unit, op, target=target, met=met, miss=miss, reason=reason, fix=fix, dec=dec, **kw)


def scaled(id, name, l1, l2, unit, scale, reason, fix, op="≥", dec=1, met=("1", "1.06"), miss=("0.88", "0.97"), **kw) -> Ind:
    """A value (not a whole count) whose target scales with the place or the money: 公里, 万亩, 吨."""
    return Ind(id, name, l1, l2, "value", unit, op, scale, met=met, miss=miss, reason=reason, fix=fix, dec=dec, **kw)


def ratio(id, name, l1, l2, num, den, cunit, scale, target, met, miss, reason, fix, op="≥", **kw) -> Ind:
    return Ind(id, name, l1, l2, "ratio", "%", op, scale, target, met, miss, num=num, den=den, count_unit=cunit, reason=reason, fix=fix, **kw)


def complement(id, name, l1, l2, num, den, cunit, scale, target, met, miss, reason, fix, **kw) -> Ind:
    """(1 − num ÷ den) × 100: a rate counted from its failures (不合格水样 of 抽检水样)."""
    return Ind(id, name, l1, l2, "complement", "%", "≥", scale, target, met, miss, num=num, den=den, count_unit=cunit, reason=reason, fix=fix, **kw)


def qual(id, name, l1, l2, text, partial, evidence, reason, fix, partial_evidence, **kw) -> Ind:
    return Ind(id, name, l1, l2, "qual", "", text=text, partial=partial, evidence=evidence, partial_evidence=partial_evidence, reason=reason, fix=fix, **kw)


def date(id, name, l1, l2, month, evidence, reason, fix) -> Ind:
    return Ind(id, name, l1, l2, "date", "", text=str(month), evidence=evidence, reason=reason, fix=fix)


def satisfaction(id, name, l2="服务对象满意度指标", target="90", reason="", fix="") -> Ind:
    t = D(target)
    return value(id, name, "满意度指标", l2, "%", t, (str(t + D("0.5")), "98.5"), (str(t - D(6)), str(t - D("0.6"))), reason, fix, dec=1)


P, E, S = "产出指标", "效益指标", "满意度指标"
Q_NUM, Q_QUAL, Q_TIME, Q_COST = "数量指标", "质量指标", "时效指标", "成本指标"
B_SOC, B_ECO, B_ENV, B_SUS = "社会效益指标", "经济效益指标", "生态效益指标", "可持续影响指标"


# =========================================================================== kinds of project


@dataclass(frozen=True)
class Unit:
    department: str  # 主管部门
    implementer: str  # 实施单位
    self: str  # how the unit calls itself: 我院, 我局
    overview: str  # key of Theme.overviews


@dataclass(frozen=True)
class Theme:
    slug: str
    name: str  # project name
    category: str
    units: dict[str, Unit]  # level of government → who runs it
    budgets: dict[str, tuple[int, int]]  # level → budget range in 元
    transfer: tuple[int, int]  # share of the money from 转移支付, in %
    goal: str  # opening of the 年度预期绩效目标; the targets follow
    goal_end: str
    indicators: tuple[Ind, ...]
    essential: tuple[str, ...]  # ids every year of such a project sets
    overviews: dict[str, str]
    background: str
    founded: str  # a sentence of the background that names the year the project began ($year), for a few
    legal_basis: tuple[str, ...]
    implementation: str
    project_management: str
    benefits: str
    categories: tuple[str, ...]
    budget_reasons: tuple[str, ...]
    measures: tuple[str, ...]
    contractor: str = ""  # a contractor's name pattern ($city…), when the project buys its work
    supervisor: str = ""


LATE = "实际完成时间晚于计划时限，已于年内完成。"  # 完成情况说明 of a deadline missed

HEALTH = Theme(
    slug="health",
    name="基本公共卫生服务项目",
    category="经常性专项",
    units={
        "镇级": Unit("$county卫生健康局", "$county$place卫生院", "我院", "clinic"),
        "乡级": Unit("$county卫生健康局", "$county$place卫生院", "我院", "clinic"),
        "街道": Unit("$county卫生健康局", "$county$place社区卫生服务中心", "我中心", "clinic"),
        "县级": Unit("$place卫生健康局", "$place卫生健康局", "我局", "bureau"),
        "区级": Unit("$place卫生健康局", "$place卫生健康局", "我局", "bureau"),
        "市级": Unit("$place卫生健康委员会", "$place疾病预防控制中心", "我中心", "cdc"),
    },
    budgets={
        "镇级": (1_500_000, 8_000_000),
        "乡级": (600_000, 2_000_000),
        "街道": (3_000_000, 15_000_000),
        "县级": (15_000_000, 60_000_000),
        "区级": (30_000_000, 200_000_000),
        "市级": (100_000_000, 400_000_000),
    },
    transfer=(55, 90),
    goal="为$scope常住居民免费提供国家基本公共卫生服务",
    goal_end="提高居民健康素养和重点人群健康管理水平。",
    indicators=(
        ratio(
            "records_rate",
            "居民电子健康档案建档率",
            P,
            Q_NUM,
            "规范建档人数",
            "辖区常住人口数",
            "人",
            ("pop", 1.0),
            D(90),
            ("90.5", "96"),
            ("84", "89.7"),
            "辖区部分外出务工人员常年不在本地居住，入户建档困难。",
            "利用春节等人员返乡时段集中补建档案，并与流入地加强信息共享。",
            short="建档率",
        ),
        count(
            "elderly",
            "老年人健康管理人数",
            P,
            Q_NUM,
            "人",
            ("pop", 0.095),
            "部分老年人行动不便或长期在外居住，未能按时参加健康体检。",
            "组织医务人员上门体检，并通过电话提醒老年人按时体检。",
        ),
        count(
            "lectures", "健康教育讲座次数", P, Q_NUM, "次", ("pop", 0.0004), "受人员调整影响，下半年健康教育讲座安排不足。", "提前制定年度讲座计划，按月落实。"
        ),
        value(
            "vaccination",
            "适龄儿童国家免疫规划疫苗接种率",
            P,
            Q_QUAL,
            "%",
            D(90),
            ("92", "99"),
            ("85", "89.5"),
            "部分适龄儿童随父母外出，未能在本辖区按时接种。",
            "加强与流入地接种单位的信息核对，做好补种工作。",
            short="接种率",
        ),
        ratio(
            "hypertension",
            "高血压患者规范管理率",
            P,
            Q_QUAL,
            "规范管理人数",
            "在管高血压患者人数",
            "人",
            ("pop", 0.07),
            D(65),
            ("66", "78"),
            ("57", "64.5"),
            "部分患者服药依从性较差，随访不够规范。",
            "加强随访干预和用药指导，提高患者规范管理水平。",
            step=True,
        ),
        ratio(
            "diabetes",
            "糖尿病患者规范管理率",
            P,
            Q_QUAL,
            "规范管理人数",
            "在管糖尿病患者人数",
            "人",
            ("pop", 0.025),
            D(65),
            ("66", "76"),
            ("58", "64.5"),
            "部分糖尿病患者未按要求完成面对面随访。",
            "家庭医生团队分片包干，逐人落实随访。",
        ),
        ratio(
            "maternal",
            "孕产妇系统管理率",
            P,
            Q_QUAL,
            "系统管理孕产妇人数",
            "活产数",
            "人",
            ("pop", 0.008),
            D(90),
            ("91", "98"),
            ("84", "89.5"),
            "部分孕产妇在外地分娩，产后访视信息未能及时获取。",
            "与分娩医院建立信息推送机制，及时掌握孕产妇动态。",
        ),
        ratio(
            "report_timely",
            "传染病和突发公共卫生事件报告及时率",
            P,
            Q_TIME,
            "及时报告例数",
            "报告例数",
            "例",
            ("pop", 0.002),
            D(100),
            ("100", "100"),
            ("97", "99.5"),
            "个别病例报告人员未按时限完成网络直报。",
            "加强传染病报告培训，落实首诊医生负责制。",
            op="=",
        ),
        qual(
            "funds_timely",
            "补助资金拨付及时性",
            P,
            Q_TIME,
            "及时",
            "基本及时",
            "补助资金按季度预拨、年终结算，拨付进度与服务进度相衔接。",
            "上级资金下达较晚，第四季度补助资金拨付有所滞后。",
            "提前做好资金拨付准备，资金到位后及时拨付。",
            partial_evidence="前三季度补助资金按时预拨，第四季度资金拨付有所滞后。",
        ),
        value(
            "literacy",
            "居民健康素养水平",
            E,
            B_SOC,
            "%",
            D(25),
            ("25.5", "31"),
            ("21", "24.6"),
            "居民健康素养提升是长期过程，农村老年居民获取健康知识的渠道有限。",
            "针对农村老年人开展通俗易懂的健康教育活动。",
        ),
        value(
            "signing",
            "重点人群家庭医生签约服务覆盖率",
            E,
            B_SOC,
            "%",
            D(75),
            ("75.5", "86"),
            ("68", "74.5"),
            "部分签约居民对家庭医生服务认知不足，续约意愿不高。",
            "丰富签约服务内容，提高签约居民的获得感。",
            short="签约覆盖率",
        ),
        satisfaction(
            "satisfaction",
            "居民对基本公共卫生服务的满意度",
            reason="部分居民对随访服务的时间安排和服务内容仍有意见。",
            fix="优化服务流程，合理安排随访时间，及时回应居民诉求。",
        ),
    ),
    essential=("records_rate", "satisfaction"),
    overviews={
        "clinic": (
            "$implementer是$department管理的公益一类事业单位，承担$scope基本医疗和基本公共卫生服务工作，设有公共卫生科、预防接种门诊等科室，"
            "指导辖区村卫生室和服务站开展居民健康档案管理、慢性病患者随访等工作。"
        ),
        "bureau": (
            "$implementer负责$scope基本公共卫生服务项目的组织实施和监督管理，统筹基层医疗卫生机构开展居民健康档案管理、健康教育、"
            "预防接种和重点人群健康管理等服务。"
        ),
        "cdc": (
            "$implementer是$department所属的公益一类事业单位，承担$scope疾病预防控制、基本公共卫生服务技术指导和质量控制工作，"
            "受委托负责本项目的组织实施和考核。"
        ),
    },
    background=(
        "国家基本公共卫生服务项目是促进基本公共卫生服务逐步均等化的重要内容。按照国家和省、市有关部署，$scope持续实施基本公共卫生服务项目，"
        "人均补助标准逐年提高，为城乡居民免费提供健康档案管理、健康教育、预防接种、慢性病患者健康管理等服务。"
    ),
    founded="$scope自$year年起按照统一的服务规范组织实施本项目。",
    legal_basis=(
        "《中华人民共和国基本医疗卫生与健康促进法》；",
        "《国家基本公共卫生服务规范（第三版）》；",
        "《基本公共卫生服务补助资金管理办法》；",
        "《关于做好{{fiscal_year}}年基本公共卫生服务工作的通知》；",
        "《{{fiscal_year}}年$department部门预算》。",
    ),
    implementation=(
        "项目实施时段为{{year_period}}，覆盖$scope常住居民。$implementer按照服务规范制定年度工作方案，将任务分解到科室和村卫生室，"
        "按季度开展督导考核，年终根据考核结果结算补助资金。"
    ),
    project_management=(
        "$self成立基本公共卫生服务项目领导小组，明确各服务项目的责任科室和责任人，实行季度督导、半年考核、年终评价的管理方式。"
        "通过基本公共卫生服务信息系统对健康档案和随访记录进行质控，发现的问题及时反馈整改。"
    ),
    benefits="项目的实施使$scope居民能够就近获得健康档案管理、健康教育、预防接种和慢性病管理等服务，重点人群健康管理水平进一步提升。",
    categories=("居民健康档案管理", "健康教育", "预防接种", "重点人群健康管理", "慢性病患者健康管理", "村医补助", "信息系统运维"),
    budget_reasons=(
        "部分补助资金根据年终绩效考核结果结算，考核工作于年底开展，尾款未能在当年支付。",
        "上级转移支付资金于第四季度下达，部分村卫生室补助未能在年内拨付。",
    ),
    measures=(
        "加强基层医务人员培训，提升健康档案、慢性病随访等服务的规范化水平；",
        "推进家庭医生签约服务，做实重点人群健康管理；",
        "加强信息系统数据质控，定期清理重复档案和不实档案；",
        "加大健康教育宣传力度，提高居民对基本公共卫生服务的知晓度和参与度。",
    ),
)

FORESTRY = Theme(
    slug="forestry",
    name="天然林保护和公益林管护项目",
    category="经常性专项",
    units={
        "省级": Unit("$place林业和草原局", "$place林业和草原局", "我局", "bureau"),
        "市级": Unit("$place林业局", "$place林业局", "我局", "bureau"),
        "区级": Unit("$place林业局", "$place林业局", "我局", "bureau"),
        "县级": Unit("$place林业局", "$place林业局", "我局", "bureau"),
        "乡级": Unit("$county林业局", "$county$place人民政府", "我乡", "township"),
        "镇级": Unit("$county林业局", "$county$place人民政府", "我镇", "township"),
    },
    budgets={
        "省级": (120_000_000, 600_000_000),
        "市级": (10_000_000, 80_000_000),
        "区级": (2_000_000, 30_000_000),
        "县级": (2_000_000, 30_000_000),
        "乡级": (60_000, 600_000),
        "镇级": (80_000, 800_000),
    },
    transfer=(40, 85),
    goal="落实天然林和公益林管护责任，兑付森林生态效益补偿资金",
    goal_end="巩固生态保护修复成果。",
    indicators=(
        scaled(
            "public_forest",
            "国家级公益林管护面积",
            P,
            Q_NUM,
            "万亩",
            ("wan", 0.08),
            "部分林地因重点项目建设依法占用，管护面积相应减少。",
            "及时更新公益林落界数据，据实调整管护面积。",
            dec=2,
        ),
        scaled(
            "natural_forest",
            "天然林管护面积",
            P,
            Q_NUM,
            "万亩",
            ("wan", 0.05),
            "天然林保护范围调整后，部分地块尚未纳入管护协议。",
            "加快签订管护协议，确保应管尽管。",
            dec=2,
        ),
        count(
            "tending", "森林抚育面积", P, Q_NUM, "亩", ("wan", 6), "受持续干旱天气影响，部分抚育作业推迟。", "合理安排作业时间，在适宜季节集中推进抚育作业。"
        ),
        count(
            "rangers",
            "生态护林员聘用人数",
            P,
            Q_NUM,
            "人",
            ("wan", 0.15),
            "部分护林员因年龄、身体原因退出，补聘工作尚在进行。",
            "及时补聘生态护林员，保持队伍稳定。",
        ),
        ratio(
            "patrol_rate",
            "护林员巡护到位率",
            P,
            Q_QUAL,
            "实际巡护天数",
            "应巡护天数",
            "天",
            ("wan", 40),
            D(95),
            ("95.5", "99.5"),
            ("88", "94.6"),
            "部分护林员管护区域偏远，巡护天数不足。",
            "优化管护区域划分，加强巡护轨迹考核。",
            short="巡护到位率",
        ),
        value(
            "fire_rate",
            "森林火灾受害率",
            P,
            Q_QUAL,
            "‰",
            D("0.9"),
            ("0", "0.6"),
            ("0.95", "1.4"),
            "春季连续干旱，个别林区发生森林火灾。",
            "加强野外火源管控和重点时段巡查。",
            op="≤",
        ),
        value(
            "pest_rate",
            "主要林业有害生物成灾率",
            P,
            Q_QUAL,
            "‰",
            D("3.3"),
            ("0.5", "3.0"),
            ("3.4", "4.5"),
            "松材线虫病等有害生物在局部区域扩散。",
            "开展疫木清理和联防联治，压缩疫情发生面积。",
            op="≤",
        ),
        date(
            "compensation_date",
            "生态效益补偿资金兑付时限",
            P,
            Q_TIME,
            11,
            "补偿资金通过惠民惠农财政补贴资金“一卡通”直接兑付到户。",
            "补偿资金兑付对象信息核对工作量大，部分资金兑付推迟。",
            "提前开展兑付对象信息核对，按时兑付。",
        ),
        value(
            "coverage",
            "森林覆盖率",
            E,
            B_ENV,
            "%",
            None,
            ("0.01", "0.4"),
            ("-0.6", "-0.05"),
            "部分区域实施林木采伐更新，新造林尚未郁闭成林。",
            "加强造林后期管护，提高造林成活率和保存率。",
        ),
        count("households", "受益农户数", E, B_SOC, "户", ("wan", 3), "部分农户林地流转后不再享受补偿，受益户数减少。", "做好林地流转后的补偿对象变更登记。"),
        qual(
            "ecology",
            "林区生态环境改善情况",
            E,
            B_SUS,
            "持续改善",
            "有所改善",
            "林区植被覆盖度提高，野生动植物栖息环境得到保护。",
            "局部区域受有害生物和干旱影响，生态恢复较慢。",
            "对受损林分实施补植补造和退化林修复。",
            partial_evidence="林区植被总体稳定，局部受灾林分尚在恢复。",
        ),
        satisfaction("satisfaction", "林农满意度", reason="部分林农对补偿标准和兑付时间有意见。", fix="加强政策宣传解释，及时公开补偿资金兑付情况。"),
    ),
    essential=("public_forest", "fire_rate", "satisfaction"),
    overviews={
        "bureau": (
            "$implementer负责$scope林业资源保护、森林防火、林业有害生物防治和生态保护修复工作，设有资源管理、生态保护修复、森林防火等内设机构，"
            "指导基层林业工作站开展林业工作。"
        ),
        "township": "$implementer负责本辖区林地管护、生态护林员日常管理和森林防火等工作，设有林业工作站，配备专职林业干部。",
    },
    background=(
        "森林资源是$scope重要的生态屏障。根据国家天然林保护修复和公益林管护政策，$self组织实施天然林保护和公益林管护项目，落实管护责任，"
        "兑付森林生态效益补偿资金，巩固生态建设成果。"
    ),
    founded="本项目自$year年纳入天然林保护修复政策范围后持续实施。",
    legal_basis=(
        "《中华人民共和国森林法》；",
        "《天然林保护修复制度方案》；",
        "《国家级公益林管理办法》；",
        "《林业改革发展资金管理办法》；",
        "《{{fiscal_year}}年$department部门预算》。",
    ),
    implementation=(
        "项目实施时段为{{year_period}}，覆盖$scope国家级公益林和天然林区。$self与各管护单位签订管护协议，落实管护面积和责任人，按季度检查管护成效，"
        "年底根据检查结果兑付补偿资金。"
    ),
    project_management=(
        "$self实行分片包干、责任到人的管护机制，利用林长制巡护系统监测护林员巡护轨迹，按月通报巡护情况；森林防火期实行领导带班和全天候值班制度，"
        "对林业有害生物开展春秋两季普查。"
    ),
    benefits="项目的实施落实了公益林和天然林管护责任，森林资源得到有效保护，林区生态环境持续改善，护林员和林农通过参与管护增加了收入。",
    categories=("公益林管护补助", "天然林管护补助", "生态护林员劳务补助", "森林防火", "林业有害生物防治", "森林抚育"),
    budget_reasons=(
        "森林抚育工程按合同约定在验收合格后支付，部分工程年底尚未完成验收。",
        "部分管护补助资金需根据年终管护成效考核结果兑付，考核于次年初完成。",
    ),
    measures=(
        "严格落实林长制，压实各级管护责任；",
        "加强护林员队伍管理，完善巡护考核和奖惩机制；",
        "强化森林防火宣传和火源管控，提升早期火情处置能力；",
        "加强林业有害生物监测预警，做到早发现、早处置。",
    ),
)

FERTILISER = Theme(
    slug="fertiliser",
    name="化肥减量增效示范项目",
    category="上级转移支付项目",
    units={
        "区级": Unit("$place农业农村局", "$place土壤肥料工作站", "我站", "station"),
        "县级": Unit("$place农业农村局", "$place农业技术推广中心", "我中心", "station"),
    },
    budgets={"区级": (200_000, 3_500_000), "县级": (200_000, 3_500_000)},
    transfer=(70, 100),
    goal="在水稻、玉米主产区建立化肥减量增效示范区，推广测土配方施肥、侧深施肥和种肥同播技术",
    goal_end="带动农户科学施肥，提高化肥利用率。",
    indicators=(
        count(
            "demo_area",
            "示范区建立面积",
            P,
            Q_NUM,
            "亩",
            ("wan", 80),
            "部分示范地块因种植结构调整改种经济作物，未纳入示范。",
            "提前落实示范地块，与种植大户签订示范协议。",
        ),
        count(
            "field_trials", "化肥减量增效田间试验", P, Q_NUM, "组", D(12), "受持续降雨影响，部分田间试验未能按方案完成。", "合理安排试验茬口，增设备用试验点。"
        ),
        count(
            "soil_tests", "土样植株化验数", P, Q_NUM, "个", D(80), "化验室设备检修，部分样品未能在年内完成化验。", "与第三方检测机构签订协议，保障化验进度。"
        ),
        count("surveys", "农户施肥情况调查", P, Q_NUM, "户", D(300), "农忙时节农户外出务工，调查问卷回收不足。", "利用农闲时段集中开展入户调查。"),
        ratio(
            "formula_fertilizer",
            "示范区配方肥到位率",
            P,
            Q_QUAL,
            "配方肥到位面积",
            "示范区配方肥计划面积",
            "亩",
            ("wan", 60),
            D(80),
            ("81", "92"),
            ("70", "79"),
            "配方肥供应企业配送不及时，部分示范区使用了常规复合肥。",
            "提前组织配方肥招标采购，按农时配送到村。",
            short="配方肥到位率",
        ),
        count("training", "技术培训人次", P, Q_NUM, "人次", ("wan", 6), "疫情防控期间集中培训场次减少。", "采取田间课堂、线上直播等方式开展技术培训。"),
        date(
            "completion",
            "项目完成时限",
            P,
            Q_TIME,
            12,
            "示范区建设、田间试验和总结验收在计划时限内完成。",
            "部分试验数据汇总分析耗时较长，总结验收推迟。",
            "提前部署试验数据收集和汇总工作。",
        ),
        count(
            "households",
            "受益农户数",
            E,
            B_SOC,
            "户",
            ("wan", 25),
            "部分农户对新技术接受程度不高，参与示范的积极性不足。",
            "发挥种植大户示范带动作用，组织现场观摩。",
        ),
        value(
            "utilisation",
            "化肥利用率提高",
            E,
            B_ENV,
            "个百分点",
            D(1),
            ("1.1", "2.6"),
            ("0.5", "0.9"),
            "示范区土壤基础肥力差异较大，利用率提升不明显。",
            "因地制宜优化施肥配方，分区开展效果监测。",
            dec=1,
        ),
        value(
            "reduction",
            "示范区化肥使用量减少",
            E,
            B_ENV,
            "%",
            D(3),
            ("3.2", "6.5"),
            ("1.5", "2.8"),
            "部分农户仍沿用传统施肥习惯，减量效果未达预期。",
            "加强技术指导，推广缓控释肥和水肥一体化技术。",
            dec=1,
        ),
        satisfaction("satisfaction", "受益农户满意度", reason="部分农户对配方肥配送时间不满意。", fix="按农时提前配送配方肥，畅通农户反映问题的渠道。"),
    ),
    essential=("demo_area", "formula_fertilizer", "satisfaction"),
    overviews={
        "station": (
            "$implementer是$department所属事业单位，负责$scope测土配方施肥、耕地质量监测和化肥减量增效技术推广工作，承担本项目示范区建设、"
            "田间试验和技术培训的组织实施。"
        ),
    },
    background=(
        "为落实农业农村部化肥减量增效工作部署，$place承担化肥减量增效示范项目，在水稻、玉米主产区建立示范区，推广侧深施肥、种肥同播和配方肥，"
        "探索可复制推广的化肥减量增效技术模式。"
    ),
    founded="$place自$year年起承担化肥减量增效示范任务。",
    legal_basis=(
        "《农业农村部关于推进化肥减量增效的指导意见》；",
        "《农业农村部办公厅关于做好化肥减量增效工作的通知》；",
        "《农业相关转移支付资金管理办法》；",
        "《$place化肥减量增效示范项目实施方案》。",
    ),
    implementation=(
        "项目实施时段为{{year_period}}，覆盖$scope水稻、玉米主产乡镇，由$implementer组织实施。$self按照实施方案落实示范区地块，"
        "统一采购配方肥并配送到户，在示范区布设田间试验，年终组织总结验收。"
    ),
    project_management=(
        "项目实行专人负责、专账核算，示范区物化补助按实施方案分户登记发放，补助名单在村务公开栏公示。$self技术人员分片包干，在关键农时深入示范区开展技术指导。"
    ),
    benefits="项目的实施推动了$scope科学施肥技术的普及，示范区化肥用量下降，农户施肥成本降低，耕地质量保护意识明显增强。",
    categories=("示范区物化补助", "田间试验及化验费", "技术培训及宣传费", "农户施肥调查费", "项目管理费"),
    budget_reasons=(
        "示范区物化补助需在验收合格后兑付，部分示范区验收于年底完成，补助资金未能在年内兑付。",
        "配方肥采购合同尾款按约定在质保期满后支付。",
    ),
    measures=(
        "加强技术指导，扩大侧深施肥和种肥同播技术覆盖面；",
        "做好田间试验数据的汇总分析，形成可推广的施肥技术模式；",
        "完善配方肥供应网络，按农时保障示范区用肥；",
        "加强宣传培训，引导农户转变传统施肥习惯。",
    ),
)

SCHOOL = Theme(
    slug="school",
    name="学校公用经费保障项目",
    category="经常性专项",
    units={
        "市级": Unit("$place教育局", "$place第六中学", "我校", "school"),
        "区级": Unit("$place教育局", "$place实验小学", "我校", "school"),
        "县级": Unit("$place教育局", "$place第二中学", "我校", "school"),
        "镇级": Unit("$county教育局", "$county$place中心小学", "我校", "school"),
    },
    budgets={"市级": (600_000, 5_000_000), "区级": (300_000, 3_000_000), "县级": (300_000, 3_000_000), "镇级": (50_000, 600_000)},
    transfer=(0, 40),
    goal="保障学校日常教育教学和运转需要",
    goal_end="改善办学条件。",
    indicators=(
        count(
            "students",
            "保障学生人数",
            P,
            Q_NUM,
            "人",
            ("wan", 12),
            "部分学生随迁转学，在校生人数减少。",
            "加强学籍管理，据实核定公用经费。",
            met=("1", "1.03"),
            miss=("0.93", "0.99"),
        ),
        ratio(
            "funds_rate",
            "公用经费按时拨付率",
            P,
            Q_TIME,
            "按时拨付批次",
            "应拨付批次",
            "批",
            D(4),
            D(100),
            ("100", "100"),
            ("70", "80"),
            "第四季度公用经费到账较晚，拨付未能按时完成。",
            "资金到账后及时办理拨付手续。",
            op="=",
        ),
        ratio(
            "equipment",
            "教学设备完好率",
            P,
            Q_QUAL,
            "完好设备台套数",
            "教学设备总台套数",
            "台套",
            ("wan", 6),
            D(95),
            ("95.5", "99.5"),
            ("88", "94.5"),
            "部分计算机和多媒体设备使用年限较长，故障率上升。",
            "建立设备维护台账，及时维修和更新老旧设备。",
            floor=True,
        ),
        Ind("office_cost", "办公所需成本", P, Q_COST, "cost_share", "万元", "≤", share="0.2"),
        Ind("maintenance_cost", "维修（维护）所需成本", P, Q_COST, "cost_share", "万元", "≤", share="0.35"),
        count("accidents", "校园安全责任事故", P, Q_QUAL, "起", D(0), "", "", op="≤"),
        date(
            "completion",
            "公用经费支出完成时限",
            P,
            Q_TIME,
            12,
            "公用经费按学期预算支出，年底前完成结算。",
            "部分维修项目工期延后，结算推迟。",
            "合理安排维修项目工期，提前做好结算准备。",
        ),
        qual(
            "conditions",
            "办学条件改善情况",
            E,
            B_SOC,
            "明显改善",
            "有所改善",
            "教室照明、实验室和运动场地得到维护，教学秩序正常。",
            "部分老旧校舍维修资金不足，改善效果有限。",
            "将老旧校舍维修纳入年度计划，分步实施。",
            partial_evidence="教室照明和运动场地得到维护，部分老旧校舍尚未维修。",
        ),
        qual(
            "operation",
            "学校正常运转保障情况",
            E,
            B_SUS,
            "持续保障",
            "基本保障",
            "水电、办公和教学耗材支出有保障，学校各项工作正常开展。",
            "物价上涨导致水电等刚性支出增加，部分支出压缩。",
            "加强节能管理，优化公用经费支出结构。",
            partial_evidence="学校日常运转基本正常，部分非急需支出延后安排。",
        ),
        satisfaction("satisfaction", "学生和家长满意度", reason="部分家长对校园设施维修进度有意见。", fix="及时公开维修计划和进度，加强家校沟通。"),
    ),
    essential=("students", "satisfaction"),
    overviews={
        "school": (
            "$implementer是$department主管的公办学校，现有教学班和在校学生规模稳定，公用经费按生均标准核定，用于学校日常办公、教学耗材、水电、"
            "设备维护和校舍维修等支出。"
        ),
    },
    background=(
        "公用经费是保障学校正常运转、完成教育教学活动的基本经费。按照城乡义务教育经费保障机制的要求，"
        "$department按生均公用经费基准定额核定学校公用经费，$self据此编制年度预算并组织实施。"
    ),
    founded="$self自$year年起执行统一的生均公用经费基准定额。",
    legal_basis=(
        "《中华人民共和国义务教育法》；",
        "《城乡义务教育补助经费管理办法》；",
        "《中小学校财务制度》；",
        "《{{fiscal_year}}年$department部门预算》。",
    ),
    implementation="项目实施时段为{{year_period}}。$self按学期编制公用经费支出计划，经校务会研究后执行，大额支出和维修项目按规定履行采购程序。",
    project_management="$self成立由校长任组长的经费管理小组，实行校长负责、分管领导审核、总务处具体执行的管理机制，公用经费收支情况每学期在校务公开栏公示。",
    benefits="项目的实施保障了学校日常教育教学活动的正常开展，教学设备得到维护，校园环境和办学条件进一步改善。",
    categories=("办公费", "水电费", "教学耗材", "设备维护费", "校舍维修费", "教师培训费"),
    budget_reasons=("部分校舍维修项目在寒假期间施工，工程款未能在年内结算。", "部分教学设备采购因供货延迟，尾款未能在年内支付。"),
    measures=(
        "科学编制公用经费支出计划，合理安排各项支出；",
        "加强教学设备日常维护，延长设备使用寿命；",
        "落实校舍安全检查制度，及时消除安全隐患；",
        "加强家校沟通，及时回应学生和家长的意见建议。",
    ),
)

RESERVOIR = Theme(
    slug="reservoir",
    name="小型水库安全运行管护项目",
    category="一次性项目",
    units={
        "县级": Unit("$place水利局", "$place水利局", "我局", "bureau"),
        "区级": Unit("$place水利局", "$place水利局", "我局", "bureau"),
        "乡级": Unit("$county水利局", "$county$place人民政府", "我乡", "township"),
        "镇级": Unit("$county水利局", "$county$place人民政府", "我镇", "township"),
    },
    budgets={"县级": (200_000, 4_000_000), "区级": (200_000, 4_000_000), "乡级": (30_000, 400_000), "镇级": (40_000, 500_000)},
    transfer=(30, 80),
    goal="完成小型水库水位标尺制作安装和安全巡查",
    goal_end="保障小型水库安全度汛，改善项目区群众生产生活条件。",
    indicators=(
        count("gauges", "安装水位标尺座数", P, Q_NUM, "座", ("wan", 0.25), "部分水库坝坡施工条件差，标尺安装推迟。", "汛后集中完成剩余标尺安装。"),
        scaled("gauge_length", "安装坡面水标尺长度", P, Q_NUM, "米", ("wan", 8), "部分水库坝坡较缓，实际安装长度小于设计长度。", "按实际坝坡复核设计长度。"),
        count("inspections", "水库安全巡查次数", P, Q_NUM, "次", ("wan", 10), "巡查人员调整期间巡查频次下降。", "落实巡查责任人，按月考核巡查记录。"),
        ratio(
            "acceptance",
            "工程验收合格率",
            P,
            Q_QUAL,
            "验收合格处数",
            "完工处数",
            "处",
            ("wan", 0.25),
            D(100),
            ("100", "100"),
            ("85", "95"),
            "个别标尺刻度喷涂不清晰，首次验收未通过。",
            "督促施工单位返工整改，加强过程质量检查。",
            op="=",
            den_from="gauges",
        ),
        date(
            "completion",
            "项目完工时限",
            P,
            Q_TIME,
            10,
            "水标尺制作安装在主汛期结束前完工并通过验收。",
            "主汛期前部分库区道路损毁，材料无法运抵，安装推迟至汛后。",
            "提前在枯水期完成材料运输和基础施工。",
        ),
        Ind("total_cost", "项目总投资", P, Q_COST, "cost_total", "", "≤"),
        qual(
            "flood_safety",
            "$scope小型水库安全度汛",
            E,
            B_SOC,
            "安全度汛",
            "基本安全度汛",
            "汛期小型水库无垮坝、无人员伤亡，水位观测和预警信息报送及时。",
            "个别水库汛期出现坝体渗漏险情。",
            "对险情水库开展安全鉴定，纳入除险加固计划。",
            partial_evidence="汛期小型水库无垮坝、无人员伤亡，个别水库出现渗漏险情后及时处置。",
        ),
        qual(
            "living_conditions",
            "群众生产生活条件改善状况",
            E,
            B_SOC,
            "显著提升",
            "明显改善",
            "项目区灌溉用水计量和调度更加规范。",
            "项目区灌溉计量设施尚未全部配套，改善效果尚未完全显现。",
            "结合农业水价综合改革，配套完善灌溉计量设施。",
            partial_evidence="项目区灌溉用水计量条件有所改善，配套设施仍在完善。",
        ),
        satisfaction("satisfaction", "受益群众满意度", target="95", reason="部分群众对灌溉放水时间安排有意见。", fix="完善用水调度方案，及时公开放水计划。"),
    ),
    essential=("gauges", "total_cost", "satisfaction"),
    overviews={
        "bureau": "$implementer负责$scope水资源管理、水利工程建设和运行管理、水旱灾害防御等工作，承担辖区小型水库安全运行的行业监管职责。",
        "township": "$implementer负责本辖区小型水库的日常巡查、管护和防汛工作，配有水利站专职人员，落实每座水库的行政、技术和巡查责任人。",
    },
    background=(
        "小型水库是农村防洪和灌溉的重要基础设施。$scope部分小型水库建成年代久远，水位观测设施缺失，汛期水位难以准确掌握。"
        "为提升小型水库运行管理水平，$self实施小型水库安全运行管护项目，为水库安装水位标尺并开展安全巡查。"
    ),
    founded="$scope小型水库专项管护工作自$year年起实施。",
    legal_basis=(
        "《中华人民共和国防洪法》；",
        "《水库大坝安全管理条例》；",
        "《小型水库安全运行监督检查办法》；",
        "《{{fiscal_year}}年$department部门预算》。",
    ),
    implementation=(
        "项目实施时段为{{year_period}}。$self按照政府采购程序确定{{contractor}}为施工单位，在主汛期前组织水位标尺制作安装，"
        "汛期落实巡查责任人开展安全巡查，完工后组织验收。"
    ),
    project_management=(
        "$self对项目实行全过程管理，委托{{supervisor}}实施监理，对标尺材料、安装位置和刻度精度进行抽检；巡查记录按月汇总，发现的隐患建立台账、限期整改。"
    ),
    benefits="项目的实施使小型水库具备了可靠的水位观测条件，汛期水位和预警信息报送更加及时，小型水库安全运行管理水平明显提高。",
    categories=("水位标尺制作安装", "巡查人员补助", "工程监理费", "验收及检测费"),
    budget_reasons=("工程质保金按合同约定在质保期满后支付。", "部分标尺安装工程年底完工，工程款结算未能在年内完成。"),
    measures=(
        "落实小型水库行政、技术和巡查责任人，加强责任人培训；",
        "建立水位观测设施日常维护制度，确保标尺清晰可读；",
        "加强汛期值班值守和雨水情监测预警；",
        "将安全隐患较大的水库纳入除险加固计划。",
    ),
    contractor="$city水利水电建设工程有限公司",
    supervisor="$city水利工程建设监理有限公司",
)

ROADS = Theme(
    slug="roads",
    name="农村公路养护项目",
    category="经常性专项",
    units={
        "市级": Unit("$place交通运输局", "$place公路事业发展中心", "我中心", "centre"),
        "区级": Unit("$place交通运输局", "$place农村公路管理所", "我所", "office"),
        "县级": Unit("$place交通运输局", "$place农村公路管理所", "我所", "office"),
        "镇级": Unit("$county交通运输局", "$county$place人民政府", "我镇", "township"),
    },
    budgets={"市级": (30_000_000, 250_000_000), "区级": (3_000_000, 40_000_000), "县级": (3_000_000, 40_000_000), "镇级": (80_000, 1_500_000)},
    transfer=(20, 60),
    goal="落实农村公路日常养护和养护工程",
    goal_end="保持路况良好，保障群众安全便捷出行。",
    indicators=(
        scaled(
            "mileage",
            "农村公路列养里程",
            P,
            Q_NUM,
            "公里",
            ("wan", 0.6),
            "部分路段移交城市道路管理，列养里程减少。",
            "及时更新农村公路数据库，据实调整养护计划。",
        ),
        ratio(
            "on_schedule",
            "养护工程按期完工率",
            P,
            Q_TIME,
            "按期完工项目数",
            "计划养护项目数",
            "个",
            ("wan", 0.02),
            D(95),
            ("96", "100"),
            ("75", "92"),
            "部分养护工程受汛期持续降雨影响延期开工。",
            "合理安排施工计划，避开汛期集中施工。",
            short="按期完工率",
        ),
        count("bridges", "危桥改造座数", P, Q_NUM, "座", ("wan", 0.004), "个别危桥改造方案调整，开工时间推迟。", "加快危桥改造前期工作，确保按计划开工。"),
        value(
            "good_rate",
            "优良中等路率",
            P,
            Q_QUAL,
            "%",
            D(80),
            ("80.5", "92"),
            ("72", "79.5"),
            "部分路段重载车辆通行频繁，路面损坏加快。",
            "加强超限超载治理，及时修补路面病害。",
            step=True,
        ),
        count("accidents", "因路况原因导致的交通事故", P, Q_QUAL, "起", D(0), "", "", op="≤"),
        value(
            "cost_per_km",
            "每公里年均日常养护成本",
            P,
            Q_COST,
            "万元/公里",
            None,
            ("0.85", "0.99"),
            ("1.03", "1.12"),
            "部分山区路段养护难度大，养护成本偏高。",
            "推行养护作业标准化，合理控制养护成本。",
            op="≤",
        ),
        date(
            "completion",
            "年度养护工程完工时限",
            P,
            Q_TIME,
            11,
            "年度养护工程在冬季施工前完工，交工验收合格。",
            "部分养护工程受原材料供应影响，完工时间推迟。",
            "提前组织材料采购，保障施工进度。",
        ),
        qual(
            "travel",
            "群众出行条件改善情况",
            E,
            B_SOC,
            "明显改善",
            "有所改善",
            "沿线群众出行更加便捷，农产品运输时间缩短。",
            "部分偏远路段路况改善不明显。",
            "将偏远路段纳入下一年度养护工程计划。",
            partial_evidence="主要路段通行条件改善，部分偏远路段路况仍较差。",
        ),
        satisfaction("satisfaction", "沿线群众满意度", reason="部分群众对施工期间交通组织有意见。", fix="优化施工期间交通组织，提前发布施工公告。"),
    ),
    essential=("mileage", "good_rate", "satisfaction"),
    overviews={
        "centre": "$implementer是$department所属公益类事业单位，负责$scope公路养护计划编制、养护工程组织实施和路况监测，指导区县开展农村公路养护工作。",
        "office": "$implementer是$department所属事业单位，负责$scope县乡村道的日常养护、养护工程管理和路政巡查，设有养护站分片负责辖区道路养护。",
        "township": "$implementer负责本镇村道的日常养护，落实专职养护人员，配合交通运输部门开展养护工程管理和路况检查。",
    },
    background=(
        "农村公路是服务群众出行和农产品运输的基础设施。为落实农村公路管理养护体制改革要求，$scope推行路长制，将农村公路养护资金纳入财政预算，"
        "$self组织实施农村公路日常养护和养护工程。"
    ),
    founded="$scope自$year年起推行农村公路路长制。",
    legal_basis=(
        "《中华人民共和国公路法》；",
        "《农村公路养护管理办法》；",
        "《车辆购置税收入补助地方资金管理暂行办法》；",
        "《{{fiscal_year}}年$department部门预算》。",
    ),
    implementation=(
        "项目实施时段为{{year_period}}。日常养护由养护站按片区实施，养护工程经招标确定{{contractor}}承建，由{{supervisor}}实施监理，竣工后组织交工验收。"
    ),
    project_management="$self建立养护工程项目库，实行计划、实施、验收全过程管理；日常养护实行月检查、季考核，考核结果与养护经费拨付挂钩。",
    benefits="项目的实施改善了$scope农村公路路况，路面病害得到及时处治，群众出行和农产品运输条件进一步改善。",
    categories=("日常养护", "路面修复", "危桥改造", "安全防护设施", "工程监理费", "路况检测费"),
    budget_reasons=("部分养护工程按合同约定在交工验收后支付，验收于年底完成，工程款未能在年内结算。", "危桥改造方案调整，部分资金未能在年内支付。"),
    measures=(
        "完善路长制考核机制，压实各级养护责任；",
        "推行养护作业标准化，提升日常养护质量；",
        "加强路况检测，科学编制养护工程计划；",
        "加强超限超载治理，减少重载车辆对路面的损坏。",
    ),
    contractor="$city通达公路工程有限公司",
    supervisor="$city交通工程监理有限公司",
)

ARCHIVES = Theme(
    slug="archives",
    name="档案数字化加工项目",
    category="一次性项目",
    units={
        "市级": Unit("$place档案局", "$place档案馆", "我馆", "archive"),
        "区级": Unit("$place档案局", "$place档案馆", "我馆", "archive"),
        "县级": Unit("$place档案局", "$place档案馆", "我馆", "archive"),
    },
    budgets={"市级": (600_000, 6_000_000), "区级": (150_000, 1_500_000), "县级": (150_000, 1_500_000)},
    transfer=(0, 20),
    goal="完成馆藏档案数字化加工和质量检查",
    goal_end="提高档案利用效率，保障档案实体和信息安全。",
    indicators=(
        count("pages", "数字化加工页数", P, Q_NUM, "页", ("wan", 13000), "部分档案纸张脆化，需先行修裱后才能扫描。", "对脆化档案先行修裱，合理安排加工顺序。"),
        count("volumes", "整理档案卷数", P, Q_NUM, "卷", ("wan", 300), "部分档案需重新鉴定划分保管期限，整理进度放缓。", "提前开展档案鉴定工作。"),
        ratio(
            "quality",
            "数字化成果质检合格率",
            P,
            Q_QUAL,
            "质检合格页数",
            "抽检页数",
            "页",
            ("wan", 600),
            D(99),
            ("99.2", "99.9"),
            ("97", "98.8"),
            "部分图像存在倾斜、漏扫，质检返工率较高。",
            "加强加工过程质量控制，落实逐页自检。",
            floor=True,
            short="质检合格率",
        ),
        qual(
            "timeliness",
            "加工进度及时性",
            P,
            Q_TIME,
            "及时",
            "基本及时",
            "按月报送加工进度，各批次档案按计划交接。",
            "部分批次档案交接延迟，加工进度滞后。",
            "优化档案出入库交接流程，按周跟踪进度。",
            partial_evidence="多数批次档案按计划交接加工，个别批次有所滞后。",
        ),
        qual(
            "security",
            "档案实体和信息安全",
            P,
            Q_QUAL,
            "无安全事故",
            "发生一般性安全隐患",
            "加工场所实行封闭管理和全程视频监控，加工数据经检测后导入。",
            "加工场所个别监控设备故障未及时修复。",
            "加强加工场所安全检查和设备维护。",
            partial_evidence="加工期间未发生档案丢失、泄密事件，检查发现的一般性安全隐患已整改。",
        ),
        count(
            "online_use",
            "档案在线利用次数",
            E,
            B_SOC,
            "次",
            ("wan", 80),
            "数字化档案在线查阅系统上线较晚，利用次数偏少。",
            "加强在线查档服务宣传，拓展查档渠道。",
        ),
        value(
            "waiting",
            "查档平均等待时长",
            E,
            B_SOC,
            "分钟",
            D(15),
            ("6", "14"),
            ("16", "22"),
            "查档高峰期窗口人员不足。",
            "增设自助查档终端，高峰期增加窗口人员。",
            op="≤",
            dec=1,
        ),
        satisfaction("satisfaction", "查档群众满意度", reason="部分群众对查档预约方式不熟悉。", fix="完善查档预约指引，提供电话和网上预约。"),
    ),
    essential=("pages", "quality", "satisfaction"),
    overviews={
        "archive": (
            "$implementer是$department主管的公益类事业单位，负责接收、收集、整理、保管和提供利用$scope重要档案资料，馆藏档案以文书档案为主，"
            "兼有科技、会计和声像档案。"
        ),
    },
    background=(
        "馆藏纸质档案年代跨度大，部分档案纸张老化，频繁调阅加剧损耗。为保护档案原件、提高利用效率，$self实施档案数字化加工项目，"
        "对馆藏重点档案进行整理、扫描、图像处理和数据挂接。"
    ),
    founded="$self自$year年起分批实施馆藏档案数字化。",
    legal_basis=(
        "《中华人民共和国档案法》；",
        "《纸质档案数字化规范》（DA/T 31）；",
        "《数字档案馆建设指南》；",
        "《{{fiscal_year}}年$department部门预算》。",
    ),
    implementation=(
        "项目实施时段为{{year_period}}。$self按照政府采购程序确定{{contractor}}为加工服务商，在馆内设立封闭加工场所，按批次交接档案，"
        "加工成果经质检合格后验收入库。"
    ),
    project_management="$self对加工全过程实行监管：档案出入库逐卷登记，加工人员签订保密协议，加工成果按比例抽检，不合格批次退回返工。",
    benefits="项目的实施使馆藏重点档案实现数字化利用，减少了对档案原件的调阅，查档效率明显提高。",
    categories=("档案整理", "扫描及图像处理", "数据著录与挂接", "质量检查", "安全监管"),
    budget_reasons=("加工服务合同约定验收合格后支付尾款，最后一批成果验收于次年初完成。",),
    measures=(
        "加强加工过程质量控制，提高一次验收合格率；",
        "完善档案出入库交接和安全保密制度；",
        "推进数字档案资源在线利用，拓展查档服务渠道；",
        "合理制定下一批档案数字化计划。",
    ),
    contractor="$city信息科技有限公司",
)

ELDERLY = Theme(
    slug="elderly",
    name="居家养老服务补贴项目",
    category="经常性专项",
    units={
        "街道": Unit("$county民政局", "$county$place办事处", "我街道", "street"),
        "区级": Unit("$place民政局", "$place民政局", "我局", "bureau"),
        "市级": Unit("$place民政局", "$place民政局", "我局", "bureau"),
    },
    budgets={"街道": (200_000, 2_500_000), "区级": (3_000_000, 30_000_000), "市级": (15_000_000, 100_000_000)},
    transfer=(0, 30),
    goal="为符合条件的老年人提供居家养老服务补贴",
    goal_end="提高老年人生活质量。",
    indicators=(
        count(
            "served",
            "享受居家养老服务补贴老年人数",
            P,
            Q_NUM,
            "人",
            ("wan", 1.8),
            "部分老年人入住养老机构或去世，补贴人数减少。",
            "按月动态核对补贴对象，及时纳入新申请人员。",
        ),
        value(
            "hours",
            "人均每月上门服务时长",
            P,
            Q_NUM,
            "小时",
            D(10),
            ("10.2", "13"),
            ("8", "9.6"),
            "护理员队伍流动性大，部分月份上门服务时长不足。",
            "稳定护理员队伍，按服务时长考核服务机构。",
            dec=1,
        ),
        ratio(
            "accuracy",
            "补贴对象认定准确率",
            P,
            Q_QUAL,
            "经复核符合条件人数",
            "补贴对象人数",
            "人",
            ("wan", 1.8),
            D(100),
            ("100", "100"),
            ("98", "99.8"),
            "个别补贴对象户籍和健康状况变化后未及时申报。",
            "与公安、卫健部门开展数据比对，按季度复核。",
            op="=",
            den_from="served",
        ),
        ratio(
            "complaints",
            "服务投诉按时办结率",
            P,
            Q_QUAL,
            "按时办结件数",
            "受理投诉件数",
            "件",
            ("wan", 0.05),
            D(95),
            ("96", "100"),
            ("85", "93"),
            "部分投诉涉及多个服务机构，协调处理时间较长。",
            "建立投诉联办机制，明确办结时限。",
        ),
        value(
            "response",
            "紧急呼叫平均响应时间",
            P,
            Q_TIME,
            "分钟",
            D(30),
            ("12", "28"),
            ("31", "40"),
            "部分偏远社区服务网点覆盖不足。",
            "增设社区服务网点，优化派单流程。",
            op="≤",
            dec=1,
        ),
        qual(
            "paid",
            "补贴资金发放及时性",
            P,
            Q_TIME,
            "按月足额发放",
            "基本按月发放",
            "补贴资金按月结算至服务机构，服务记录经老年人签字确认。",
            "个别月份服务记录核对延迟，补贴结算推迟。",
            "推行服务记录电子化，缩短核对时间。",
            partial_evidence="补贴资金多数月份按时结算，个别月份有所推迟。",
        ),
        qual(
            "life_quality",
            "老年人生活照料改善情况",
            E,
            B_SOC,
            "明显改善",
            "有所改善",
            "助餐、助洁、助浴等服务覆盖补贴对象，独居老人得到定期探访。",
            "部分失能老人专业护理需求未能满足。",
            "引入专业护理机构，增加专业护理服务项目。",
            partial_evidence="补贴对象获得了上门照料服务，失能老人专业护理服务仍显不足。",
        ),
        satisfaction("satisfaction", "服务对象满意度", reason="部分老年人对护理员更换频繁有意见。", fix="稳定护理员队伍，尽量固定服务人员。"),
    ),
    essential=("served", "satisfaction"),
    overviews={
        "street": (
            "$implementer是$department指导下的基层政府派出机关，设有社会事务办公室，负责辖区老年人服务、社会救助等工作，"
            "承担居家养老服务补贴对象的申请受理、审核和服务监管。"
        ),
        "bureau": "$implementer负责$scope养老服务体系建设和养老服务监管，统筹居家养老服务补贴政策的制定和实施。",
    },
    background=(
        "随着人口老龄化程度加深，高龄、独居和失能老年人的照料需求日益突出。为支持老年人居家养老，$scope实施居家养老服务补贴制度，由政府购买服务，"
        "为符合条件的老年人提供生活照料、助餐助洁和探访关爱服务。"
    ),
    founded="$scope居家养老服务补贴制度自$year年起实施。",
    legal_basis=(
        "《中华人民共和国老年人权益保障法》；",
        "《关于推进基本养老服务体系建设的意见》；",
        "《居家养老服务补贴管理办法》；",
        "《{{fiscal_year}}年$department部门预算》。",
    ),
    implementation=(
        "项目实施时段为{{year_period}}。补贴对象经个人申请、社区初审、$self审核并公示后确定，服务由{{contractor}}等服务机构提供，"
        "$self按月核对服务记录后结算补贴资金。"
    ),
    project_management="$self建立补贴对象动态管理台账，按季度复核补贴资格；通过居家养老服务信息平台记录服务工单，对服务机构开展季度考核和满意度回访。",
    benefits="项目的实施使$scope高龄、独居和失能老年人获得了稳定的上门照料服务，老年人居家生活质量得到提升，家庭照料负担有所减轻。",
    categories=("居家养老服务补贴", "紧急呼叫服务", "服务质量评估", "信息平台运维"),
    budget_reasons=("部分补贴对象去世或入住养老机构，补贴资金相应结余。", "第四季度服务费按季度结算，部分款项未能在年内支付。"),
    measures=(
        "按季度复核补贴对象资格，做到应补尽补、动态管理；",
        "加强对服务机构的考核，提高上门服务质量；",
        "推进居家养老服务信息平台建设，实现服务全过程留痕；",
        "加强护理员培训，提升专业照护能力。",
    ),
    contractor="$place颐康居家养老服务中心",
)

SANITATION = Theme(
    slug="sanitation",
    name="农村生活垃圾收运处置项目",
    category="经常性专项",
    units={
        "镇级": Unit("$county$place人民政府", "$county$place人民政府", "我镇", "township"),
        "乡级": Unit("$county$place人民政府", "$county$place人民政府", "我乡", "township"),
        "街道": Unit("$county城市管理局", "$county$place办事处", "我街道", "street"),
        "区级": Unit("$place城市管理局", "$place环境卫生管理中心", "我中心", "centre"),
    },
    budgets={"镇级": (120_000, 2_000_000), "乡级": (30_000, 400_000), "街道": (300_000, 3_000_000), "区级": (5_000_000, 50_000_000)},
    transfer=(10, 50),
    goal="做好农村生活垃圾收集、转运和无害化处理",
    goal_end="改善村容村貌和人居环境。",
    indicators=(
        scaled(
            "tonnage", "生活垃圾收运量", P, Q_NUM, "吨", ("wan", 60), "部分村庄推行垃圾分类后，进入收运系统的垃圾量减少。", "按实际产生量优化收运线路和频次。"
        ),
        count(
            "villages",
            "收运覆盖行政村数",
            P,
            Q_NUM,
            "个",
            ("wan", 0.25),
            "个别偏远自然村道路狭窄，收运车辆无法到达。",
            "配置小型收集车辆，延伸收运网络。",
            least=3,
        ),
        ratio(
            "harmless",
            "生活垃圾无害化处理率",
            P,
            Q_QUAL,
            "无害化处理量",
            "收运量",
            "吨",
            ("wan", 60),
            D(100),
            ("100", "100"),
            ("95", "99"),
            "垃圾焚烧厂检修期间，部分垃圾临时堆存。",
            "与周边处理设施建立应急调运机制。",
            op="=",
            den_from="tonnage",
        ),
        ratio(
            "cleaners",
            "保洁人员在岗率",
            P,
            Q_QUAL,
            "实际在岗人天",
            "应在岗人天",
            "人天",
            ("pop", 0.02),
            D(95),
            ("95.5", "99.5"),
            ("88", "94.5"),
            "农忙时节部分保洁员请假较多。",
            "建立保洁员替岗机制，加强考勤管理。",
            floor=True,
        ),
        count(
            "complaints",
            "环境卫生投诉件数",
            P,
            Q_QUAL,
            "件",
            ("pop", 0.0004),
            "个别收集点清运不及时，引发群众投诉。",
            "加密重点收集点清运频次。",
            op="≤",
            met=("0.4", "1"),
            miss=("1.1", "1.5"),
        ),
        qual(
            "daily",
            "垃圾日产日清情况",
            P,
            Q_TIME,
            "日产日清",
            "基本做到日产日清",
            "收运车辆按固定线路每日收运，收集点无积存。",
            "节假日垃圾量激增，个别收集点未能当日清运。",
            "节假日增加收运车次。",
            partial_evidence="平日收集点无积存，节假日个别收集点未能当日清运。",
        ),
        qual(
            "environment",
            "村容村貌改善情况",
            E,
            B_ENV,
            "明显改善",
            "有所改善",
            "村庄道路、河塘沿岸垃圾明显减少，群众卫生习惯逐步养成。",
            "部分村庄房前屋后乱堆乱放现象仍有反复。",
            "将人居环境整治纳入村规民约，开展评比。",
            partial_evidence="村庄道路垃圾明显减少，房前屋后乱堆乱放现象仍有反复。",
        ),
        satisfaction("satisfaction", "群众满意度", reason="部分群众对收集点设置位置有意见。", fix="征求群众意见，合理调整收集点位置。"),
    ),
    essential=("tonnage", "harmless", "satisfaction"),
    overviews={
        "township": "$implementer负责本辖区农村人居环境整治工作，设有环境卫生管理站，统筹各行政村保洁员队伍和垃圾收运车辆的日常管理。",
        "street": "$implementer负责辖区环境卫生管理工作，设有城市管理办公室，统筹辖区保洁和生活垃圾收运。",
        "centre": "$implementer是$department所属公益类事业单位，负责$scope生活垃圾收运体系的运行管理和无害化处理设施的监管。",
    },
    background=(
        "农村生活垃圾治理是改善农村人居环境的重要内容。按照户分类、村收集、镇转运、县处理的模式，$scope建立了农村生活垃圾收运处置体系，"
        "$self通过购买服务方式委托专业公司开展垃圾收运。"
    ),
    founded="$scope农村生活垃圾收运处置体系于$year年建成运行。",
    legal_basis=(
        "《中华人民共和国固体废物污染环境防治法》；",
        "《农村人居环境整治提升五年行动方案》；",
        "《农村生活垃圾收运和处理技术标准》；",
        "《{{fiscal_year}}年$department部门预算》。",
    ),
    implementation=(
        "项目实施时段为{{year_period}}。$self通过政府采购确定{{contractor}}负责垃圾收运，各行政村配备保洁员负责村内保洁，"
        "收运的垃圾运至县级处理设施进行无害化处理。"
    ),
    project_management="$self制定收运作业标准，实行收运车辆定位监控和收运台账管理，每月对各村保洁情况和收运公司作业质量进行考核，考核结果与服务费支付挂钩。",
    benefits="项目的实施使$scope农村生活垃圾得到及时收运和无害化处理，村庄环境卫生明显好转。",
    categories=("垃圾收运服务费", "保洁员劳务费", "收集设施购置及维护", "考核及宣传费"),
    budget_reasons=("收运服务费按季度考核后支付，第四季度服务费于次年初结算。", "部分收集设施采购项目年底完成验收，尾款未能在年内支付。"),
    measures=(
        "完善收运作业考核办法，提高收运质量；",
        "推进农村生活垃圾源头分类减量；",
        "加强保洁员队伍管理，落实保洁责任区；",
        "优化收集点布局，延伸收运网络。",
    ),
    contractor="$county洁美环境服务有限公司",
)

WATER = Theme(
    slug="water",
    name="农村供水保障项目",
    category="一次性项目",
    units={
        "县级": Unit("$place水利局", "$place水利局", "我局", "bureau"),
        "区级": Unit("$place水利局", "$place水利局", "我局", "bureau"),
        "乡级": Unit("$county水利局", "$county$place人民政府", "我乡", "township"),
        "镇级": Unit("$county水利局", "$county$place人民政府", "我镇", "township"),
    },
    budgets={"县级": (2_000_000, 30_000_000), "区级": (2_000_000, 30_000_000), "乡级": (50_000, 800_000), "镇级": (80_000, 1_200_000)},
    transfer=(40, 90),
    goal="实施农村供水工程新建和改造",
    goal_end="提升农村供水保障水平。",
    indicators=(
        count("projects", "新建和改造供水工程处数", P, Q_NUM, "处", ("wan", 0.03), "个别工程选址调整，开工时间推迟。", "加快工程前期工作，及早确定建设方案。"),
        count("population", "受益人口", P, Q_NUM, "人", ("wan", 15), "部分村民外出务工，实际受益人口少于规划。", "按常住人口复核受益范围。"),
        scaled("pipes", "新建改造供水管网长度", P, Q_NUM, "公里", ("wan", 0.15), "部分管网线路因征地协调未能按期铺设。", "提前做好管网线路的征地协调。"),
        complement(
            "water_quality",
            "农村供水水质达标率",
            P,
            Q_QUAL,
            "不合格水样",
            "抽检水样",
            "份",
            ("wan", 0.4),
            D(90),
            ("91", "99"),
            ("82", "89.5"),
            "部分小型集中供水工程消毒设施运行不正常。",
            "配齐净化消毒设施，加强水质巡检。",
            short="水质达标率",
        ),
        value(
            "coverage",
            "农村自来水普及率",
            E,
            B_SOC,
            "%",
            D(90),
            ("90.5", "97"),
            ("84", "89.5"),
            "部分分散居住农户尚未接通自来水。",
            "对分散农户推广小型供水设施。",
        ),
        value(
            "repair",
            "供水故障平均修复时长",
            P,
            Q_TIME,
            "小时",
            D(24),
            ("6", "20"),
            ("25", "36"),
            "部分管网老化，维修配件采购周期长。",
            "建立维修配件储备，组建专业抢修队伍。",
            op="≤",
            dec=1,
        ),
        date(
            "completion",
            "工程完工时限",
            P,
            Q_TIME,
            11,
            "各处供水工程在年底前完工通水。",
            "部分工程受雨季影响停工，完工时间推迟。",
            "合理安排施工时序，避开雨季集中施工。",
        ),
        qual(
            "safety",
            "供水安全保障情况",
            E,
            B_SUS,
            "安全稳定",
            "基本稳定",
            "供水工程运行平稳，未发生大面积停水和水质安全事件。",
            "枯水期个别水源水量不足，实行分时供水。",
            "开展备用水源建设。",
            partial_evidence="供水工程运行总体平稳，枯水期个别水源实行分时供水。",
        ),
        satisfaction("satisfaction", "用水户满意度", reason="部分用水户对停水通知不及时有意见。", fix="通过村务群、公告栏提前发布停水通知。"),
    ),
    essential=("population", "water_quality", "satisfaction"),
    overviews={
        "bureau": "$implementer负责$scope水资源管理、农村供水工程建设与运行管理等工作，设有农村水利水电股，指导乡镇水利站开展供水工程管护。",
        "township": "$implementer负责本辖区农村供水工程的日常管护，设有水利站，落实各村供水管理员。",
    },
    background=(
        "农村供水是保障农村居民基本生活的民生工程。$scope部分村庄供水设施建设标准低、管网老化，枯水期供水不稳定。$self实施农村供水保障项目，"
        "新建和改造供水工程，提升供水保障水平。"
    ),
    founded="$scope农村供水保障工程自$year年起分年度实施。",
    legal_basis=(
        "《中华人民共和国水法》；",
        "《关于做好农村供水保障工作的指导意见》；",
        "《生活饮用水卫生标准》；",
        "《{{fiscal_year}}年$department部门预算》。",
    ),
    implementation=(
        "项目实施时段为{{year_period}}。供水工程经招标确定{{contractor}}承建，$self组织设计、监理单位开展全过程管理，工程完工后组织验收并移交运行管护单位。"
    ),
    project_management=(
        "$self落实工程建设项目法人责任制、招标投标制、建设监理制和合同管理制，对工程质量、进度和资金进行全过程监管，建成工程明确管护主体和管护经费。"
    ),
    benefits="项目的实施改善了项目区群众的饮水条件，供水水质和保证率明显提高，群众用水更加方便。",
    categories=("供水工程建设", "管网改造", "净化消毒设备", "水质检测", "工程监理费"),
    budget_reasons=("部分工程质保金按合同约定在质保期满后支付。", "个别工程因选址调整开工推迟，工程款未能在年内支付。"),
    measures=(
        "加强已建供水工程运行管护，落实管护主体和经费；",
        "健全水质检测制度，提高水质检测频次；",
        "推进城乡供水一体化，扩大规模化供水覆盖范围；",
        "建立供水应急预案，保障枯水期供水。",
    ),
    contractor="$city水务建设工程有限公司",
)

THEMES: tuple[Theme, ...] = (HEALTH, FORESTRY, FERTILISER, SCHOOL, RESERVOIR, ROADS, ARCHIVES, ELDERLY, SANITATION, WATER)


# =========================================================================== texts any project may use

FUNDS_MANAGEMENT = (
    "项目资金实行专账核算、专款专用，$self严格执行财政资金管理有关规定和单位内部财务管理制度，资金支付履行审批程序，未发现截留、挤占、挪用项目资金的情况。",
    "$self按照预算批复和项目实施方案使用资金，建立了资金支付台账，大额支出经集体研究决定，会计核算规范，项目资金使用合规。",
)
PERFORMANCE_MANAGEMENT = (
    "绩效目标与项目实施内容相符，指标设置较为明确，$self在年中开展了绩效运行监控，对照年度指标值跟踪项目进展。",
    "$self按要求编报了项目绩效目标，并于年中开展绩效运行监控，及时掌握指标完成情况和资金支出情况。",
)
CONCLUSIONS_INTRO = "项目立项依据充分，实施程序规范，资金管理和使用总体合规。结合项目单位提供的资料，通过对项目实施情况的综合分析，得出以下评价结论："
CONCLUSIONS_INTRO_ALL_MET = "项目立项依据充分，实施程序规范，各项绩效指标均达到年度指标值。结合项目单位提供的资料，得出以下评价结论："
CONCLUSIONS = (
    "立项依据清晰，实施程序规范。项目符合国家和地方相关政策要求，与$self职责密切相关。",
    "资金管理制度健全，支出审批严格。项目资金专款专用，会计核算规范。",
    "项目组织有力，责任落实到位。$self成立了项目工作专班，明确分管领导和具体经办人员。",
)
BENEFITS_CLOSING = "项目的实施得到了服务对象的普遍认可。"
SPENDING = "$self按照预算批复和实施方案组织项目实施，按合同约定和工作进度支付资金，支出内容与项目绩效目标相符。"
PROBLEMS_CLEAN = "项目实施总体顺利，但在绩效目标设置的细化量化、基础数据的统计归集等方面仍需进一步加强。"
PROBLEMS_MISSED = "项目在取得一定成效的同时，个别绩效指标未达到年度指标值，需要在后续工作中加以改进。"
PROBLEMS_UNDER = "项目在取得一定成效的同时，$under，需要在后续工作中加以改进。"
PROBLEMS_BOTH = "项目在取得一定成效的同时，$under，个别绩效指标未达到年度指标值，需要在后续工作中加以改进。"
# $under: what the under-spending was — slow below 95% (the book then says 资金使用进度偏慢), otherwise a remainder
UNDER_SLOW = "资金支出进度偏慢"
UNDER_REMAINDER = "部分资金未能在年内支付"
BUDGET_IMPROVEMENT = "科学编制资金使用计划，按月跟踪预算执行进度，项目完工验收后及时办理资金支付。"
BUDGET_MEASURE = "加强预算执行管理，按月跟踪资金支付进度，提高预算执行率；"
ACCEPT_BLANK = {
    "background": "延续性项目，立项背景已在以往年度报告中说明",
    "legal_basis": "依据文件与上年度相同，未单列",
    "project_management": "项目管理情况已在（二）财政支出情况中一并说明",
}
ACCEPT_SPLIT = "自评表分值按上级下达的绩效目标表设置"
ACCEPT_PARTIAL = "自评表仅填报了产出指标和预算执行部分"
ACCEPT_FOUNDED = "立项年份，不是本年度数据"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = ("芳", "伟", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明", "超", "秀英", "建华", "晓燕", "志强", "海燕")
