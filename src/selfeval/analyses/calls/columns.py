"""Which column of a call-record export holds what: the canonical columns, their usual headers, and ``calls/columns.yaml``.

Why a map: every ACD/call platform names its export columns differently, mostly in Chinese
(来电时间, 接通时间, 挂机时间, 坐席工号 …). The analyst should not have to rename a 1 GB file's
header. A header is recognised when it equals a column's canonical name or one of its usual
aliases (:data:`COLUMNS`); anything else is named in the year's ``calls/columns.yaml``, which
also says how timestamps are written when they are not ISO 8601. A header that matches two
columns, or two headers that match one column, is an error rather than a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from ...contract.sources import loc_text, read_yaml, rel
from ...contract.validate import validate
from ...errors import FIX_SEPARATOR as FIX
from ...errors import DataError

MAP_FILE = "columns.yaml"


@dataclass(frozen=True)
class Column:
    name: str  # canonical name, also accepted as a header
    required: bool
    meaning: str  # what it holds (for messages and data/README.md)
    aliases: tuple[str, ...]  # other headers recognised without a map


COLUMNS: tuple[Column, ...] = (
    Column(
        "call_id",
        False,
        "呼叫流水号（每个呼叫唯一，用于查找重复的行）",
        ("呼叫流水号", "流水号", "通话流水号", "呼叫ID", "通话ID", "话单ID", "呼叫编号", "callid", "session_id"),
    ),
    Column(
        "arrival_time",
        True,
        "来电时间：呼叫进入话务员队列的时间",
        ("来电时间", "呼入时间", "进线时间", "进入队列时间", "排队开始时间", "到达时间", "arrive_time", "enqueue_time"),
    ),
    Column(
        "answer_time",
        True,
        "接通时间：话务员接听的时间；放弃的呼叫为空",
        ("接通时间", "应答时间", "坐席接通时间", "坐席应答时间", "answered_time"),
    ),
    Column(
        "end_time",
        True,
        "挂机时间：通话结束或来电者挂断的时间",
        ("挂机时间", "结束时间", "通话结束时间", "释放时间", "hangup_time", "release_time"),
    ),
    Column("wrap_up_seconds", False, "话后处理时长（秒），接通的呼叫填写", ("话后处理时长", "话后整理时长", "整理时长", "事后处理时长", "acw_seconds")),
    Column("queue", False, "技能组/队列/渠道（可以有，当前报告不使用）", ("技能组", "队列", "渠道", "业务类型", "skill", "channel")),
    Column("agent_id", False, "接听话务员的坐席工号", ("坐席工号", "座席工号", "话务员工号", "工号", "坐席号", "agent")),
)
BY_NAME = {c.name: c for c in COLUMNS}
REQUIRED = tuple(c.name for c in COLUMNS if c.required)


class ColumnMap(BaseModel):
    """``calls/columns.yaml``: header per canonical column (``false`` = do not use it), timestamp format, time zone."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    call_id: Literal[False] | str | None = None
    arrival_time: str | None = None
    answer_time: str | None = None
    end_time: str | None = None
    wrap_up_seconds: Literal[False] | str | None = None
    queue: Literal[False] | str | None = None
    agent_id: Literal[False] | str | None = None
    timestamp_format: str | None = Field(default=None, min_length=2)
    time_zone: str = "Asia/Shanghai"
    delimiter: str = Field(default=",", min_length=1, max_length=1)

    @field_validator("call_id", "wrap_up_seconds", "queue", "agent_id", mode="before")
    @classmethod
    def _off(cls, v: object) -> object:
        """``false`` switches an optional column off. The data loader reads YAML's yes/no/true/false
        as the text typed (no contract field is a boolean), so the word arrives as text here."""
        return False if v is False or (isinstance(v, str) and v.strip().lower() == "false") else v

    @field_validator("timestamp_format")
    @classmethod
    def _has_directives(cls, v: str | None) -> str | None:
        if v is not None and not all(d in v for d in ("%Y", "%m", "%d", "%H", "%M")):
            raise ValueError(f"“{v}”应包含 %Y、%m、%d、%H 和 %M（strptime 格式代码）{FIX}如 '%Y/%m/%d %H:%M:%S'")
        return v

    @field_validator("time_zone")
    @classmethod
    def _zone(cls, v: str) -> str:

        try:
            ZoneInfo(v)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"“{v}”不是时区名称{FIX}填写如 Asia/Shanghai") from None
        return v

    def header_for(self, name: str) -> Literal[False] | str | None:
        return getattr(self, name)


def read_map(folder: Path) -> ColumnMap:
    """The folder's columns.yaml, validated (an absent file means: recognise headers by name)."""
    path = folder / MAP_FILE
    if not path.exists():
        return ColumnMap()
    return validate(ColumnMap, read_yaml(path), rel(path), lambda loc: loc_text(loc))


def _norm(header: str) -> str:
    return header.strip().casefold()


def resolve(header: list[str], cmap: ColumnMap, file: str, folder: str) -> dict[str, int]:
    """Canonical column → position in ``header``; an error names the file, the column and the fix."""
    positions: dict[str, list[int]] = {}
    for i, h in enumerate(header):
        positions.setdefault(_norm(h), []).append(i)
    out: dict[str, int] = {}
    for col in COLUMNS:
        wanted = cmap.header_for(col.name)
        if wanted is False:
            continue
        if isinstance(wanted, str):
            found = positions.get(_norm(wanted), [])
            if not found:
                raise DataError(
                    file,
                    f"列“{wanted}”",
                    f"在 {folder}/{MAP_FILE} 中被指定为 {col.name}，但文件中没有这一列",
                    f"把 {MAP_FILE} 改为本文件的列标题之一（{'、'.join(header)}）",
                )
        else:
            found = [i for name in (col.name, *col.aliases) for i in positions.get(_norm(name), [])]
            if not found:
                if col.required:
                    raise DataError(
                        file,
                        f"{col.name}列",
                        f"缺少该列（{col.meaning}）；查找过 {'、'.join((col.name, *col.aliases))}",
                        f"在导出文件中改列名，或在 {folder}/{MAP_FILE} 中指定（{col.name}: <你的列标题>）",
                    )
                continue
        if len(found) > 1:
            names = " and ".join(f"'{header[i]}'" for i in found)
            raise DataError(file, f"{col.name}列", f"不明确：{names} 都符合", f"在 {folder}/{MAP_FILE} 中指定要用的一列（{col.name}: <列标题>）")
        out[col.name] = found[0]
    taken: dict[int, str] = {}
    for name, i in out.items():
        if i in taken:
            raise DataError(file, f"列“{header[i]}”", f"同时被用作 {taken[i]} 和 {name}", f"在 {folder}/{MAP_FILE} 中为每个字段指定不同的列")
        taken[i] = name
    return out
