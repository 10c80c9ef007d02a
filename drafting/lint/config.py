"""Lint settings: `[lint]` in the store's jixiao.toml (found by walking up from the linted path)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from store.files import CONFIG_NAME, invalid_setting, read_toml

DEFAULT_VAGUE_WORDS = (
    "持续提升", "有所", "有所提升", "有所提高", "有所改善", "有所增加", "有所增强", "进一步", "显著", "明显",
    "不断加强", "不断提升", "不断提高", "不断完善", "逐步", "稳步", "大幅", "较大", "较好", "良好",
    "有效提升", "有效提高", "有效改善", "切实", "全面提升", "积极", "得到提升", "得到提高", "持续改善",
    "持续完善", "持续加强", "持续优化", "稳步推进", "全面加强", "全面推进", "不断优化", "有所好转", "日益",
)


class LintConfig(BaseModel):
    # Built on first validation: a lint without a [lint] table (the usual case) never validates one
    # (see `load_config`), and the validator's build is a tenth of a run answered by the cache.
    model_config = ConfigDict(extra="forbid", defer_build=True)

    select: list[str] = Field(default_factory=lambda: ["JX"])
    ignore: list[str] = Field(default_factory=list)
    vague_words: list[str] = Field(default_factory=lambda: list(DEFAULT_VAGUE_WORDS))
    extra_vague_words: list[str] = Field(default_factory=list)
    project_name_cutoff: float = 90  # JX202: name vs project name, rapidfuzz ratio
    duplicate_name_cutoff: float = 95  # JX203: two names of one form
    copy_row_cutoff: float = 80  # JX205: a row matches a row of another form (rapidfuzz ratio)
    copy_share: float = 0.6  # JX205: share of a form's rows that must match
    copy_min_rows: int = 3  # JX205: and at least this many
    boilerplate_forms: int = 3  # JX206: forms a (name, value) must appear in
    satisfaction_floor: float = 80  # JX305: a satisfaction target below this is too low
    long_name: int = 30  # JX204: characters
    # JX6xx: the previous year's store (a folder), relative to jixiao.toml; the rules are off without it.
    previous: str = ""
    unit_cost_rise: float = Field(default=0.3, gt=0)  # JX603: funds up by this share with no more outputs

    @property
    def all_vague_words(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.vague_words + self.extra_vague_words))


def find_config(start: Path) -> Path | None:
    """jixiao.toml in `start` (or its folder) or the nearest parent folder that has one."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        path = candidate / CONFIG_NAME
        if path.is_file():
            return path
    return None


def load_config(path: Path | None) -> LintConfig:
    data = read_toml(path, "配置文件") if path is not None else {}
    if "lint" not in data:
        return LintConfig.model_construct()  # the defaults, which are valid, without building the validator
    try:
        config = LintConfig.model_validate(data["lint"])
    except ValidationError as exc:
        raise invalid_setting(path, exc, "[lint].") from None
    if config.previous:
        config.previous = str((path.parent / config.previous).resolve())
    return config
