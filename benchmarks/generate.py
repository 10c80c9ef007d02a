"""Generate N synthetic declarations: mutated copies of the seed forms, with copy-paste among them.

    python benchmarks/generate.py N OUT_DIR [--seed 1]

Each form starts from a random seed form under a new project and department; numbers in values
are perturbed and some names reworded. A share of forms (COPY_RATE) copy another generated form's
whole indicator set, as offices do, so copy detection has real work to do.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from store import Declaration, Store, Stored  # noqa: E402
from store.importing.build import build_all  # noqa: E402
from store.importing.sources import read_forms  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "examples" / "xixia-2020.txt"
COPY_RATE = 0.2  # share of forms whose indicators are pasted from another form
REWORD_RATE = 0.3  # chance that a row's name is reworded
SUBJECTS = "社区 乡村 学校 医院 文化 体育 养老 就业 环保 交通 水利 农业 林业 旅游 安全 档案 统计 科技 人才 党建".split()
ACTIONS = "建设 服务 培训 补助 管理 宣传 维护 改造 保障 发展 提升 监测 巡查 救助 奖励".split()
ADDITIONS = "工作 项目 专项 活动 人员 设施 设备 服务 数量 质量".split()


def seed_forms() -> list[Declaration]:
    return [b.declaration for b in build_all(read_forms(SEED))]


def _perturb(value: str, rng: random.Random) -> str:
    return re.sub(r"\d+(?:\.\d+)?", lambda m: str(max(1, int(float(m.group()) * rng.uniform(0.5, 1.5)))), value)


def generate(n: int, out: Path, seed: int = 1) -> None:
    rng = random.Random(seed)
    seeds = seed_forms()
    store = Store(out)
    made: list[Declaration] = []
    for i in range(n):
        base = rng.choice(seeds)
        project = f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}{rng.choice(ADDITIONS)}经费{i:05d}"
        department_code = f"{100 + i % 60}"
        rows = []
        source = rng.choice(made) if made and rng.random() < COPY_RATE else base
        for indicator in source.indicators:
            name = indicator.name.replace(source.project, project)
            if source is base and rng.random() < REWORD_RATE:
                name = rng.choice(SUBJECTS) + name[: max(2, len(name) // 2)] + rng.choice(ADDITIONS)
            rows.append(indicator.model_copy(update={"name": name, "value": _perturb(indicator.value, rng)}))
        total = int(base.funds.total * rng.uniform(0.5, 2)) // 100 * 100
        declaration = base.model_copy(update={
            "project": project, "department_code": department_code, "implementer_code": f"{department_code}001",
            "department": f"第{department_code}部门", "indicators": rows,
            "funds": base.funds.model_copy(update={"total": total, "fiscal": total, "other": 0}),
        })
        made.append(declaration)
        folder = out / f"部门{department_code}"
        store.save(Stored(Store(folder).new_path(project), declaration, None))


def relayout(source: Path, out: Path) -> None:
    """The store at `source` written again as other tools and people write TOML, a third each:
    tomli_w's own layout (inline arrays); a hand-edited file (a comment on top and after values,
    single quotes, keys in reverse order, [funds] last); inline tables (funds = {…}, indicators =
    [{…}, …]). The same declarations, so a lint finds the same things."""
    import json
    import tomllib

    import tomli_w

    def basic(value) -> str:
        return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else tomli_w.dumps({"v": value})[4:-1]

    def single(value) -> str:
        return f"'{value}'" if isinstance(value, str) and "'" not in value and "\n" not in value else basic(value)

    def inline(table: dict) -> str:
        return "{" + ", ".join(f"{k} = {basic(v)}" for k, v in table.items()) + "}"

    for i, path in enumerate(sorted(source.rglob("*.toml"))):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        funds, rows = doc.pop("funds"), doc.pop("indicators")
        if i % 3 == 0:
            text = tomli_w.dumps({**doc, "funds": funds, "indicators": rows})
        elif i % 3 == 1:
            lines = ["# 手工修改过的申报表"] + [f"{k} = {single(v)}  # {k}" for k, v in reversed(doc.items())]
            for row in rows:
                lines += ["", "[[indicators]]"] + [f"{k}={single(v)}" for k, v in reversed(row.items())]
            lines += ["", "[funds]"] + [f"{k} = {v}" for k, v in funds.items()]
            text = "\n".join(lines) + "\n"
        else:
            lines = [f"{k} = {basic(v)}" for k, v in doc.items()] + [f"funds = {inline(funds)}", "indicators = ["]
            lines += [f"    {inline(row)}," for row in rows] + ["]"]
            text = "\n".join(lines) + "\n"
        target = out / path.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int)
    parser.add_argument("out", type=Path)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.n, args.out, args.seed)
