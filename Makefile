# Two commands on a fresh machine with Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_STORE := build/demo-store

.PHONY: demo test tui install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("jixiao needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

demo: $(STAMP)
	rm -rf $(DEMO_STORE)
	$(BIN)/jixiao import examples/xixia-2020.txt --into $(DEMO_STORE)
	$(BIN)/jixiao show "$(DEMO_STORE)/机关党建经费.toml"
	$(BIN)/jixiao lint $(DEMO_STORE) --statistics || [ $$? -eq 1 ]
	$(BIN)/jixiao lint "$(DEMO_STORE)/机关党建经费.toml" || [ $$? -eq 1 ]
	$(BIN)/jixiao suggest $(DEMO_STORE) --engine rules
	@echo
	@echo "Review the suggestions one by one:  $(BIN)/jixiao review $(DEMO_STORE)"
	@echo "List them all:                     $(BIN)/jixiao review $(DEMO_STORE) --list"

tui: $(STAMP)
	@[ -d $(DEMO_STORE) ] || $(BIN)/jixiao import examples/xixia-2020.txt --into $(DEMO_STORE)
	$(BIN)/jixiao edit $(DEMO_STORE)

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis
