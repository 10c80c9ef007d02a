"""Lint quality on the annotated corpus (tests/corpus): what a careful reviewer flags, against what
jixiao finds.

    python benchmarks/quality.py [--details]

The corpus (text files, and workbooks/documents its build.py writes) is imported into a temporary
store and linted with the default settings. Its ground truth (tests/corpus/truth.toml, written
before the tool was run) lists each form's defects by row and category, and its quantified goal
tasks. Figures:

- recall per category: defects for which a finding of that category's rules lands on the defect's
  row (or on the whole form);
- precision: errors and warnings that land on a real defect (a row, or a form, the truth marks);
- false errors/warnings on the forms the truth calls clean;
- JX501 precision: its findings that name a goal task the truth marks as not covered.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import tomllib
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafting.lint import LintConfig, Severity, lint_paths  # noqa: E402
from store import Store  # noqa: E402
from store.importing.importer import import_files  # noqa: E402

from benchmarks import years  # noqa: E402

CORPUS = ROOT / "tests" / "corpus"
HOLDOUT = CORPUS / "holdout"  # written blind by another helper and never used to tune the linter

# The reviewer's categories and the rules that answer each.
CATEGORIES = {
    "structure": ("JX101", "JX102", "JX103", "JX104", "JX105", "JX106"),
    "placeholder": ("JX201",),
    "name_is_project": ("JX202",),
    "duplicate_name": ("JX203",),
    "long_name": ("JX204",),
    "copy": ("JX205",),
    "vague": ("JX301",),
    "percent_in_quantity": ("JX302",),
    "not_deadline": ("JX303",),
    "target_in_name": ("JX304",),
    "satisfaction_not_percent": ("JX305",),
    "impossible_value": ("JX306",),
    "missing_unit": ("JX307",),
    "cost_operator": ("JX308",),
    "cost_sum": ("JX401",),
    "cost_not_money": ("JX402",),
    "unit_confusion": ("JX404",),
    "goal_amount": ("JX403",),
    "deadline_after_period": ("JX107",),
    "uncovered_task": ("JX501",),
    "money_as_output": ("JX502",),
}
# Defects of the whole form: a finding on one of its rows is not thereby on a defect.
FORM_CATEGORIES = {"copy", "uncovered_task", "goal_amount", "cost_sum", "structure"}
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(万|亿)?")


def corpus_files(out: Path) -> list[Path]:
    """The corpus's text files, and its binary files written by its build.py into `out`."""
    import importlib.util

    # Loaded from its file under its own name: "build" alone would be any module of that name.
    spec = importlib.util.spec_from_file_location("corpus_build", CORPUS / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.build(out)
    return sorted((CORPUS / "text").glob("*.txt")) + sorted(p for p in out.iterdir() if p.suffix in (".xlsx", ".docx"))


def truth(corpus: Path = CORPUS) -> dict[str, dict]:
    with open(corpus / "truth.toml", "rb") as handle:
        return {form["project"]: form for form in tomllib.load(handle)["form"]}


def numbers_in(text: str) -> set[float]:
    return {float(n) * (10_000 if w == "万" else 100_000_000 if w == "亿" else 1) for n, w in _NUMBER.findall(text)}


def evaluate(store: Path, corpus: Path = CORPUS) -> dict:
    forms = truth(corpus)
    run = lint_paths([store], LintConfig())
    by_path = {str(p): Store(p).load(p).declaration.project for p in Store(store).files()}
    findings = defaultdict(list)  # project → findings
    for f in run.findings:
        findings[by_path.get(f.path, f.project)].append(f)
    missing = sorted(set(forms) - set(by_path.values()))

    found, total = Counter(), Counter()
    misses, wrong = [], []
    false_on_clean = 0
    jx501 = Counter()
    copied = {project for project, form in forms.items() for d in form.get("defect", []) if d["category"] == "copy"}
    copied |= {d["of"] for form in forms.values() for d in form.get("defect", []) if d["category"] == "copy"}
    for project, form in forms.items():
        got = findings.get(project, [])
        defects = form.get("defect", [])
        marked_rows = {d["row"] - 1 for d in defects if d["row"] > 0}
        # A row defect marked on the whole form ("1" in every row): every row is defective.
        every_row = any(d["row"] == 0 and d["category"] not in FORM_CATEGORIES for d in defects)
        for d in defects:
            codes = CATEGORIES[d["category"]]
            total[d["category"]] += 1
            row = d["row"] - 1
            hit = any(f.code in codes and (f.indicator is None or row < 0 or f.indicator == row) for f in got)
            found[d["category"]] += hit
            if not hit:
                misses.append(f"{project} 第{d['row']}行 {d['category']}（{d.get('note', '')[:40]}）")
        form_level = any(d["row"] == 0 for d in defects)
        uncovered = [t for t in form.get("task", []) if not t["covered"]]
        for f in got:
            if f.code == "JX501":
                named = numbers_in(f.message)
                ok = any(t["number"] in named for t in uncovered)
                jx501[ok] += 1
                if not ok:
                    wrong.append(f"{project} JX501 {f.message}")
                continue
            if f.severity not in (Severity.ERROR, Severity.WARNING):
                continue
            lands = (every_row or f.indicator in marked_rows) if f.indicator is not None else form_level
            if f.code == "JX205":  # both forms of a copied pair are flagged, and both are the pair
                lands = project in copied
            if not lands:
                wrong.append(f"{project} {'第' + str(f.indicator + 1) + '行 ' if f.indicator is not None else ''}"
                             f"{f.code} {f.message[:60]}")
            found["_precise"] += lands
            total["_flagged"] += 1
            if form["clean"] and not lands:  # (JX205 on the original of a copied pair lands)
                false_on_clean += 1
    return {"found": found, "total": total, "misses": misses, "wrong": wrong, "false_on_clean": false_on_clean,
            "jx501": jx501, "missing": missing, "forms": len(forms), "errors": run.errors,
            "clean": sum(f["clean"] for f in forms.values())}


_TIME = re.compile(r"\d{1,2}\s*月|[一二三四1-4]季度|上半年|下半年")


def suggestion_figures(store: Path, corpus: Path = CORPUS, engine: str = "rules", llm=None) -> dict:
    """An engine's drafts against the truth (issue 13's measures; the offline engine by default,
    `llm` an LLMEngine for benchmarks/llm_quality.py):

    - coverage: uncovered goal tasks for which a suggestion with that number (万 applied), unit,
      operator and 二级 is queued;
    - wrong: a task's number under the wrong 二级 or operator; an added row the form already has
      (a covered task's number, or a name close to one of its rows); an added number that is no
      task of the goal; a deadline of the row lost; a row the truth calls sound rewritten or removed;
    - invented: numbers in a proposal that the form does not contain;
    - proposed: flagged rows (row defects of the truth) that receive a proposal of their own;
    - model_fills: fill-ins an LLM proposed a number for (to be checked), and how many cite the goal.
    """
    from rapidfuzz import fuzz

    from drafting.suggestions import suggest_paths
    from drafting.suggestions.provenance import allowed_numbers, foreign_numbers
    from drafting.suggestions.rules_engine import money_text
    from drafting.lint.view import FormView
    from store.values import parse_value

    forms = truth(corpus)
    run = suggest_paths([store], engine, llm=llm)
    queued = {f.project: (f.path, f.queued) for f in run.forms}
    figures = dict.fromkeys(("tasks", "covered", "suggestions", "fill_in", "invented", "wrong", "rows", "proposed",
                             "model_fills", "cited"), 0)
    wrong, uncovered_misses, unproposed = [], [], []
    for project, form in forms.items():
        path, suggestions = queued.get(project, (None, []))
        if path is None:
            continue
        declaration = Store(Path(path).parent).load(Path(path)).declaration
        view = FormView(path, declaration)
        rows = declaration.indicators
        tasks = form.get("task", [])
        defects = form.get("defect", [])
        every_row = any(d["row"] == 0 and d["category"] not in FORM_CATEGORIES for d in defects)
        flagged = set(range(len(rows))) if every_row else {d["row"] - 1 for d in defects if d["row"] > 0}
        allowed = allowed_numbers(view)

        def says(s, task):
            return s.after and task["number"] in numbers_in(s.after.value) and task["unit"] in s.after.value

        def fits(s, task):
            """The right 二级 and operator; a standard of the goal ("每人每月90元", ＝) may be a cap (≤)."""
            op = parse_value(s.after.value).op
            written = op.value if op else "≤" if s.after.value.endswith(("前", "内")) else ""
            money = "元" in task["unit"] and task["operator"] == "＝" and written == "≤"
            return s.after.level2 == task["level2"] and (written == task["operator"] or money)

        for task in tasks:
            if task["covered"]:
                continue
            figures["tasks"] += 1
            hit = any(says(s, task) and fits(s, task) for s in suggestions)
            figures["covered"] += hit
            if not hit:
                uncovered_misses.append(f"{project}: {task['text']}")
        for s in suggestions:
            figures["suggestions"] += 1
            figures["fill_in"] += s.fill_in
            figures["model_fills"] += bool(s.model_fill)
            figures["cited"] += bool(s.model_fill and s.model_fill.evidence)
            label = f"{project} [{s.kind} {'' if s.indicator is None else s.indicator + 1}] " \
                    f"{s.before and s.before.name}→{s.after and (s.after.name + ' ' + s.after.value)}"
            if s.after and foreign_numbers(s.after, allowed, declaration.goal):
                figures["invented"] += 1
                wrong.append(f"invented: {label}")
            problem = ""
            for task in tasks:
                if says(s, task) and not fits(s, task):
                    problem = f"wrong 二级/operator (truth {task['level2']} {task['operator']})"
            if s.kind == "add" and not problem:
                if any(says(s, t) and t["covered"] for t in tasks):
                    problem = "duplicate: the form measures this already"
                elif any(r.level2 == s.after.level2 and fuzz.ratio(r.name, s.after.name) >= 85 for r in rows):
                    problem = "duplicate: a row with that name exists"
                elif not s.fill_in and not any(says(s, t) for t in tasks) and \
                        s.after.value.lstrip("≤") != money_text(declaration.funds.total):
                    problem = "not a task of the goal"
            if s.kind != "add" and s.indicator not in flagged and not s.group:
                problem = problem or "rewrites a row the truth calls sound"
            if s.kind == "replace" and s.before and _TIME.search(s.before.name + s.before.value) and \
                    not _TIME.search(s.after.value) and not s.after.blank:
                problem = problem or "loses the row's own deadline"
            if problem:
                figures["wrong"] += 1
                wrong.append(f"{problem}: {label}")
        for row in sorted(flagged):
            figures["rows"] += 1
            got = any(s.indicator == row and s.kind != "add" for s in suggestions)
            figures["proposed"] += got
            if not got and row < len(rows):
                unproposed.append(f"{project} 第{row + 1}行 {rows[row].level2}｜{rows[row].name}｜{rows[row].value}")
    return {**figures, "wrong_list": wrong, "uncovered_misses": uncovered_misses, "unproposed": unproposed,
            "notes": sum(len(f.notes) for f in run.forms), "forms": len(run.forms), "failures": run.failures,
            "llm": run.llm}


def coverage_sweep(store: Path, corpus: Path = CORPUS) -> dict:
    """Coverage on every goal task of the truth, not only the few left uncovered: each covered task's
    row is taken out of its form, and the engine must draft that task back (number, unit, operator,
    二级). Returns the counts and the misses."""
    from drafting.lint import lint_forms
    from drafting.lint.view import FormView
    from drafting.suggestions.rules_engine import RulesEngine
    from drafting.suggestions.validate import problems
    from store.values import parse_value

    forms = truth(corpus)
    engine = RulesEngine()
    tasks = drafted = 0
    misses = []
    for path in Store(store).files():
        declaration = Store(path.parent).load(path).declaration
        form = forms.get(declaration.project)
        if not form:
            continue
        for task in form.get("task", []):
            if not task["covered"] or task["row"] <= 0 or task["row"] > len(declaration.indicators):
                continue
            tasks += 1
            rows = [r for i, r in enumerate(declaration.indicators) if i != task["row"] - 1]
            view = FormView(str(path), declaration.model_copy(update={"indicators": rows}))
            found = lint_forms([view], LintConfig())
            ok = False
            for s in engine.draft(view, found).suggestions:
                a = s.after
                if not a or task["number"] not in numbers_in(a.value) or task["unit"] not in a.value:
                    continue
                op = parse_value(a.value).op
                written = op.value if op else "≤" if a.value.endswith(("前", "内")) else ""
                fits = written == task["operator"] or ("元" in task["unit"] and task["operator"] == "＝" and written == "≤")
                if a.level2 == task["level2"] and fits and not problems(view, s):
                    ok = True
            drafted += ok
            if not ok:
                misses.append(f"{declaration.project}: {task['text']} ({task['level2']} {task['operator']}"
                              f"{task['number']:g}{task['unit']})")
    return {"tasks": tasks, "drafted": drafted, "misses": misses}


def suggestion_table(d: dict) -> str:
    share = lambda a, b: f"{d[a] / max(d[b], 1):.0%}"  # noqa: E731
    return "\n".join([
        "| measure | value | target |", "|---|---|---|",
        f"| coverage (uncovered goal tasks drafted with number, unit, operator, 二级) | {d['covered']} of "
        f"{d['tasks']} ({share('covered', 'tasks')}) | ≥ 95% |",
        f"| wrong suggestions | {d['wrong']} of {d['suggestions']} | 0 |",
        f"| invented numbers | {d['invented']} | 0 |",
        f"| flagged rows given a proposal | {d['proposed']} of {d['rows']} ({share('proposed', 'rows')}) "
        f"| all |",
        f"| fill-in suggestions (target left to the office) | {d['fill_in']} | |",
    ])


def copy_detection(store: Path, edits=(0, 1, 2, 3, 4)) -> dict[int, float]:
    """JX205 against edit distance: each form copied under another project name with its rows
    reversed and `k` characters of every row's name changed, linted among all the corpus forms;
    the share of copies caught, per k."""
    import random

    from drafting.lint import lint_forms
    from drafting.lint.view import FormView

    rng = random.Random(7)
    forms = [FormView(str(p), Store(p).load(p).declaration) for p in Store(store).files()]
    filler = "甲乙丙丁戊己庚辛壬癸天地玄黄宇宙洪荒"
    caught = {}
    for k in edits:
        hits = 0
        for original in forms:
            rows = [row.model_copy() for row in original.declaration.indicators]
            for row in rows:
                name = list(row.name)
                for position in rng.sample(range(len(name)), min(k, len(name))):
                    name[position] = rng.choice(filler)
                row.name = "".join(name)
            declaration = original.declaration.model_copy(update={
                "project": "照抄" + original.declaration.project[::-1], "indicators": rows[::-1]})
            copy = FormView("copy.toml", declaration)
            found = lint_forms([*forms, copy], LintConfig(select=["JX205"]))
            hits += any(f.path == "copy.toml" for f in found)
        caught[k] = hits / len(forms)
    return caught


def table(result: dict) -> str:
    found, total = result["found"], result["total"]
    lines = ["| category | defects | found | recall |", "|---|---|---|---|"]
    for category in CATEGORIES:
        if total[category]:
            lines.append(f"| {category} | {total[category]} | {found[category]} | "
                         f"{found[category] / total[category]:.0%} |")
    defects = sum(total[c] for c in CATEGORIES)
    caught = sum(found[c] for c in CATEGORIES)
    flagged = total["_flagged"]
    jx = result["jx501"]
    lines += [
        f"| **all** | {defects} | {caught} | **{caught / max(defects, 1):.1%}** |",
        "",
        f"- precision (errors and warnings on a real defect): **{found['_precise'] / max(flagged, 1):.1%}** "
        f"({found['_precise']} of {flagged})",
        f"- false errors/warnings on the {result['clean']} clean forms: **{result['false_on_clean']}**",
        f"- JX501 precision (names a goal task left uncovered): **{jx[True] / max(jx[True] + jx[False], 1):.0%}** "
        f"({jx[True]} of {jx[True] + jx[False]})",
    ]
    if result["missing"]:
        lines.append(f"- forms not imported: {', '.join(result['missing'])}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every miss and every wrong finding")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        files = corpus_files(Path(folder) / "binary")
        store = Path(folder) / "store"
        report = import_files(files, store)
        for error in report.errors:
            print(f"import: {error}", file=sys.stderr)
        result = evaluate(store)
        detection = copy_detection(store)
        drafts = suggestion_figures(store)
        sweep = coverage_sweep(store)
        held = Path(folder) / "holdout"
        report = import_files(sorted((HOLDOUT / "text").glob("*.txt")), held)
        for error in report.errors:
            print(f"import: {error}", file=sys.stderr)
        holdout = evaluate(held, HOLDOUT)
        held_drafts = suggestion_figures(held, HOLDOUT)
    print(f"{result['forms']} forms, {len(files)} files\n")
    print(table(result))
    print("\nOffline suggestions (rules engine with the indicator library), corpus:\n")
    print(suggestion_table(drafts))
    print(f"\nCoverage on every goal task (each covered task's row taken out, the engine must draft it back): "
          f"**{sweep['drafted']} of {sweep['tasks']}** ({sweep['drafted'] / max(sweep['tasks'], 1):.0%})")
    print(f"\nHeld-out corpus ({holdout['forms']} forms, tests/corpus/holdout: never used for tuning):\n")
    print(table(holdout))
    print("\nOffline suggestions, held-out corpus:\n")
    print(suggestion_table(held_drafts))
    print("\nJX205 against edit distance (every form copied with its rows reversed and k characters of each name"
          " changed; share caught):\n")
    print("| k | " + " | ".join(map(str, detection)) + " |\n|---|" + "---|" * len(detection))
    print("| caught | " + " | ".join(f"{share:.0%}" for share in detection.values()) + " |")
    year_result = years.evaluate()
    print("\nYear over year (tests/corpus/years: 2023 and 2024 stores, 14 pairs, 4 forms on one side only;"
          " `jixiao diff` and `lint --previous`):\n")
    print(years.table(year_result))
    if args.details:
        for key in ("misses", "wrong"):
            print(f"\nyear over year, {key}:\n" + "\n".join(f"  {m}" for m in year_result[key]))
        print("\ncoverage sweep, not drafted back:\n" + "\n".join(f"  {m}" for m in sweep["misses"]))
        for name, r in (("corpus", result), ("held-out", holdout)):
            print(f"\n{name}, missed:\n" + "\n".join(f"  {m}" for m in r["misses"]))
            print(f"\n{name}, wrong:\n" + "\n".join(f"  {w}" for w in r["wrong"]))
        for name, d in (("corpus", drafts), ("held-out", held_drafts)):
            for key in ("uncovered_misses", "wrong_list", "unproposed"):
                print(f"\n{name} suggestions, {key}:\n" + "\n".join(f"  {w}" for w in d[key]))


if __name__ == "__main__":
    main()
