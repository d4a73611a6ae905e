"""The one way through the core: a project's content → validated documents → model → figures → page models.

The MkDocs adapter, the `ska` command, the scripts and the tests all call ``build``; nothing here
knows a site generator. Each step takes the previous step's output and nothing else.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from . import model
from .analysis.results import Results
from .content.validate import Report, validate
from .domain import MIN_GROUP
from .model import Content
from .site.views import Views


@dataclass
class Built:
    """What ``build`` made: always the validation report; the rest only if the content has no errors."""

    report: Report
    content: Content | None = None
    results: Results | None = None
    views: Views | None = None
    timings: dict[str, float] = field(default_factory=dict)
    """Seconds per step: validate, model and analyse (together "analyse"), views."""

    @property
    def ok(self) -> bool:
        return self.report.ok


def build(project: Path, *, min_group: int = MIN_GROUP, use_cache: bool = True,
          validated: dict | None = None, modelled: dict | None = None, tidied: dict | None = None) -> Built:
    """Run the core on ``project`` (a folder with content/ and schemas/); never raises for bad content.

    ``validated``, ``modelled`` and ``tidied``: dicts kept between calls (``mkdocs serve``) so that unchanged
    files are neither checked, modelled nor turned into table rows again."""
    started = time.perf_counter()
    built = Built(validate(project, use_cache=use_cache, memory=validated))
    checked = time.perf_counter()
    built.timings["validate"] = checked - started
    if not built.ok:
        return built
    built.content = model.from_documents(built.report.documents, modelled)
    built.results = Results(built.content, min_group, tidied)
    analysed = time.perf_counter()
    built.views = Views(built.content, built.results)
    built.timings.update(analyse=analysed - checked, views=time.perf_counter() - analysed)
    return built


def find_project(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds both content/ and schemas/."""
    start = start.resolve()
    for folder in [start, *start.parents]:
        if (folder / "content").is_dir() and (folder / "schemas").is_dir():
            return folder
    return None


def no_project(path: str) -> str:
    """What to say when ``find_project`` finds nothing."""
    return f"{path}: hittar ingen projektmapp med content/ och schemas/ här eller ovanför."
