"""The closed vocabularies of the data contract: what a field may say, by the words the form uses.

Shared by the model (:mod:`.model`, which validates them) and the workbook layout
(:mod:`.workbook_layout`, whose drop-down lists offer them). Kept apart from the model so that
what only names fields and reads files (:mod:`.labels`, :mod:`.sources`: the build's up-to-date
check, the command line's year check) does not import pydantic (0.2 s).
"""

from __future__ import annotations

from typing import Literal, get_args

# 自评表「项目级次」: the project's place in its budget's hierarchy (一级/二级/三级, the Guangzhou
# form's checkboxes), or the level of government that runs it (区级, 镇级, …) on forms that print that.
ProjectLevel = Literal["一级", "二级", "三级", "省级", "市级", "区级", "县级", "镇级", "乡级", "街道"]
PROJECT_LEVELS: tuple[str, ...] = get_args(ProjectLevel)


# The review checks (审核要点) of `selfeval check`, by the name a finding shows and review.yaml
# accepts (data/README.md, "Review checks"); what each one reads is in selfeval.presentation.review.
ReviewCheck = Literal[
    "未达标缺偏差原因",
    "未达标缺改进措施",
    "预算执行缺原因",
    "预算执行缺改进措施",
    "章节未填写",
    "一级指标分值",
    "成本指标与支出不符",
    "定性指标缺完成说明",
    "占位文字",
    "数字与计算不符",
    "数字应写占位符",
    "非本年度年份",
    "达标仍有偏差说明",
    "达标用语与结果不符",
    "问题用语与结果不符",
]
REVIEW_CHECKS: tuple[str, ...] = get_args(ReviewCheck)
