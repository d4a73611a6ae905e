"""`ska granska`: what a pull request changes in the content, compared between two git revisions (the data;
``review_markdown`` writes it as Markdown for the reviewer).

Both revisions are read from git (each file as committed) into a temporary folder, never from the work tree, and go
through the same pipeline as the site (validation, model, figures), so a figure here is the figure the
site shows. What counts as a *finished* school year: one with a later school year in the base revision
(the target branch). A published figure of a finished year that changes is history rewritten; the
result then needs ``correction: {date, reason}`` in the file.
"""

from __future__ import annotations

import dataclasses
import subprocess
import tempfile
from contextlib import contextmanager
from fractions import Fraction
from dataclasses import dataclass, field
from pathlib import Path

from ..analysis.figures import Figure
from ..analysis.results import Results
from ..analysis.yeardiff import (AreaChange, GoalChange, TextChange, ValueChange, diff_actions, diff_analysis, diff_areas,
                                 diff_chain, diff_goals, diff_unit)
from ..content.problems import WARNING, Problem
from ..content.validate import place
from ..content import files
from ..domain import GROUPS, MIN_GROUP, previous_school_year
from ..model import Content, Correction, ImprovementArea, Indicator, MunicipalityYear, Result, Unit, UnitYear
from ..pipeline import Built, build
from ..site.year_glance import scale_span

THRESHOLD = 10.0
"""A figure that moved more than this share (percent) of its indicator's scale since last year is flagged:
10 procentenheter on a 0–100 % scale, 34 points for a merit rating on 0–340."""
NEEDS_INPUT = {("results",), ("analysis",), ("summary",)}
"""Where validation warns of a place left to fill in (``rules.needs_input``)."""


NOT_A_REPOSITORY = ("{project}: är inget git-arkiv. Granskningen jämför två versioner i git: klona arkivet och kör "
                    "igen där.")


class ReviewError(Exception):
    """Something stops the review (not a repository, an unknown revision); the message is Swedish."""


# -- the changes -------------------------------------------------------------

@dataclass(frozen=True)
class FigureEdit:
    """One figure of the same unit (or the municipality's official figure) and year in both revisions."""

    indicator: Indicator
    stage: str
    group: str
    group_name: str
    before: Figure | None
    after: Figure | None
    correction: Correction | None = None
    path: tuple = ()
    """Where the result is in the head revision's file, e.g. ("results", 3)."""


@dataclass(frozen=True)
class Flag:
    """Something a reviewer must see. ``kind``: "history", "removed" (a finished year's plan), "moved", "small",
    "needs_input", "unit_added", "unit_closed", "invalid" (the head has errors), "base_invalid" (all is new)."""

    kind: str
    unit: Unit | None = None
    year: str = ""
    edit: FigureEdit | None = None
    change: ValueChange | None = None
    message: str = ""
    count: int | None = None


@dataclass(frozen=True)
class Section:
    """The changes to one unit's (``unit``) or the municipality's (``unit`` None) plan for one school year."""

    unit: Unit | None
    year: str
    kind: str
    """"new" (a plan for a new school year, compared with the year before), "changed" (the same year in both
    revisions) or "removed"."""
    compared_with: str = ""
    values: tuple[ValueChange, ...] = ()
    edits: tuple[FigureEdit, ...] = ()
    areas: tuple[AreaChange, ...] = ()
    goals: tuple[GoalChange, ...] = ()
    texts: tuple[TextChange, ...] = ()
    finished: bool = False
    file: str = ""
    fields: tuple[str, ...] = ()
    """The plan's fields (as in the schema) that differ from what it is compared with, besides those above."""


@dataclass
class Review:
    base: str
    head: str
    sections: list[Section] = field(default_factory=list)
    flags: list[Flag] = field(default_factory=list)
    threshold: float = THRESHOLD
    min_group: int = MIN_GROUP
    other_files: list[str] = field(default_factory=list)
    """Changed files under content/ that no section covers (indicators, programmes, units, parts …)."""
    errors: list[Problem] = field(default_factory=list)
    """The head revision's errors, when it is not valid (then nothing else is compared)."""


# -- reading a revision ----------------------------------------------------------

def _git(project: Path, *args: str, binary: bool = False, stdin: bytes | None = None):
    try:
        done = subprocess.run(["git", *args], cwd=project, input=stdin, capture_output=True, check=False,
                              timeout=300)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ReviewError(f"git kunde inte köras ({type(exc).__name__}). Installera git och försök igen.") from None
    if done.returncode != 0:
        return None
    return done.stdout if binary else done.stdout.decode("utf-8", "replace").strip()


def commit_of(project: Path, revision: str) -> str:
    """The commit ``revision`` names (a branch, tag or hash); ReviewError in Swedish if there is none."""
    if revision.startswith("-"):
        raise ReviewError(f"”{revision}” är ingen version i git. Ange en gren, t.ex. origin/main, eller en commit.")
    found = _git(project, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if not found and _git(project, "rev-parse", "--git-dir") is None:
        raise ReviewError(NOT_A_REPOSITORY.format(project=project))
    if not found:
        raise ReviewError(f"”{revision}” finns inte i git-arkivet. Hämta grenen först (git fetch origin main) "
                          "och ange den, t.ex. origin/main.")
    return found


def snapshot(project: Path, commit: str, into: Path) -> Path:
    """The project's content/ and schemas/ at ``commit``, written under ``into``; the folder standing for the
    project (it has no content/ if the revision had none).

    Each file is its blob as committed (``ls-tree`` and ``cat-file``), not ``git archive``'s export: the revision's
    own .gitattributes could otherwise leave a changed file out of the review (``export-ignore``) or rewrite it
    (``export-subst``). Only regular files: a link or a submodule in the repository is left out, as content/
    reading never follows one."""
    prefix = _git(project, "rev-parse", "--show-prefix")
    if prefix is None:
        raise ReviewError(NOT_A_REPOSITORY.format(project=project))
    unreadable = ReviewError(f"Versionen {commit[:12]} kunde inte läsas ur git.")
    blobs = []
    for name in ("content", "schemas"):
        listed = _git(project, "ls-tree", "-r", "-z", "--full-tree", f"{commit}:{prefix}{name}", binary=True)
        if listed is None:
            continue  # not in this revision, or not a folder there
        (into / prefix / name).mkdir(parents=True, exist_ok=True)
        for entry in filter(None, listed.split(b"\0")):
            meta, _, path = entry.partition(b"\t")
            mode, kind, oid = meta.decode("ascii", "replace").split(" ")
            parts = path.decode("utf-8", "surrogateescape").split("/")
            if kind != "blob" or mode not in ("100644", "100755"):
                continue
            if any(part in ("", ".", "..") for part in parts):
                raise unreadable
            blobs.append((oid, into / prefix / name / Path(*parts)))
    data = _git(project, "cat-file", "--batch", binary=True, stdin="".join(f"{oid}\n" for oid, _ in blobs).encode())
    if data is None and blobs:
        raise unreadable
    at = 0
    try:
        for oid, target in blobs:
            end = data.index(b"\n", at)
            found, kind, size = data[at:end].decode("ascii").split(" ")
            if found != oid or kind != "blob":
                raise unreadable
            at = end + 1 + int(size)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data[end + 1:at])
            at += 1  # the line break after each object
    except (ValueError, OSError):
        raise unreadable from None
    return into / prefix


@contextmanager
def revisions(project: Path, base: str, head: str, min_group: int = MIN_GROUP):
    """(base commit, head commit, built base, built head); ``head`` "." is the work tree as it is."""
    base_commit = commit_of(project, base)
    head_commit = "." if head == "." else commit_of(project, head)
    with tempfile.TemporaryDirectory(prefix="ska-granska-") as scratch:
        old = _built(snapshot(project, base_commit, Path(scratch) / "bas"), min_group)
        new = build(project, use_cache=False, min_group=min_group) if head == "." else _built(
            snapshot(project, head_commit, Path(scratch) / "mot"), min_group)
        if new is None:
            raise ReviewError(f"Versionen {head_commit[:12]} har inget innehåll att granska: mapparna content/ och "
                              "schemas/ finns inte där. Ange ändringens version med --mot, t.ex. HEAD.")
        yield base_commit, head_commit, old, new


def changed_files(project: Path, base: str, head: str) -> list[str]:
    """Project-relative names of the files under content/ that differ between two commits ("." the work tree)."""
    prefix = _git(project, "rev-parse", "--show-prefix") or ""
    listed = _git(project, "diff", "--name-only", "-z", "--no-renames", base, *([] if head == "." else [head]),
                  "--", "content")
    names = [n for n in (listed or "").split("\0") if n]
    return [n[len(prefix):] if n.startswith(prefix) else n for n in names]


def note_other_files(review: Review, names: list[str]) -> None:
    covered = {s.file for s in review.sections}
    review.other_files = [n for n in names if n not in covered and n.endswith((".yaml", ".yml"))]


def _built(folder: Path, min_group: int) -> Built | None:
    if not (folder / "content").is_dir() or not (folder / "schemas").is_dir():
        return None  # nothing there yet: every file of the other revision is new
    return build(folder, use_cache=False, min_group=min_group)


# -- comparing them -------------------------------------------------------------

def compare(old: Built | None, new: Built, base: str = "", head: str = "", threshold: float = THRESHOLD,
            min_group: int = MIN_GROUP) -> Review:
    review = Review(base, head, threshold=threshold, min_group=min_group)
    if not new.ok:
        review.flags.append(Flag("invalid", count=len(new.report.errors)))
        review.errors = new.report.errors
        return review
    if old is not None and not old.ok:
        review.flags.append(Flag("base_invalid", count=len(old.report.errors)))
    before = old.content if old is not None and old.ok else _empty(new.content)
    before_results = old.results if old is not None and old.ok else Results(before, min_group)
    after, after_results = new.content, new.results
    base_years = sorted({y for _, y in before.unit_years} | set(before.municipality_years))
    latest_base = base_years[-1] if base_years else ""
    warnings = [p for p in new.report.problems if p.severity == WARNING and p.path in NEEDS_INPUT]

    for uid in sorted(set(after.units) - set(before.units), key=lambda u: after.units[u].name):
        review.flags.append(Flag("unit_added", after.units[uid]))
    for uid in sorted(set(before.units), key=lambda u: before.units[u].name):
        was, now = before.units[uid], after.units.get(uid)
        if now is None or (now.closed and not was.closed):
            review.flags.append(Flag("unit_closed", now or was))

    keys = sorted(set(before.unit_years) | set(after.unit_years), key=lambda k: (k[1], k[0]))
    for uid, year in keys:
        was, now = before.unit_years.get((uid, year)), after.unit_years.get((uid, year))
        if _same(was, now):
            continue
        unit = after.units.get(uid) or before.units.get(uid)
        finished = bool(latest_base) and year < latest_base
        if now is None:
            review.sections.append(Section(unit, year, "removed", finished=finished, file=was.source))
            review.flags += [Flag("removed", unit, year)] if finished else []
            continue
        section = _unit_section(before, before_results, after, after_results, unit, year, was, now, finished)
        review.sections.append(section)
        _flags(review, section, before, after, min_group)
        review.flags += [Flag("needs_input", unit, year, message=p.message) for p in warnings if p.file == now.source]

    for year in sorted(set(before.municipality_years) | set(after.municipality_years)):
        was, now = before.municipality_years.get(year), after.municipality_years.get(year)
        finished = bool(latest_base) and year < latest_base
        review.flags += [Flag("removed", None, year)] if finished and now is None else []
        if _same(was, now) or now is None:
            continue
        edits = _official_edits(before, after, year) if was is not None else ()
        last = previous_school_year(year)
        earlier = was or after.municipality_years.get(last) or MunicipalityYear(year)
        goals = [tuple(g for area in plan.goal_areas for g in area.goals) for plan in (earlier, now)]
        section = Section(None, year, "changed" if was else "new",
                          last if not was and last in after.municipality_years else "", (), edits,
                          (same_year_areas if was else diff_areas)(earlier.improvement_areas, now.improvement_areas),
                          diff_goals(*goals, after.indicators), diff_analysis(earlier.analysis, now.analysis),
                          finished, now.source, _other_fields(was, now) if was else ())
        review.sections.append(section)
        if finished:
            review.flags += [Flag("history", None, year, e) for e in edits if _rewritten(e)]
        review.flags += [Flag("needs_input", None, year, message=p.message) for p in warnings if p.file == now.source]
    return review


def _empty(content: Content) -> Content:
    return Content(content.indicators, {}, {}, {}, {}, content.self_assessment, {}, {}, content.groups)


def _same(a, b) -> bool:
    """Two plans (or None) with the same content, whatever file they came from."""
    if a is None or b is None:
        return a is b
    return dataclasses.replace(a, source=b.source) == b


def _unit_section(before: Content, before_results: Results, after: Content, after_results: Results, unit: Unit,
                  year: str, was: UnitYear | None, now: UnitYear, finished: bool) -> Section:
    if was is None:  # a new school year: what moved since the unit's year before
        last = previous_school_year(year)
        diff = diff_unit(after, after_results, unit.id, last, year)
        return Section(unit, year, "new", last if (unit.id, last) in after.unit_years else "", diff.values, (),
                       diff.areas, diff.goals, diff.analysis, finished, now.source)
    edits = _unit_edits(before_results, after, after_results, unit.id, year, was, now)
    return Section(unit, year, "changed", "", (), edits, same_year_areas(was.improvement_areas, now.improvement_areas),
                   diff_goals(was.goals, now.goals, after.indicators), diff_analysis(was.analysis, now.analysis),
                   finished, now.source, _other_fields(was, now))


def same_year_areas(before: tuple[ImprovementArea, ...], after: tuple[ImprovementArea, ...]) -> tuple[AreaChange, ...]:
    """The same school year in two revisions: every area added, closed or changed in any way (``diff_areas``
    passes over an area closed in both, and one whose change is not in its actions or effect chain)."""
    found = list(diff_areas(before, after))
    old = {a.id: a for a in before}
    listed = {c.area.id for c in found if c.kind != "carried" or c.actions or c.chain}
    found = [c for c in found if c.area.id in listed]
    for area in after:
        if area.id in old and area.id not in listed and old[area.id] != area:
            found.append(AreaChange("carried", old[area.id], area, diff_actions(old[area.id].actions, area.actions),
                                    *diff_chain(old[area.id].effect_chain, area.effect_chain)))
    return tuple(found)


SHOWN = ("results", "goals", "goal_areas", "improvement_areas", "analysis", "source")
"""Fields whose changes a section shows itself; the others are named (``Section.fields``)."""


def _other_fields(was, now) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(now)
                 if f.name not in SHOWN and getattr(was, f.name) != getattr(now, f.name))


def _where(results: tuple[Result, ...]) -> dict[tuple[str, str], tuple[int, Result]]:
    return {(r.indicator, r.stage): (i, r) for i, r in enumerate(results)}


def _unit_edits(before_results: Results, after: Content, after_results: Results, unit: str, year: str,
                was: UnitYear, now: UnitYear) -> tuple[FigureEdit, ...]:
    """The unit's figures for ``year`` that differ between the revisions (as published: value or hidden)."""
    new = _where(now.results)
    keys = [(r.indicator, r.stage, g) for r in was.results + now.results for g, _ in r.figures()]
    edits = []
    for indicator, stage, group in dict.fromkeys(keys):
        shown_as = after.indicators.get(indicator) or before_results.indicators.get(indicator)  # or taken out
        if shown_as is None:
            continue
        a, b = before_results.unit(unit, year, indicator, stage, group), after_results.unit(unit, year, indicator, stage, group)
        if _shown(a) == _shown(b):
            continue
        at, result = new.get((indicator, stage), (None, None))
        edits.append(FigureEdit(shown_as, stage, group, after.group_name(group), a, b,
                                result.correction if result else None, ("results", at) if at is not None else ()))
    return tuple(edits)


def _official_edits(before: Content, after: Content, year: str) -> tuple[FigureEdit, ...]:
    """The municipality's official figures (as written) that differ between the revisions."""
    old = _where(before.municipality_years[year].results)
    new = _where(after.municipality_years[year].results)
    edits = []
    for key in dict.fromkeys([*old, *new]):
        shown_as = after.indicators.get(key[0]) or before.indicators.get(key[0])  # or taken out of the catalogue
        if shown_as is None:
            continue
        was, now = old.get(key, (None, None))[1], new.get(key, (None, None))
        for group in GROUPS:
            a, b = (_written(getattr(r, group)) if r else None for r in (was, now[1]))
            if a != b:
                edits.append(FigureEdit(shown_as, key[1], group, after.group_name(group), a, b,
                                        now[1].correction if now[1] else None,
                                        ("results", now[0]) if now[0] is not None else ()))
    return tuple(edits)


def _written(figure) -> Figure | None:
    if figure is None:
        return None
    if figure.status:
        return Figure(None, figure.numerator, figure.denominator, True, figure.status)
    if figure.value is None and figure.numerator is not None and figure.denominator:
        return Figure(Fraction(100 * figure.numerator, figure.denominator), figure.numerator, figure.denominator)
    return Figure(None if figure.value is None else _exact(figure.value), figure.numerator, figure.denominator)


def _exact(value: float) -> Fraction:
    return Fraction(repr(float(value)))


def _shown(figure: Figure | None):
    """What a reader sees of a figure: nothing, hidden, or its value."""
    if figure is None:
        return None
    return ("hidden", figure.status) if figure.suppressed or figure.value is None else ("value", figure.value)


def _rewritten(edit: FigureEdit) -> bool:
    """A figure that was there and is now different or gone (a figure filled in where none was is not history)."""
    return edit.before is not None and _shown(edit.before)[0] == "value"


def _flags(review: Review, section: Section, before: Content, after: Content, min_group: int) -> None:
    unit, year = section.unit, section.year
    if section.finished:
        review.flags += [Flag("history", unit, year, e) for e in section.edits if _rewritten(e)]
    for change in section.values:
        span = scale_span(change.indicator, year)
        if change.delta is not None and span and abs(change.delta) * 100 > review.threshold * span:
            review.flags.append(Flag("moved", unit, year, change=change))
    now = after.unit_years[(unit.id, year)]
    # a small group is news unless it was small in what the plan is compared with: the same year in the base
    # revision, or for a new school year the unit's year before
    earlier = before.unit_years.get((unit.id, year)) if section.kind == "changed" else \
        after.unit_years.get((unit.id, section.compared_with))
    was = {(r.indicator, r.stage, g): f for r in (earlier.results if earlier else ()) for g, f in r.figures()}
    for result in now.results:
        for group, figure in result.figures():
            small = figure.denominator is not None and 0 < figure.denominator < min_group and not figure.status
            if not small:
                continue
            old = was.get((result.indicator, result.stage, group))
            if old is not None and old.denominator is not None and old.denominator < min_group:
                continue  # small the year before too: not news
            indicator = after.indicators.get(result.indicator)
            if indicator is not None:
                review.flags.append(Flag("small", unit, year, FigureEdit(
                    indicator, result.stage, group, after.group_name(group), None, None), count=figure.denominator))


# -- for `ska validate --bas` ------------------------------------------------------

def history_problems(review: Review, project: Path) -> list[Problem]:
    """A warning on the result, for every figure of a finished year changed without a reason (``correction``)."""
    problems = []
    for flag in review.flags:
        if flag.kind != "history" or (flag.edit.correction and flag.edit.correction.reason.strip()):
            continue
        edit = flag.edit
        file = next((s.file for s in review.sections if s.unit == flag.unit and s.year == flag.year), "")
        where = edit.indicator.id + (f" {edit.stage}" if edit.stage else "") + f", {edit.group_name.lower()}"
        problems.append(Problem(
            file, message=f"Siffran för {where} har ändrats för läsåret {flag.year}, som är avslutat, men ingen "
                          "rättelse anger varför.",
            hint="Lägg till correction: med date: (dagen du rättade, ÅÅÅÅ-MM-DD) och reason: (varför siffran ändrades) "
                 "vid resultatet.", field_title="Rättelse", path=edit.path, severity=WARNING))
    out = []
    for name in dict.fromkeys(p.file for p in problems):
        path = project / name
        text = files.decode(path.read_bytes(), name)[0] if path.is_file() and not path.is_symlink() else ""
        out += [p if p.line else p.at(1, 1) for p in place([p for p in problems if p.file == name], text)]
    return out

