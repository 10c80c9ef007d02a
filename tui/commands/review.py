"""`jixiao review`: decide on queued suggestions"""

from __future__ import annotations

from pathlib import Path

from store import StoreError

from .. import review
from . import add_parser
from .common import EXIT_OK, EXIT_USAGE, codes, fail


def add(commands) -> None:
    p = add_parser(commands, "review", description="逐条审核待审核的建议（y 接受，n 拒绝，e 修改后接受，s 跳过，a 接受本表其余，q 退出，? 帮助）。接受的修改以原子方式写入申报表，可用 jixiao undo 撤销。")
    p.add_argument("path", type=Path, metavar="PATH", help="申报表 TOML 文件或存储目录")
    p.add_argument("--list", action="store_true", help="列出待审核的建议")
    p.add_argument("--accept", nargs="+", default=[], metavar="ID", help="接受这些建议")
    p.add_argument("--reject", nargs="+", default=[], metavar="ID", help="拒绝这些建议")
    p.add_argument("--accept-all", action="store_true", help="接受全部待审核建议（大模型建议除外）")
    p.add_argument("--fill", nargs=2, action="append", default=[], metavar=("ID", "VALUE"),
                   help="填写填空建议的指标值并接受，如 --fill 8c089ae45d \"≥95%%\"")
    p.add_argument("--codes", metavar="CODES", help="与 --accept-all 同用：只接受回应这些规则的建议")
    p.set_defaults(run=run)


def run(args) -> int:
    if not args.path.exists():
        fail(f"{args.path}: 不存在")
        return EXIT_USAGE
    problems: list[StoreError] = []  # forms that could not be read or saved; the others are done
    try:
        if args.list:
            review.list_pending(args.path, problems)
        elif args.accept or args.reject or args.accept_all or args.fill:
            _, missing = review.bulk(args.path, args.accept, args.reject, args.accept_all, codes(args.codes), problems,
                                     fills=dict(args.fill))
            if missing:
                problems.append(f"没有找到这些待审核的建议：{'、'.join(missing)}")
        else:
            review.interactive(args.path, problems)
    except StoreError as exc:
        problems.append(exc)
    for problem in dict.fromkeys(map(str, problems)):  # a locked store is one problem, not one per form
        fail(problem)
    return EXIT_USAGE if problems else EXIT_OK
