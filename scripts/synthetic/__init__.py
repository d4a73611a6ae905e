"""Deterministic synthetic content: a whole municipality's quality work for tests, load tests and examples.

A tool beside the project, not part of the `ska` package: scripts/generate_content.py,
scripts/make_example_content.py, the benchmarks and the tests use it. Same arguments,
same bytes. The Swedish texts it draws from are data: text.yaml and indicators.yaml.

    import synthetic
    synthetic.generate(project, units=60, years=3, seed=1)  # project/content/...
"""

from __future__ import annotations

from .emit import WIDTH, md, to_yaml, wrap_markdown
from .figures import figure_value, total_value
from .goal_targets import set_targets
from .inspections import owner_inspection, unit_inspection
from .municipality import Municipality, make_programmes
from .references import reference_figures
from .results import choose_extras, plan_for
from .tree import LAST_YEAR, SCHEMA_PATHS, build, copy_schemas, documents, generate, indicators_document, write_documents
from .units import KINDS, Kind, UnitSpec, make_units, slug, unit_description, unit_document
from .years import school_year, year_folder

__all__ = [
    "KINDS", "LAST_YEAR", "SCHEMA_PATHS", "WIDTH", "Kind", "Municipality", "UnitSpec", "build", "choose_extras",
    "copy_schemas", "documents", "figure_value", "generate", "indicators_document", "make_programmes", "make_units",
    "md", "owner_inspection", "plan_for", "reference_figures", "school_year", "set_targets", "slug", "to_yaml", "total_value", "unit_description",
    "unit_document", "unit_inspection", "wrap_markdown", "write_documents", "year_folder",
]
