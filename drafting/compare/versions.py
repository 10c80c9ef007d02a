"""What one form can be set beside: the version before jixiao's last change to it (the round sent
back for revision), and the same project in the previous year's store (`[lint] previous`)."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from store import Declaration, StoreError
from store.files import parse
from store.history import last_version

from ..lint.config import LintConfig
from ..lint.runner import read_forms, read_previous
from ..lint.view import FormView
from .diff import FormDiff, diff_forms
from .match import match_forms
from .outline import Outline


class Version(NamedTuple):
    label: str  # for the user: "上一版本（2026-11-29 10:02 修改前）", "上年（2020年）"
    form: FormView


def previous_version(path: Path) -> Version | None:
    """The form as it was before jixiao's last change to it (None when jixiao never changed it);
    StoreError when its history cannot be read."""
    last = last_version(path)
    if last is None:
        return None
    when, data = last
    name = f"{path}（{when} 修改前）"
    return Version(f"上一版本（{when} 修改前）", FormView(name, parse(Path(name), data).declaration))


def versions(path: Path, declaration: Declaration, config: LintConfig,
             previous: list[Outline] | None = None) -> tuple[list[Version], list[str]]:
    """The versions found, and one-line notes on what could not be read. `previous`: last year's
    forms when the caller has read them already (else they are read here)."""
    found, notes = [], []
    try:
        version = previous_version(path)
        if version is not None:
            found.append(version)
    except StoreError as exc:
        notes.append(str(exc))
    if config.previous:
        errors = []
        if previous is None:
            previous, errors = read_previous(config)
            notes += [str(e) for e in errors]
        this = Outline.of(str(path), declaration)
        pairs = [p for p in match_forms(previous, [this]).pairs if p.years > 0]  # last year's, not a later one
        if pairs:
            old = pairs[0].old
            forms, errors = read_forms([Path(old.path)])
            notes += [str(e) for e in errors]
            if forms:
                found.append(Version(f"上年（{old.year}年）", forms[0]))
        elif not errors:
            notes.append(f"上年申报表（{config.previous}）中没有找到本项目")
    return found, notes


def side_by_side(old: FormView, new: FormView, config: LintConfig) -> FormDiff:
    """The two versions compared row by row, whatever their names."""
    return diff_forms([old], [new], config, pair_all=True).forms[0]
