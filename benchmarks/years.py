"""Year-over-year quality on the annotated two-year corpus (tests/corpus/years): how well `jixiao
diff` pairs forms and rows and names each row's change, and how the JX6xx rules match the findings
a reviewer writes. Run by benchmarks/quality.py, or alone: `python benchmarks/years.py [--details]`.

Figures:
- forms: pairs found that the truth has (precision) and pairs of the truth found (recall); forms
  rightly left unmatched;
- rows: of the truth's row entries (every row of both forms of a found pair), the share paired
  exactly as the truth pairs them; of those, the share with the truth's change (same, renamed,
  retargeted, …); of the retargeted ones, the share with the truth's direction (a stronger or
  weaker target);
- findings per rule: precision and recall against the truth's findings.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafting.compare.diff import diff_forms  # noqa: E402
from drafting.lint import LintConfig, lint_paths  # noqa: E402
from drafting.lint.runner import load_forms  # noqa: E402
from store.importing.importer import import_files  # noqa: E402

YEARS = ROOT / "tests" / "corpus" / "years"
RULE_OF = {"unchanged": "JX601", "target_lowered": "JX602", "unit_cost_up": "JX603", "dropped": "JX604"}
# The truth's direction is the target's strength; the diff says it as `stricter`.
STRICTER = {"higher": True, "lower": False, "changed": None}


def _store(folder: Path, year: str) -> Path:
    store = folder / year
    report = import_files(sorted((YEARS / year).glob("*.txt")), store)
    for error in report.errors:
        print(f"import: {error}", file=sys.stderr)
    return store


def evaluate(corpus: Path = YEARS) -> dict:
    with open(corpus / "truth.toml", "rb") as handle:
        truth = tomllib.load(handle)
    with tempfile.TemporaryDirectory() as folder:
        old, new = _store(Path(folder), "2023"), _store(Path(folder), "2024")
        (old_forms, _), (new_forms, _) = load_forms([old]), load_forms([new])
        result = diff_forms(old_forms, new_forms)
        config = LintConfig(select=["JX6"], previous=str(old))
        findings = list(lint_paths([new], config).findings)
    rows_by_project = {(f.declaration.project): f.declaration.indicators for f in old_forms}
    pairs = {(d.old_project, d.new_project): d for d in result.forms}
    expected = {(p["old_project"], p["new_project"]) for p in truth["pair"]}
    unmatched = {(u["side"], u["project"]) for u in truth.get("unmatched", [])}
    found_unmatched = {("old", e.project) for e in result.only_old} | {("new", e.project) for e in result.only_new}
    out = {"pairs_found": len(pairs), "pairs_true": len(expected), "pairs_right": len(expected & set(pairs)),
           "unmatched_true": len(unmatched), "unmatched_right": len(unmatched & found_unmatched),
           "rows": 0, "rows_paired": 0, "changes_right": 0, "retargeted": 0, "directions_right": 0,
           "misses": [], "wrong": []}
    out["wrong"] += [f"pair not in truth: {a} → {b}" for a, b in set(pairs) - expected]
    out["misses"] += [f"pair missed: {a} → {b}" for a, b in expected - set(pairs)]
    out["misses"] += [f"not left unmatched: {side} {project}" for side, project in unmatched - found_unmatched]
    for p in truth["pair"]:
        diff = pairs.get((p["old_project"], p["new_project"]))
        if diff is None:
            continue
        got = {((r.old_indicator + 1) if r.old_indicator is not None else 0,
                (r.new_indicator + 1) if r.new_indicator is not None else 0): r for r in diff.rows}
        for row in p["row"]:
            out["rows"] += 1
            mine = got.get((row["old"], row["new"]))
            if mine is None:
                out["misses"].append(f"{p['new_project']}: rows {row['old']}→{row['new']} ({row['change']}) not paired so")
                continue
            out["rows_paired"] += 1
            if mine.change != row["change"]:
                out["wrong"].append(f"{p['new_project']}: rows {row['old']}→{row['new']} {mine.change}, truth {row['change']}"
                                    f" ({mine.old_value} → {mine.new_value})")
                continue
            out["changes_right"] += 1
            if "direction" in row:
                out["retargeted"] += 1
                if mine.stricter == STRICTER[row["direction"]]:
                    out["directions_right"] += 1
                else:
                    out["wrong"].append(f"{p['new_project']}: row {row['new']} {mine.old_value} → {mine.new_value}: "
                                        f"stricter={mine.stricter}, truth {row['direction']}")
    # Findings: (project, code, row) for row findings; dropped rows by the old row's name in the message.
    want, have = Counter(), Counter()
    for p in truth["pair"]:
        for f in p.get("finding", []):
            code = RULE_OF[f["rule"]]
            if code == "JX604":
                name = rows_by_project[p["old_project"]][f["old_row"] - 1].name
                want[(p["new_project"], code, name)] += 1
            else:
                want[(p["new_project"], code, f["row"] - 1 if f["row"] else None)] += 1
    for f in findings:
        if f.code == "JX604":
            name = f.message.split("“", 1)[1].split("”", 1)[0]
            have[(f.project, f.code, name)] += 1
        else:
            have[(f.project, f.code, f.indicator)] += 1
    out["rules"] = {}
    for code in sorted(set(RULE_OF.values())):
        w = Counter({k: n for k, n in want.items() if k[1] == code})
        h = Counter({k: n for k, n in have.items() if k[1] == code})
        out["rules"][code] = (sum((w & h).values()), sum(h.values()), sum(w.values()))
        out["misses"] += [f"finding missed: {k}" for k in (w - h)]
        out["wrong"] += [f"finding not in truth: {k}" for k in (h - w)]
    return out


def _share(part: int, whole: int) -> str:
    return f"{part}/{whole} ({part / whole:.0%})" if whole else "—"


def table(r: dict) -> str:
    lines = ["| measure | result |", "|---|---|",
             f"| form pairs found that are right (precision) | {_share(r['pairs_right'], r['pairs_found'])} |",
             f"| form pairs of the truth found (recall) | {_share(r['pairs_right'], r['pairs_true'])} |",
             f"| forms rightly left unmatched | {_share(r['unmatched_right'], r['unmatched_true'])} |",
             f"| rows paired as the truth pairs them | {_share(r['rows_paired'], r['rows'])} |",
             f"| of those, the change named right | {_share(r['changes_right'], r['rows_paired'])} |",
             f"| of the retargeted, stronger/weaker right | {_share(r['directions_right'], r['retargeted'])} |",
             "", "| rule | precision | recall |", "|---|---|---|"]
    for code, (right, found, true) in r["rules"].items():
        lines.append(f"| {code} | {_share(right, found)} | {_share(right, true)} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--details", action="store_true", help="list every miss and every wrong answer")
    args = parser.parse_args()
    result = evaluate()
    print(table(result))
    if args.details:
        print("\nmissed:\n" + "\n".join(f"  {m}" for m in result["misses"]))
        print("\nwrong:\n" + "\n".join(f"  {w}" for w in result["wrong"]))


if __name__ == "__main__":
    main()
