"""Seed 004 (Södertälje 2018/19): the municipality total is the sum of the schools' counts."""

import shutil
from pathlib import Path

from ska import formatting, model

from ska.analysis import results as analyse
from ska.content.validate import validate

REPO = Path(__file__).resolve().parent.parent
FIXTURE = Path(__file__).parent / "fixtures" / "seed004"


def test_total_row_equals_sum_of_the_thirteen_schools(tmp_path):
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    report = validate(tmp_path, use_cache=False)
    assert report.problems == []
    content = model.from_documents(report.documents)
    assert len(content.units) == 13
    # the resource centre's and the education office's own plans are parts of the organisation, not units
    assert {p.kind for p in content.parts.values()} == {"function"}
    assert {part for part, _ in content.part_years} == {"resurscentrum", "utbildningskontoret"}
    assert not set(content.parts) & set(content.units)

    table = analyse.tidy(content)
    total = analyse.aggregate(table, content.indicators)
    row = total[(total["indicator"] == "behorighet-yrkes-ak9") & (total["group"] == "total")].iloc[0]

    # The printed row "Alla elever VT 2018: 827 710 85,9%".
    assert row["denominator"] == 827
    assert row["numerator"] == 710
    assert row["units"] == 13
    assert formatting.percent(row["value"]) == "85,9\u00a0%"


def test_total_is_not_a_mean_of_school_percentages(tmp_path):
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    content = model.from_documents(validate(tmp_path, use_cache=False).documents)
    table = analyse.tidy(content)
    mean_of_percentages = table["value"].mean()
    assert formatting.percent(mean_of_percentages) != "85,9\u00a0%"


def test_the_schools_carry_no_invented_facts(tmp_path):
    """The source names the schools but gives no opening date or area: the fixture leaves them out."""
    shutil.copytree(FIXTURE / "content", tmp_path / "content")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    content = model.from_documents(validate(tmp_path, use_cache=False).documents)
    assert all(not u.opened and not u.area for u in content.units.values())
