"""`jixiao rule`: what a rule means, with a bad and a good example"""

from __future__ import annotations

from drafting.lint import RULES
from drafting.lint.docs import rule_text

from . import add_parser
from .common import EXIT_OK, EXIT_USAGE, fail


def add(commands) -> None:
    p = add_parser(commands, "rule", description="显示一条规则的说明（含反例、正例）；不带代码时列出全部规则。")
    p.add_argument("code", nargs="?", metavar="CODE", help="规则代码，如 JX301")
    p.set_defaults(run=run)


def run(args) -> int:
    if args.code is None:
        for code in sorted(RULES):
            rule = RULES[code]
            print(f"{code}  {rule.severity.label}  {rule.title}")
        return EXIT_OK
    code = args.code.upper()
    if code not in RULES:
        fail(f"未知的规则代码：{args.code}（jixiao rule 可列出全部规则）")
        return EXIT_USAGE
    print(rule_text(code), end="")
    return EXIT_OK
