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
	@echo "== 2023 年的申报表：2021 版指标体系（成本指标为一级指标），预算系统导出的运算符/指标值/单位分列 =="
	$(BIN)/jixiao import examples/water-2023.txt --into $(DEMO_STORE_2023)
	$(BIN)/jixiao show "$(DEMO_STORE_2023)/农村饮水安全工程维修养护.toml"
	$(BIN)/jixiao lint $(DEMO_STORE_2023) || [ $$? -eq 1 ]
	@echo
	@echo "演示完成：示例已导入 $(DEMO_STORE) 和 $(DEMO_STORE_2023)，已检查并起草修改建议（建议经审核接受前不会写入申报表）。"
	@echo "逐条审核建议：  $(BIN)/jixiao review $(DEMO_STORE)"
	@echo "列出全部建议：  $(BIN)/jixiao review $(DEMO_STORE) --list"
	@echo "打开终端界面：  $(BIN)/jixiao edit $(DEMO_STORE)   （或 make tui）"

tui: $(STAMP)
	@[ -d $(DEMO_STORE) ] || $(BIN)/jixiao import examples/xixia-2020.txt --into $(DEMO_STORE)
	$(BIN)/jixiao edit $(DEMO_STORE)

test: $(STAMP)
	$(BIN)/python -m pytest

clean:
	rm -rf $(VENV) build .pytest_cache .hypothesis
