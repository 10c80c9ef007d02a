"""One module per command: each adds its parser (`add`) and runs it (`run`).

A command's module is imported only when that command is run or its help is asked for: `jixiao lint
ONE.toml` should not import the app, the importers and the LLM client.
"""

from importlib import import_module

# name → (its module, its line in `jixiao --help`), in the order `jixiao --help` lists them.
COMMANDS = {
    "import": ("import_forms", "导入申报表（文本、.csv、.xlsx 或 .docx），每张表写成一个 TOML 文件"),
    "export": ("export", "导出存储中的全部申报表（文本或 .xlsx）"),
    "lint": ("lint", "检查申报表：模糊、照抄、占位、缺项、金额不符等"),
    "diff": ("diff", "对比两个年度或两轮修改的申报表：逐条列出指标、资金和检查问题的变化"),
    "rule": ("rule", "显示规则说明"),
    "suggest": ("suggest", "检查并起草可度量的指标建议，放入待审核队列"),
    "review": ("review", "逐条审核建议：接受、拒绝、修改"),
    "undo": ("undo", "撤销对申报表的上一次修改"),
    "edit": ("edit", "打开终端编辑界面"),
    "show": ("show", "以表格形式显示一张申报表"),
}


def command_module(name: str):
    return import_module(f".{COMMANDS[name][0]}", __name__)


def add_parser(commands, name: str, **settings):
    """A command's parser, with the help line `jixiao --help` shows for it."""
    return commands.add_parser(name, help=COMMANDS[name][1], **settings)
