"""Validate a project's content: each file against its schema, then the rules across files.

Fast path: files are read by yaml-rs and checked with jsonschema-rs, about 0.5 ms a file
in one process (a process pool cost more in pickling than it saved); results are cached
by file content. Only files with problems are checked again with python-jsonschema (for
the messages) and re-read for line numbers.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import os
import pickle
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

from . import load, rules
from .load import LoadFailure, Source
from .problems import ERROR, Problem, sort_problems
from .schemas import Schemas

CACHE_FILE = Path(".cache") / "ska" / "validate.pickle"


@dataclass
class Report:
    """What validation found: the documents that passed their schema, and every problem."""

    documents: list[tuple[Source, dict]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_file(name: str, kind: str, raw: bytes, schemas: Schemas) -> tuple[dict | None, list[Problem]]:
    """One file: decode, parse, check against its schema. ``data`` is None if the file has errors."""
    problems: list[Problem] = []
    text = ""
    try:
        text, problems = load.decode(raw, name)
        data, warnings = load.parse(text, name)
        problems += warnings
        modeline = load.modeline_problem(text, Source(Path(name), name, kind))
        if modeline:
            problems.append(modeline)
        if not isinstance(data, dict):
            problems.append(Problem(name, 1, 1, "Filen ska bestå av fält skrivna som nyckel: värde.",
                                    "Börja med fälten direkt i vänsterkanten, ett per rad, skrivna som nyckel: värde."))
            return None, problems
        if not schemas.is_valid(kind, data):
            problems += schemas.problems(kind, data, name)
    except LoadFailure as failure:
        problems.append(failure.problem)
    except Exception as exc:  # noqa: BLE001 - an editor must never see a traceback
        problems.append(Problem(name, 1, 1, f"Filen kunde inte kontrolleras ({type(exc).__name__}: {exc}).",
                                "Kontrollera filen; kvarstår felet, kontakta förvaltningens administratör."))
    problems = [p if p.field_title or not p.path else replace(p, field_title=schemas.title(kind, p.path))
                for p in problems]
    problems = place(problems, text)
    has_errors = any(p.severity == ERROR for p in problems)
    return (None if has_errors else data), problems


def place(problems: list[Problem], text: str) -> list[Problem]:
    """Give each problem that only knows its path a line and column in ``text``."""
    if all(p.line for p in problems):
        return problems
    index = load.positions(text) if text else {}
    out = []
    for p in problems:
        if not p.line:
            path = p.path
            at_key = bool(path) and path[-1] == "<key>"
            if at_key:
                path = path[:-1]
            line, column = load.locate(index, path, key=at_key)
            p = Problem(p.file, line, column, p.message, p.hint, p.field_title, path, p.severity)
        out.append(p)
    return out


@functools.cache  # the same for the whole process: mkdocs serve need not read it again on every rebuild
def _code_fingerprint() -> str:
    """What a cached result depends on besides the file: this code and the readers' versions."""
    here = Path(__file__).parent
    digest = hashlib.sha1()
    for module in ("load.py", "schemas.py", "problems.py", "validate.py"):
        digest.update((here / module).read_bytes())
    for package in ("yaml-rs", "pyyaml", "jsonschema-rs"):
        digest.update(metadata.version(package).encode())
    return digest.hexdigest()


@contextmanager
def _collector_paused():
    """What validation reads lives on and holds no cycles, so the garbage collector's passes
    over it only cost time (a fifth of a run on 3,500 files). Leaves the collector as found."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_collector_paused()
def validate(project: Path, use_cache: bool = True, memory: dict | None = None) -> Report:
    """Validate ``project/content`` against ``project/schemas``; never raises for bad content.

    ``memory``: a dict kept between calls (mkdocs serve) that stands in for the cache file:
    after the first call nothing is read from or written to disk."""
    project = Path(project)
    content, schema_dir = project / "content", project / "schemas"
    if not content.is_dir() or not schema_dir.is_dir():
        missing = "content/" if not content.is_dir() else "schemas/"
        return Report(problems=[Problem(missing, 1, 1, f"Mappen {missing} saknas i {project}.",
                                        "Kör kommandot i projektets mapp, eller ange sökvägen till den.")])
    schemas = Schemas(schema_dir)
    sources, problems = load.discover(content)
    cache_path = project / CACHE_FILE
    stamp = schemas.fingerprint + _code_fingerprint()
    remembered = memory is not None and memory.get("stamp") == stamp
    cache = memory["entries"] if remembered else _read_cache(cache_path, stamp) if use_cache else {}

    entries: dict[str, tuple[str, str, tuple[dict | None, list[Problem]]]] = {}
    checked = 0
    for source in sources:
        raw = source.path.read_bytes()
        digest = hashlib.sha1(raw).hexdigest()
        entry = cache.get(source.name)
        if not entry or entry[:2] != (digest, source.kind):
            entry = (digest, source.kind, check_file(source.name, source.kind, raw, schemas))
            checked += 1
        entries[source.name] = entry

    report = Report()
    for source in sources:
        data, file_problems = entries[source.name][2]
        problems += file_problems
        if data is not None:
            report.documents.append((source, data))
    cross = rules.check(report.documents, memory.setdefault("rules", {}) if memory is not None else None)
    by_file: dict[str, list[Problem]] = {}
    for p in cross:
        by_file.setdefault(p.file, []).append(p)
    texts = {s.name: s.path for s in sources}
    for name, file_problems in by_file.items():
        problems += place(file_problems, texts[name].read_text("utf-8-sig"))
    report.problems = sort_problems(problems)

    if memory is not None:
        memory.update(stamp=stamp, entries=entries)
    if use_cache and checked and not remembered:
        _write_cache(cache_path, stamp, entries)
    return report


def _read_cache(path: Path, stamp: str) -> dict:
    try:
        with path.open("rb") as handle:
            saved_stamp, entries = pickle.load(handle)
    except Exception:  # noqa: BLE001 - a missing or stale cache is simply rebuilt
        return {}
    return entries if saved_stamp == stamp else {}


def _write_cache(path: Path, stamp: str, entries: dict) -> None:
    """Write atomically, so an interrupted run never leaves half a cache behind."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as handle:
            pickle.dump((stamp, entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only checkout still validates, just without a cache
