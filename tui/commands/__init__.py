"""One module per command: each adds its parser (`add`) and runs it (`run`)."""

from . import edit, export, import_forms, lint, review, rule, show, suggest, undo

# In the order `jixiao --help` lists them.
COMMANDS = (import_forms, export, lint, rule, suggest, review, undo, edit, show)
