"""The indicator library (指标库): typical quality, timeliness, effect and satisfaction indicators
per sector, as finance systems keep them, with how each is measured. Data files, not code: one
TOML file per sector in this folder (docs/suggest.md gives the format), and an office's own in a
folder named 指标库 beside its jixiao.toml or in its store.

Entries never carry a number: the target is a blank ＿ that the office fills in review.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from store.files import LIBRARY_DIR, invalid_setting, read_toml
from store.values import CN_NUMERAL

# The blank of a fill-in ("≥＿%"): the target is the office's to write, never the engine's.
BLANK = "＿"


def has_blank(text: str) -> bool:
    """A blank left unfilled; an ASCII "_" typed in its place is one too."""
    return BLANK in text or "_" in text
SHIPPED = Path(__file__).parent
MIN_SCORE = 2  # a keyword in the project's name, or two in its goal
_DIGITS = set("0123456789０１２３４５６７８９")
# What a library entry may be: everything but counts and money, which each form has of its own.
LEVEL2 = ("质量指标", "时效指标", "经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标",
          "社会成本指标", "生态环境成本指标")


class Entry(BaseModel):
    """One indicator of the library."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=2, max_length=30)
    level2: str
    value: str  # the target with blanks: "≥＿%", "＿月＿日前"; a graded entry's target grade: "好"
    source: str  # how the number is obtained, for the reviewer
    keywords: tuple[str, ...] = ()
    grades: str = ""  # 评分标准 of a graded (定性) entry

    @field_validator("value")
    @classmethod
    def _no_number(cls, value: str) -> str:
        if _DIGITS & set(value) or BLANK in value and CN_NUMERAL.search(value):  # a grade may be "一般"
            raise ValueError("指标值不能含数字：目标值用“＿”留空，由填报单位填写")
        return value

    @field_validator("level2")
    @classmethod
    def _kind(cls, level2: str) -> str:
        if level2 not in LEVEL2:
            raise ValueError(f"“{level2}”不是指标库收录的二级指标（{'、'.join(LEVEL2)}）；"
                             "数量和金额成本来自每张表自己的目标和预算，不入库")
        return level2

    @model_validator(mode="after")
    def _blank_or_grades(self) -> Entry:
        if BLANK not in self.value and not self.grades:
            raise ValueError(f"“{self.name}”的指标值既没有空白“{BLANK}”，也没有评分标准 grades")
        return self


class SectorFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: str
    sector: str
    keywords: tuple[str, ...] = ()
    indicator: list[Entry]


@dataclass(frozen=True)
class Sector:
    name: str
    keywords: tuple[str, ...]
    entries: tuple[Entry, ...]
    source: Path

    @property
    def office(self) -> bool:
        """An office's own file, not one shipped with jixiao."""
        return self.source.parent != SHIPPED

    def score(self, project: str, goal: str) -> int:
        """How strongly the project belongs here: keywords in its name count double."""
        return sum(2 * (word in project) + (word in goal) for word in self.keywords)


@dataclass(frozen=True)
class Library:
    sectors: tuple[Sector, ...]

    @property
    def general(self) -> tuple[Sector, ...]:
        return tuple(s for s in self.sectors if not s.keywords)

    def sectors_for(self, project: str, goal: str, limit: int = 2) -> list[Sector]:
        """The best-fitting sectors (keywords of the name and goal), the office's own before the
        shipped ones, then the general ones."""
        scored = sorted(((s.score(project, goal) > 0 and s.office, s.score(project, goal), -i)
                         for i, s in enumerate(self.sectors) if s.keywords), reverse=True)
        # One keyword in the goal alone is chance ("无害化处理" in a toilet project is no animal epidemic).
        best = [self.sectors[-i] for _, score, i in scored[:limit] if score >= MIN_SCORE]
        return best + list(self.general)


def read_sector(path: Path) -> Sector:
    data = read_toml(path, "指标库文件")
    try:
        sector = SectorFile.model_validate(data)
    except ValidationError as exc:
        raise invalid_setting(path, exc) from None
    return Sector(sector.sector, sector.keywords, tuple(sector.indicator), path)


def office_folder(start: Path) -> Path | None:
    """The office's own 指标库 folder: in `start` or the nearest parent folder that has one."""
    folder = Path(start).resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        if (candidate / LIBRARY_DIR).is_dir():
            return candidate / LIBRARY_DIR
    return None


@lru_cache(maxsize=8)
def load_library(office: Path | None = None) -> Library:
    """The shipped sectors and, first, the office's own (a broken office file is a StoreError)."""
    paths = sorted(office.glob("*.toml")) if office else []
    paths += sorted(SHIPPED.glob("*.toml"))
    return Library(tuple(read_sector(path) for path in paths))
