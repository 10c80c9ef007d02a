# Two commands on a fresh machine with Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_STORE := build/demo-store
DEMO_STORE_2023 := build/demo-store-2023

.PHONY: demo test tui install clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("jixiao needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

demo: $(STAMP)
	rm -rf $(DEMO_STORE) $(DEMO_STORE_2023)
	$(BIN)/jixiao import examples/xixia-2020.txt --into $(DEMO_STORE)
	$(BIN)/jixiao show "$(DEMO_STORE)/机关党建经费.toml"
	$(BIN)/jixiao lint $(DEMO_STORE) --statistics || [ $$? -eq 1 ]
	$(BIN)/jixiao lint "$(DEMO_STORE)/机关党建经费.toml" || [ $$? -eq 1 ]
	$(BIN)/jixiao suggest $(DEMO_STORE) --engine rules
	@echo
	@echo "== 2023 forms in the 2021 framework (成本指标 as a 一级), split columns from a budget system =="
	$(BIN)/jixiao import examples/water-2023.txt --into $(DEMO_STORE_2023)
	$(BIN)/jixiao show "$(DEMO_STORE_2023)/农村饮水安全工程维修养护.toml"
	$(BIN)/jixiao lint $(DEMO_STORE_2023) || [ $$? -eq 1 ]
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
