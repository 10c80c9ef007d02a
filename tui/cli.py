"""The `jixiao` command line: the parser and the way in; each command lives in tui/commands/."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

# jixiao uses no pydantic plugins; looking for them reads every installed package's metadata at
# the first model built (a tenth of a one-file lint). Set before anything builds a model.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

from store.errors import StoreError, os_reason  # noqa: E402

from .commands import COMMANDS, add_parser, command_module  # noqa: E402
from .commands.common import EXIT_OK, EXIT_USAGE, Parser, fail  # noqa: E402
from .crash import jixiao_version, log_crash  # noqa: E402


def build_parser(argv: list[str] | None = None) -> Parser:
    """The parser; of the commands only the one in `argv` (all when None) is imported and given
    its options, the others are listed for `--help`."""
    parser = Parser(prog="jixiao", description="jixiao（绩效）：项目支出预算绩效目标申报表的整理、检查与改写工具。")
    parser.add_argument("--version", action="version", version=f"jixiao {jixiao_version()}", help="显示版本并退出")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=Parser)
    wanted = next((a for a in argv if not a.startswith("-")), None) if argv is not None else None
    for name in COMMANDS:
        if argv is None or name == wanted:
            command_module(name).add(commands)
        else:
            add_parser(commands, name)
    return parser


def _inside_store(folder: Path) -> bool:
    return (folder / "jixiao.toml").is_file() or any(folder.glob("*.toml"))


def main(argv: list[str] | None = None) -> int:
    given = sys.argv[1:] if argv is None else argv
    parser = build_parser(given)
    args = parser.parse_args(given)
    if not getattr(args, "run", None):
        if argv is None and sys.stdin.isatty() and _inside_store(Path.cwd()):
            args.store = Path.cwd()
            return command_module("edit").run(args)  # `jixiao` with no command inside a store opens the app
        parser.print_help()
        return EXIT_USAGE
    try:
        return args.run(args)
    except KeyboardInterrupt:
        fail("已中断")
        return 130
    except BrokenPipeError:
        # The reader (`| head`) went away; say nothing more and leave quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except StoreError as exc:  # a command that let one through: still one line
        fail(exc)
        return EXIT_USAGE
    except OSError as exc:
        fail(f"{exc.filename or ''}：{os_reason(exc)}" if exc.filename else os_reason(exc))
        return EXIT_USAGE
    except Exception:  # a bug: the user gets one line and where the details are, never a traceback
        fail(f"内部错误，未完成：{_log_crash(args)}")
        return EXIT_USAGE


def _log_crash(args) -> str:
    given = next((p for p in (getattr(args, n, None) for n in ("path", "store", "into")) if isinstance(p, Path)), None)
    if given is None:
        paths = getattr(args, "paths", None) or []
        given = paths[0] if paths else None
    return log_crash(traceback.format_exc(), given)


if __name__ == "__main__":
    sys.exit(main())
