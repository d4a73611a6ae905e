"""Validate a project's content: each file against its schema, then the rules across files.

Fast path: files are read by the careful reader (load.parse) and checked with jsonschema-rs,
in one process (a process pool cost more in pickling than it saved); results are cached by
file content in a plain JSON file. Only files with problems are checked again with
python-jsonschema (for the messages) and re-read for line numbers.

The cache is data, never code, and is trusted only if this machine wrote it: a cache file
that git tracks (a pull request could add one), that is a link, or whose shape is not
exactly what ``_write_cache`` writes is ignored and rebuilt.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import stat
import subprocess
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path

from ..domain import SCHEMA_FILES
from . import files, load, rules
from .files import Source
from .problems import ERROR, WARNING, LoadFailure, Problem, sort_problems
from .schemas import Schemas

CACHE_FILE = Path(".cache") / "ska" / "validate.json"
CACHE_VERSION = 2  # 2: the data of a file with schema errors is kept, for the rules


@dataclass
class Report:
    """What validation found: the documents without errors (all the model gets), and every problem."""

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
    data, problems = read_and_check(name, kind, raw, schemas)
    return (None if any(p.severity == ERROR for p in problems) else data), problems


def read_and_check(name: str, kind: str, raw: bytes, schemas: Schemas) -> tuple[dict | None, list[Problem]]:
    """One file: decode, parse, check against its schema. ``data`` is what was read, even if parts of it
    break the schema (the rules read the parts that do not: see ``refused``); None if nothing could be read."""
    problems: list[Problem] = []
    text = ""
    data = None
    try:
        text, problems = files.decode(raw, name)
        data, found = load.parse(text, name, functools.partial(schemas.is_running_text, kind))
        problems += found
        modeline = load.modeline_problem(text, Source(Path(name), name, kind))
        if modeline:
            problems.append(modeline)
        if not isinstance(data, dict):
            problems.append(Problem(name, 1, 1, "Filen ska bestå av fält skrivna som nyckel: värde.",
                                    "Börja med fälten direkt i vänsterkanten, ett per rad, skrivna som nyckel: värde."))
            return None, problems
        if not schemas.is_valid(kind, data):
            explained = schemas.problems(kind, data, name)
            # The two validators must agree; if the detailed one finds nothing, the file is still refused.
            problems += explained or [Problem(
                name, 1, 1, "Filen stämmer inte med schemat, men felet kunde inte pekas ut.",
                "Kontrollera värdena mot redaktörsguiden; kvarstår felet, kontakta förvaltningens administratör.")]
    except LoadFailure as failure:
        data = None
        problems.append(failure.problem)
    except Exception as exc:  # noqa: BLE001 - an editor must never see a traceback
        data = None
        problems.append(Problem(name, 1, 1, f"Filen kunde inte kontrolleras (internt fel: {type(exc).__name__}).",
                                "Kontrollera filen; kvarstår felet, kontakta förvaltningens administratör."))
    problems = [p if p.field_title or not p.path else replace(p, field_title=schemas.title(kind, p.path))
                for p in problems]
    return data, place(problems, text)


def refused(problems: list[Problem]) -> set[tuple]:
    """Where a file breaks its schema (or holds a character no value may): the paths of its errors.
    An error that names no place, e.g. a file the checker could not explain, refuses the whole file."""
    return {p.path[:-1] if p.path[-1:] == ("<key>",) else p.path for p in problems if p.severity == ERROR}


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
    """What a cached result depends on besides the file: this code and the reader's and validators' versions."""
    here = Path(__file__).parent
    digest = hashlib.sha1(str(CACHE_VERSION).encode())
    # every module a file's check runs: this folder's, and the vocabulary they import
    for module in [*sorted(here.glob("*.py")), *(here.parent / name for name in ("domain.py", "labels.py", "formatting.py"))]:
        digest.update(module.read_bytes())
    for package in ("pyyaml", "jsonschema-rs", "jsonschema"):
        try:
            digest.update(metadata.version(package).encode())
        except metadata.PackageNotFoundError:
            digest.update(b"-")
    return digest.hexdigest()


@contextmanager
def _collector_paused():
    """What validation reads lives on and holds no cycles, so the garbage collector's passes
    over it only cost time (scripts/benchmark_validate.py shows how much). Leaves the collector as found."""
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
    for folder, name in ((content, "content/"), (schema_dir, "schemas/")):
        problem = files.folder_problem(folder, name)
        if problem:
            return Report(problems=[problem])
    schemas = Schemas(schema_dir)
    try:
        stamp = schemas.fingerprint + _code_fingerprint()
        schemas.fast  # noqa: B018 - compiles every schema now, so a broken one is reported here
    except LoadFailure as failure:
        return Report(problems=[failure.problem])
    except (OSError, ValueError, TypeError, KeyError) as exc:
        return Report(problems=[Problem("schemas/", 1, 1, f"Schemana i schemas/ kunde inte läsas ({type(exc).__name__}).",
                                        "Kontrollera att alla schemafiler finns och är giltig JSON Schema.")])
    sources, problems = files.discover(content)
    remembered = memory is not None and memory.get("stamp") == stamp
    cache = memory["entries"] if remembered else _read_cache(project, stamp) if use_cache else {}

    entries: dict[str, tuple[str, str, tuple[dict | None, list[Problem]]]] = {}
    checked = 0
    readable = []
    for source in sources:
        try:
            raw = files.read_file(source.path, source.name)
        except LoadFailure as failure:
            problems.append(failure.problem)
            continue
        readable.append(source)
        digest = hashlib.sha1(raw).hexdigest()
        entry = cache.get(source.name)
        if not entry or entry[:2] != (digest, source.kind):
            entry = (digest, source.kind, read_and_check(source.name, source.kind, raw, schemas))
            checked += 1
        entries[source.name] = entry

    report = Report()
    parsed, broken = [], {}
    for source in readable:
        data, file_problems = entries[source.name][2]
        problems += file_problems
        if data is None:
            continue
        parsed.append((source, data))
        errors = refused(file_problems)
        if errors:
            broken[source.name] = errors
        else:  # only a file without errors goes on to the model
            report.documents.append((source, data))
    # The rules read every file that could be read, skipping the parts with errors, so that all
    # problems are reported at once.
    cross = rules.check(parsed, memory.setdefault("rules", {}) if memory is not None else None, broken)
    by_file: dict[str, list[Problem]] = {}
    for p in cross:
        by_file.setdefault(p.file, []).append(p)
    paths = {s.name: s.path for s in readable}
    for name, file_problems in by_file.items():
        try:
            text = files.decode(files.read_file(paths[name], name), name)[0]
        except (LoadFailure, KeyError):  # changed since it was checked: the problems keep their paths
            text = ""
        problems += [p if p.line else p.at(1, 1) for p in place(file_problems, text)]
    report.problems = sort_problems(problems)

    if memory is not None:
        memory.update(stamp=stamp, entries=entries)
    if use_cache and checked and not remembered:
        _write_cache(project, stamp, entries)
    return report


# -- the cache: plain JSON, checked before use ---------------------------------

_PROBLEM_TYPES = (str, int, int, str, str, str, list, str)
CACHE_BYTES = 1 << 30


def _refuse(constant: str) -> None:
    raise ValueError(constant)  # NaN and Infinity are never written


def _cache_folder(project: Path) -> Path | None:
    """``project/.cache/ska`` if it is safe to use: no part of it is a link, and git does not track the cache."""
    folder = project
    for part in CACHE_FILE.parent.parts:
        folder = folder / part
        try:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                return None
        except FileNotFoundError:
            return project / CACHE_FILE.parent  # nothing there yet: no link, nothing tracked
        except OSError:
            return None
    try:
        tracked = subprocess.run(["git", "ls-files", "--error-unmatch", "--", CACHE_FILE.as_posix()], cwd=project,
                                 capture_output=True, timeout=10).returncode == 0
    except (OSError, subprocess.SubprocessError):
        tracked = False  # no git here: nothing can have come in through a pull request
    return None if tracked else folder


def _problem_from(row: object) -> Problem:
    if not (isinstance(row, list) and len(row) == len(_PROBLEM_TYPES)
            and all(type(v) is t for v, t in zip(row, _PROBLEM_TYPES))
            and all(type(part) in (str, int) for part in row[6]) and row[7] in (ERROR, WARNING)):
        raise ValueError("problem")
    return Problem(*row[:6], tuple(row[6]), row[7])


def _read_cache(project: Path, stamp: str) -> dict:
    """The entries of a cache this machine wrote for this very code and these schemas; else nothing."""
    folder = _cache_folder(project)
    if folder is None:
        return {}
    try:
        saved = json.loads(files.read_file(folder / CACHE_FILE.name, "", limit=CACHE_BYTES), parse_constant=_refuse)
        if not (isinstance(saved, dict) and saved.get("version") == CACHE_VERSION and saved.get("stamp") == stamp
                and isinstance(saved.get("entries"), dict)):
            return {}
        entries = {}
        for name, entry in saved["entries"].items():
            digest, kind, data, problems = entry
            if not (type(digest) is str and len(digest) == 40 and kind in SCHEMA_FILES
                    and (data is None or type(data) is dict) and type(problems) is list):
                return {}
            entries[name] = (digest, kind, (data, [_problem_from(row) for row in problems]))
        return entries
    except (LoadFailure, ValueError, TypeError):  # missing, stale, too big or not our shape: rebuilt
        return {}


def _write_cache(project: Path, stamp: str, entries: dict) -> None:
    """Write atomically, so an interrupted run never leaves half a cache behind."""
    folder = _cache_folder(project)
    if folder is None:
        return
    rows = {name: [digest, kind, data, [[p.file, p.line, p.column, p.message, p.hint, p.field_title, list(p.path),
                                        p.severity] for p in problems]]
            for name, (digest, kind, (data, problems)) in entries.items()}
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f"{CACHE_FILE.stem}.{os.getpid()}.tmp"
        text = json.dumps({"version": CACHE_VERSION, "stamp": stamp, "entries": rows},
                          separators=(",", ":"), allow_nan=False)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as handle:
                handle.write(text)
            os.replace(tmp, folder / CACHE_FILE.name)
        except OSError:
            tmp.unlink(missing_ok=True)
    except (OSError, ValueError):
        pass  # a read-only checkout still validates, just without a cache
