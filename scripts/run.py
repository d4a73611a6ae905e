#!/usr/bin/env python3
"""Set up (or reuse) the project's virtual environment, then serve, build or test.

    python3 scripts/run.py serve   # bygger och visar sajten på http://127.0.0.1:8000
    python3 scripts/run.py build   # bygger sajten till site/
    python3 scripts/run.py test    # kör alla tester

Only the standard library is used here, so this works on a fresh machine with
nothing but Python 3.11+. The environment lives in .venv/ and is reinstalled
when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_environment() -> Path:
    if sys.version_info < (3, 11):
        sys.exit("Python 3.11 eller senare behövs.")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    python = venv_python()
    if python.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return python
    if not python.exists():
        print("Skapar .venv …", flush=True)
        venv.create(VENV, with_pip=True, clear=True)
    print("Installerar paket i .venv …", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(wanted)
    return python


def main(argv: list[str]) -> int:
    commands = {
        "serve": ["-m", "mkdocs", "serve", "--livereload"],
        "build": ["-m", "mkdocs", "build", "--strict"],
        "test": ["-m", "pytest"],
    }
    if not argv or argv[0] not in commands:
        print(__doc__.split("\n\n")[1])
        return 2
    python = ensure_environment()
    # Material prints a long notice about MkDocs 2.0 on every build; the pin in pyproject.toml answers it.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(python), *commands[argv[0]], *argv[1:]], cwd=ROOT, env=env).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
