#!/usr/bin/env python3
"""Set up (or reuse) the project's virtual environment, then serve, build or test.

    python3 scripts/run.py serve   # bygger och visar sajten på http://127.0.0.1:8000
    python3 scripts/run.py build   # bygger sajten till site/ (som byts ut först när bygget lyckats)
    python3 scripts/run.py test    # kör alla tester

Only the standard library is used here, so this works on a fresh machine with
nothing but Python 3.11+. The environment lives in .venv/ and is reinstalled
when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path
from typing import Callable

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


def replace_when_built(site: Path, build: Callable[[Path], int]) -> int:
    """Let ``build`` write a new site into a fresh folder next to ``site``; only if it returns 0 does that
    folder take the place of ``site``. Otherwise (or if it raises) ``site`` is left as it was and the
    half-written folder is removed, so a failed build never publishes a broken or partial site."""
    fresh, old = (site.with_name(f"{site.name}.{kind}-{os.getpid()}") for kind in ("tmp", "old"))
    remove(fresh, old)  # left by a run that was killed with this process id
    try:
        code = build(fresh)
        if code == 0:
            if site.exists():
                site.rename(old)
            try:
                fresh.rename(site)
            except OSError:
                if old.exists():
                    old.rename(site)
                raise
        return code
    finally:
        remove(fresh, old)


def remove(*folders: Path) -> None:
    for folder in folders:
        shutil.rmtree(folder, ignore_errors=True)


def run(python: Path, args: list[str], root: Path = ROOT) -> int:
    """``python args…`` in ``root``; its exit code."""
    # Material prints a long notice about MkDocs 2.0 on every build; the pin in pyproject.toml answers it.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(python), *args], cwd=root, env=env).returncode


def build(python: Path, args: list[str], root: Path = ROOT) -> int:
    """``mkdocs build --strict`` into a fresh folder that replaces site/ only when the build succeeded."""
    code = replace_when_built(root / "site", lambda folder: run(
        python, ["-m", "mkdocs", "build", "--strict", "--site-dir", str(folder), *args], root))
    if code:
        print("Bygget misslyckades; site/ är som den var före bygget.", file=sys.stderr)
    return code


def main(argv: list[str]) -> int:
    commands = {
        "serve": lambda python, args: run(python, ["-m", "mkdocs", "serve", "--livereload", *args]),
        "build": build,
        "test": lambda python, args: run(python, ["-m", "pytest", *args]),
    }
    if not argv or argv[0] not in commands:
        print(__doc__.split("\n\n")[1])
        return 2
    return commands[argv[0]](ensure_environment(), argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
