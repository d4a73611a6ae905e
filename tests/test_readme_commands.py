"""Every command in README.md's ```sh blocks works as written: a newcomer's first hour has no papercuts.

What is executed, honestly:

- Each ```sh block runs in a fresh copy of the example project (mkdocs.yml, docs/, content/, schemas/, scripts/,
  tests/, pyproject.toml), its commands in order, so `ska new-year` writes into the copy, never the checkout.
- ``.venv/bin/X`` is X beside the interpreter running the tests (the environment `scripts/run.py` makes is that
  interpreter's in CI), and ``python3`` is that interpreter. ``VAR=value`` before a command is its environment.
- Run as written, exit code 0: every `ska` command (validate, new-year, diff, init, …) except `ska rapport`,
  and `scripts/make_example_content.py --check`.
- Served: `mkdocs serve --livereload` as written, with ``--dev-addr`` on a free port added; the test waits until
  the start page answers, then stops it. `scripts/run.py serve` likewise, through run.py's own `main` with only
  its environment setup (making .venv/ and installing into it) replaced by the test's interpreter.
- A cheaper run of the same command: `scripts/run.py test` (also with `-m "not slow"`) runs one test file
  (tests/test_formatting.py), not the whole suite; `generate_content.py` 3 units and 2 school years into the
  copy instead of 600 × 5 into /tmp/stor; `benchmark_validate.py` 5 units, 1 year, 1 run.
- Run as written on a recorded file: `ska import skolverket|kolada FIL --dry-run`, with the test's recorded
  Skolverket CSV or Kolada answer (tests/fixtures/imports/) saved under the README's file name first. A
  `> FIL` at the end of a command writes its output to that file, as the shell would.
- Only their arguments checked, with the program's own argument parser, as written: `ska rapport` (needs
  Chromium; tests/test_report.py makes the PDF), `ska hämta kolada` (needs the internet; tests/test_imports.py
  runs it against recorded answers) and `scripts/benchmark_site.py` (builds sites for minutes).
- Not run here: `pip install -e '.[pdf]'` (changes the environment; the test checks the extra exists),
  `apt-get install chromium` (installs system software), `pip install properdocs` and `properdocs …`
  (tests/test_generators.py installs and runs it), `pip wheel . --no-deps` (tests/test_wheel.py builds it).

A command of a shape not listed here fails `test_every_command_is_recognised`: add it to ``RULES``.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # about a minute: it serves the example site twice and runs a test file

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SH_BLOCK = re.compile(r"^( *)```sh\n(.*?)^\1```", re.S | re.M)
# run.py's main, with its environment setup (a .venv/ with everything installed) replaced by this interpreter.
RUN_PY = ("import pathlib, sys; sys.path.insert(0, 'scripts'); import run; "
          "run.ensure_environment = lambda: pathlib.Path(sys.executable); sys.exit(run.main(sys.argv[1:]))")

RUN, SERVE, CHEAP, ARGS, NOT_RUN, SAVED = "run", "serve", "cheap", "args", "not run", "saved"
FIXTURES = REPO / "tests" / "fixtures" / "imports"
RULES = [  # (pattern over the command as written, how it is tested, the cheaper command or the reason)
    (r"python3 scripts/run\.py serve", SERVE, ["python3", "-c", RUN_PY, "serve"]),
    (r"python3 scripts/run\.py test", CHEAP,
     ["python3", "-c", RUN_PY, "test", "-q", "-p", "no:cacheprovider", "tests/test_formatting.py"]),
    (r"python3 scripts/run\.py test -m not slow", CHEAP,
     ["python3", "-c", RUN_PY, "test", "-q", "-p", "no:cacheprovider", "-m", "not slow",
      "tests/test_formatting.py"]),
    (r"(SKA_PREVIEW=\S+ )?\.venv/bin/mkdocs serve --livereload", SERVE, None),
    (r"\.venv/bin/ska rapport .*", ARGS, "ska"),
    (r"\.venv/bin/ska hämta kolada .*", ARGS, "ska"),
    (r"\.venv/bin/ska import skolverket \S+ --dry-run", SAVED, FIXTURES / "skolverket-ak9.csv"),
    (r"\.venv/bin/ska import kolada \S+ --dry-run", SAVED, FIXTURES / "kolada-ou-N15505.json"),
    (r"\.venv/bin/ska .*", RUN, None),
    (r"\.venv/bin/python scripts/make_example_content\.py --check", RUN, None),
    (r"\.venv/bin/python scripts/generate_content\.py \S+ --units \d+ --years \d+", CHEAP,
     [".venv/bin/python", "scripts/generate_content.py", "stor", "--units", "3", "--years", "2"]),
    (r"\.venv/bin/python scripts/benchmark_validate\.py", CHEAP,
     [".venv/bin/python", "scripts/benchmark_validate.py", "--units", "5", "--years", "1", "--runs", "1"]),
    (r"\.venv/bin/python scripts/benchmark_site\.py.*", ARGS, "benchmark_site"),
    (r"\.venv/bin/pip install -e \.\[pdf\]", NOT_RUN, "pdf-extra"),
    (r"apt-get install chromium", NOT_RUN, "installs system software"),
    (r"\.venv/bin/pip install properdocs|\.venv/bin/properdocs .*", NOT_RUN, "test_generators.py"),
    (r"\.venv/bin/python -m pip wheel \. --no-deps -w \S+", NOT_RUN, "test_wheel.py"),
]


def blocks() -> list[list[list[str]]]:
    """Each ```sh block of README.md as its commands, each command as its words (comments dropped; `a && b`
    is two commands)."""
    out = []
    for match in SH_BLOCK.finditer((REPO / "README.md").read_text("utf-8")):
        commands = []
        for line in match.group(2).splitlines():
            words = shlex.split(line, comments=True)
            while words:
                cut = words.index("&&") if "&&" in words else len(words)
                commands.append(words[:cut])
                words = words[cut + 1:]
        out.append(commands)
    return out


def rule(words: list[str]):
    text = " ".join(words)
    for pattern, how, detail in RULES:
        if re.fullmatch(pattern, text):
            return how, detail
    return None


def test_every_command_is_recognised():
    commands = [words for block in blocks() for words in block]
    assert len(commands) >= 15, "the README's ```sh blocks were not found"
    unknown = [" ".join(words) for words in commands if rule(words) is None]
    assert not unknown, f"README commands this test does not know how to run; add them to RULES: {unknown}"


def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the example project, as a clone would have it (no .venv/, no site/)."""
    root = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__", ".cache", "site")
    for folder in ("docs", "schemas", "content", "scripts", "tests"):
        shutil.copytree(REPO / folder, root / folder, ignore=ignore)
    for name in ("mkdocs.yml", "pyproject.toml"):
        shutil.copy(REPO / name, root / name)
    return root


def as_run(words: list[str]) -> tuple[list[str], dict[str, str]]:
    """The command's words for this machine, and its environment: VAR=value in front goes into it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    while words and re.fullmatch(r"[A-Z_]+=\S*", words[0]):
        key, value = words[0].split("=", 1)
        env[key] = value
        words = words[1:]
    first = words[0]
    if first == "python3":
        first = sys.executable
    elif first.startswith(".venv/bin/"):
        first = str(BIN / first.removeprefix(".venv/bin/"))
    return [first, *words[1:]], env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(words: list[str], cwd: Path) -> None:
    """Start the server as written (on a free port), wait for the start page, stop it and what it started."""
    port = free_port()
    argv, env = as_run([*words, "--dev-addr", f"127.0.0.1:{port}"])
    log = cwd / f"serve-{port}.log"
    with open(log, "wb") as out:
        server = subprocess.Popen(argv, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)  # its own process group: run.py starts a child
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            assert server.poll() is None, f"{words} stopped:\n{log.read_text(errors='replace')[-3000:]}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as answer:
                    assert answer.status == 200 and b"<title>" in answer.read()
                    return
            except OSError:
                time.sleep(1)
        pytest.fail(f"{words} did not answer in time:\n{log.read_text(errors='replace')[-3000:]}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run(words: list[str], cwd: Path) -> None:
    target = None
    if len(words) > 2 and words[-2] == ">":  # the output into a file, as the shell does
        words, target = words[:-2], cwd / words[-1]
    argv, env = as_run(words)
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, f"{' '.join(words)} → {done.returncode}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    if target is not None:
        assert done.stdout.strip(), f"{' '.join(words)} wrote nothing to {target.name}"
        target.write_text(done.stdout, "utf-8")


def arguments_accepted(words: list[str], program: str) -> None:
    """The words as written go through the program's own parser (argparse exits on what it does not accept)."""
    if program == "ska":
        from ska.cli import parser
        parser().parse_args(words[1:])
    else:
        sys.path.insert(0, str(REPO / "scripts"))
        try:
            module = __import__(program)
        finally:
            sys.path.remove(str(REPO / "scripts"))
        module.parser().parse_args(words[2:])


def not_run(detail: str) -> None:
    if detail == "pdf-extra":
        assert "pdf" in tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["optional-dependencies"]
    elif detail.endswith(".py"):
        assert (REPO / "tests" / detail).is_file(), f"tests/{detail} runs this command"


@pytest.mark.parametrize("number", range(len(blocks())), ids=lambda n: f"block{n + 1}")
def test_each_block_runs_as_written(tmp_path, number):
    cwd = workspace(tmp_path)
    for words in blocks()[number]:
        how, detail = rule(words)
        if how == RUN:
            run(words, cwd)
        elif how == CHEAP:
            run(detail, cwd)
        elif how == SERVE:
            serve(detail or words, cwd)
        elif how == SAVED:
            shutil.copy(detail, cwd / words[3])
            run(words, cwd)
        elif how == ARGS:
            arguments_accepted(words, detail)
        else:
            not_run(detail)


def test_ska_init_as_written_makes_a_project_beside_the_repository(tmp_path):
    """The README's `ska init` line, run in a clone, makes ../exempel-kommun with the municipality's name."""
    line = next(words for block in blocks() for words in block if words[:2] == [".venv/bin/ska", "init"])
    run(line, workspace(tmp_path))
    folder = tmp_path / line[2].removeprefix("../")
    assert line[4] in (folder / "mkdocs.yml").read_text("utf-8")
