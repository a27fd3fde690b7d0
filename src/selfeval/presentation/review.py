"""All review findings (复核提示) of a year: what `selfeval check`, every build and the 复核提示 page show.

In order: the data-consistency warnings of the evaluation (executed above budget, parts that
do not add up), a review.yaml made for another year, then the review checks on the results
(:mod:`.review_checks`) and on the wording (:mod:`.textcheck`, :mod:`.figure_check`), with the
marks of review.yaml applied. A finding is *open* until a mark accepts it; ``--strict``
refuses to publish while any is open.
"""

from __future__ import annotations

from ..evaluation.results import Evaluation
from .figure_check import typed_figures
from .finding import Finding, apply_marks, place
from .review_checks import RESULT_CHECKS
from .textcheck import TEXT_CHECKS, text_findings

CONSISTENCY = "数据一致性"
STALE_MARKS = "复核记录年度"

# What each check reads (the 复核提示 page lists them; data/README.md documents them with examples).
CHECKS = {
    "预算执行缺原因": "预算执行率低于100%而预算执行偏差原因为空（报告中显示【待补充】）",
    "预算执行缺改进措施": "预算执行率低于100%而没有加快执行的措施（预算的执行改进措施为空，改进措施中也未提到预算执行、执行率、支出进度等）",
    "未达标缺偏差原因": "未达标指标的偏差原因为空（报告中显示【待补充】）",
    "未达标缺改进措施": "未达标指标既无本指标的改进措施，改进措施中也没有一条写出其名称或简称",
    "章节未填写": "分析人员应撰写的章节（项目单位基本情况、项目实施背景、主要依据、实施年度、项目管理情况、下一步改进措施）为空",
    "一级指标分值": "一级指标分值与常规分配产出指标50、效益指标30、满意度指标10、预算执行10不同（提示）",
    "成本指标与支出不符": "以金额计的成本指标超过项目实际支出，或“总投资”“总成本”等与实际支出不等",
    "定性指标缺完成说明": "定性指标没有完成情况说明，报告只能写出评价结果（提示）",
    "占位文字": "文字中仍有占位、待补充、待定、XX、××、TODO、……等占位内容，或未闭合的{{",
    "数字与计算不符": "文中手写的金额、比率、得分、指标完成值或指标个数与计算结果不符",
    "数字应写占位符": "文中手写的数字等于计算结果，应改用{{占位符}}，以便随数据更新",
    "非本年度年份": "文字中写有本报告年度以外的年份（文件文号中的年份除外）",
    "达标仍有偏差说明": "已达标指标仍填有偏差原因或改进措施（会打印在自评表上）",
    "达标用语与结果不符": "有指标未达标，文字却称均达到、较理想、圆满完成等",
    "问题用语与结果不符": "各项指标均达标且预算全部执行，文字却称存在问题、未达标等",
    CONSISTENCY: "数据之间不一致：支出超过预算、已下达金额超过预算、开支内容合计与支出不等、坐席或专线分项之和与总数不等等",
    STALE_MARKS: "review.yaml 是为其他年度所作，其中的标记不适用于本年度",
}


def _stale_marks(ev: Evaluation) -> list[Finding]:
    review = ev.data.review
    if review is None or review.fiscal_year == ev.year:
        return []
    return [
        Finding(
            STALE_MARKS,
            "review.yaml",
            "fiscal_year",
            place(ev, "review.yaml", ("fiscal_year",), "fiscal_year"),
            f"复核记录是为{review.fiscal_year}年度所作，不适用于{ev.year}年度，其中的标记均未生效",
            f"逐条阅读本年度的复核提示，再把复核年度（fiscal_year）改为{ev.year}，只保留仍然成立的标记",
        )
    ]


def year_findings(ev: Evaluation) -> list[Finding]:
    """Every finding of the year, review.yaml applied (accepted ones carry their reason)."""
    consistency = [Finding(CONSISTENCY, "", "", "", warning, "") for warning in ev.warnings]
    checks = [f for check in RESULT_CHECKS for f in check(ev)]
    checks += text_findings(ev, (*TEXT_CHECKS, typed_figures))
    return consistency + _stale_marks(ev) + apply_marks(ev, checks)


def open_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.accepted is None]


def accepted_findings(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.accepted is not None]


def summary(year: int, findings: list[Finding]) -> str:
    """'2024年度：复核提示5条待处理，2条已接受' (or 无待处理事项)."""
    n_open, n_done = len(open_findings(findings)), len(accepted_findings(findings))
    done = f"，{n_done}条已接受" if n_done else ""
    return f"{year}年度：复核提示{n_open}条待处理{done}" if n_open else f"{year}年度：无待处理的复核提示{done}"
