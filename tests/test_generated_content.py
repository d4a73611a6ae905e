"""Synthetic content and the shipped example content are valid, deterministic and realistic."""

from __future__ import annotations

import importlib.util
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

import synthetic
from ska.content.load import parse
from ska.content.validate import validate

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "schemas"
CONTENT = REPO / "content"
GROUPS = ("total", "girls", "boys")


def load_script(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def read(path: Path) -> dict:
    data, warnings = parse(path.read_text("utf-8"), path.name)
    assert not warnings
    return data


def problems_text(report) -> str:
    return "\n".join(f"{p.file}:{p.line}: {p.message}" for p in report.problems)


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("synthetic")
    synthetic.generate(project, units=12, years=3, seed=0)
    shutil.copytree(SCHEMAS, project / "schemas")
    return project


# -- the generator -------------------------------------------------------------


def test_generated_tree_validates_without_any_problem(generated):
    report = validate(generated, use_cache=False)
    assert report.problems == [], problems_text(report)
    assert len([s for s, _ in report.documents if s.kind == "unit_year"]) >= 30


def test_generated_years_end_with_2024_25(generated):
    assert sorted(p.name for p in (generated / "content" / "years").iterdir()) == ["2022-23", "2023-24", "2024-25"]


def test_every_file_starts_with_its_modeline(generated):
    for path in (generated / "content").rglob("*.yaml"):
        first = path.read_text("utf-8").split("\n", 1)[0]
        depth = len(path.relative_to(generated).parts) - 1
        assert first.startswith(f"# yaml-language-server: $schema={'../' * depth}schemas/"), path


def test_same_seed_gives_same_bytes_and_another_seed_differs(tmp_path):
    def tree(folder: Path, seed: int) -> dict[str, bytes]:
        synthetic.generate(folder, units=12, years=3, seed=seed)
        return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}

    first, again, other = tree(tmp_path / "a", 7), tree(tmp_path / "b", 7), tree(tmp_path / "c", 8)
    assert first == again
    assert first != other


def test_small_groups_are_suppressed_never_zero(generated):
    suppressed = 0
    for path in (generated / "content" / "years").glob("*/units/*.yaml"):
        for result in read(path)["results"]:
            for group in GROUPS:
                figure = result.get(group, {})
                if figure.get("status") == "too_few":
                    assert set(figure) == {"status"}
                    suppressed += group != "total" and "denominator" in result.get("total", {})
                elif "denominator" in figure and group != "total":
                    assert figure["denominator"] >= 10, (path.name, result)
    assert suppressed, "expected a unit whose gender groups fall under 10 pupils"


def test_girls_and_boys_add_up_to_the_total(generated):
    checked = 0
    for path in (generated / "content" / "years").glob("*/units/*.yaml"):
        for result in read(path)["results"]:
            if all("denominator" in result.get(g, {}) for g in GROUPS):
                for key in ("numerator", "denominator"):
                    if key in result["total"]:
                        assert result["girls"][key] + result["boys"][key] == result["total"][key]
                        checked += 1
    assert checked > 100


def test_units_open_and_close_within_the_years():
    municipality = synthetic.build(units=60, years=5, seed=1)
    docs = synthetic.documents(municipality)
    opened = [u for u in municipality.units if u.opened > date(municipality.first, 7, 1)]
    closed = [u for u in municipality.units if u.closed]
    assert opened and closed
    for unit in closed:
        successor = next(u for u in municipality.units if u.id == unit.successor)
        assert unit.id in successor.predecessors
    for unit in opened + closed:
        for year in municipality.years:
            exists = f"years/{synthetic.year_folder(year)}/units/{unit.id}.yaml" in docs
            assert exists == unit.active(year)


def test_emitter_round_trips_through_the_content_loader():
    docs = synthetic.documents(synthetic.build(units=25, years=2, seed=3))
    tricky = {"yes": "yes", "date": "2024-08-19", "number": "0126", "float": "1.0", "colon": "Mål: fler",
              "hash": "a #b", "dash": "- punkt", "lines": "rad ett\n\nrad två\n", "quote": "\"citat\"",
              "long": "ord " * 60 + "slut", "list": ["on", "a, b", "2024-08"], "empty": "", "tilde": "~"}
    for name, data in [*((k, d) for k, (_, d) in docs.items()), ("tricky", tricky)]:
        text = synthetic.to_yaml(data)
        back, warnings = parse(text, name)
        assert back == data, name
        assert not warnings, name
        if name != "tricky":
            assert max(map(len, text.splitlines())) <= synthetic.WIDTH, name


def test_generate_content_script_refuses_to_clobber(tmp_path, capsys):
    script = load_script("generate_content")
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("viktigt", encoding="utf-8")
    assert script.main([str(busy), "--units", "3", "--years", "1"]) == 2
    assert sorted(p.name for p in busy.iterdir()) == ["notes.txt"]

    handmade = tmp_path / "handmade"
    (handmade / "content" / "units").mkdir(parents=True)
    assert script.main([str(handmade), "--units", "3", "--years", "1"]) == 2

    out = tmp_path / "out"
    assert script.main([str(out), "--units", "8", "--years", "2", "--seed", "2"]) == 0
    assert script.main([str(out), "--units", "5", "--years", "1"]) == 0  # a generated tree may be replaced
    assert "Skrev" in capsys.readouterr().out
    assert len(list((out / "content" / "units").glob("*.yaml"))) == 5
    report = validate(out, use_cache=False)
    assert report.problems == [], problems_text(report)


# -- the shipped example content -----------------------------------------------


@pytest.fixture(scope="module")
def example() -> dict:
    """The example content: units, unit years by (year folder, id), municipality years, catalogue, programmes."""
    units = {p.stem: read(p) for p in (CONTENT / "units").glob("*.yaml")}
    years = sorted(p.name for p in (CONTENT / "years").iterdir() if p.is_dir())
    municipality = {y: read(CONTENT / "years" / y / "municipality.yaml") for y in years}
    # years with the municipality's official figures only (from before the site's units) are not plan years
    official_only = [y for y in years if "goal_areas" not in municipality[y]]
    years = [y for y in years if y not in official_only]
    municipality = {y: municipality[y] for y in years}
    unit_years = {(y, p.stem): read(p) for y in years for p in (CONTENT / "years" / y / "units").glob("*.yaml")}
    return {"units": units, "years": years, "official_only": official_only, "unit_years": unit_years,
            "municipality": municipality,
            "indicators": {i["id"]: i for i in read(CONTENT / "indicators.yaml")["indicators"]},
            "programmes": read(CONTENT / "programmes.yaml")["programmes"]}


def test_example_content_validates_without_any_problem():
    report = validate(REPO, use_cache=False)
    assert report.problems == [], problems_text(report)


def test_example_has_units_of_every_kind(example):
    units = example["units"].values()
    assert len(example["units"]) >= 25
    grades = {u.get("grades") for u in units}
    assert {"F-6", "7-9", "F-9", "F-3"} <= grades
    forms = [set(u["school_forms"]) for u in units]
    assert sum(f == {"forskola"} for f in forms) >= 5
    assert any("anpassad-grundskola" in f for f in forms)
    assert any("gymnasieskola" in f for f in forms)
    assert any(u.get("grades") == "F-3" and "fritidshem" in u["school_forms"] for u in units)


def test_example_covers_three_school_years(example):
    assert example["years"] == ["2022-23", "2023-24", "2024-25"]
    assert example["official_only"] == ["2019-20", "2020-21", "2021-22"]  # official meritvärde before the site
    for folder, data in example["municipality"].items():
        assert data["school_year"] == folder.replace("-", "/")


def test_example_has_a_unit_that_opens_in_2023_24(example):
    opening = [u for u in example["units"].values() if "2023-07-01" <= u.get("opened", "") <= "2024-06-30"]
    assert opening
    unit = opening[0]["id"]
    assert ("2022-23", unit) not in example["unit_years"]
    assert ("2023-24", unit) in example["unit_years"] and ("2024-25", unit) in example["unit_years"]


def test_example_has_a_unit_that_closes_into_a_successor(example):
    closing = [u for u in example["units"].values() if u.get("closed") and u.get("successor")]
    assert closing
    unit = closing[0]
    assert unit["closed"] == "2024-06-30"
    assert unit["id"] in example["units"][unit["successor"]].get("predecessors", [])
    assert ("2023-24", unit["id"]) in example["unit_years"]
    assert ("2024-25", unit["id"]) not in example["unit_years"]


def test_example_suppresses_small_gender_groups(example):
    found = False
    for data in example["unit_years"].values():
        for result in data["results"]:
            if result.get("girls") == {"status": "too_few"} and "denominator" in result.get("total", {}):
                found = True
            for group in GROUPS:
                figure = result.get(group, {})
                assert figure.get("denominator", 10) >= 10 or group == "total"
    assert found


def test_example_values_are_in_realistic_ranges(example):
    def totals(indicator: str, stage: str | None = None) -> list[float]:
        out = []
        for data in example["unit_years"].values():
            for result in data["results"]:
                if result["indicator"] == indicator and (stage is None or result.get("stage") == stage):
                    value = synthetic.figure_value(result.get("total"))
                    if value is not None:
                        out.append(value)
        assert out, indicator
        return out

    assert all(195 <= v <= 265 for v in totals("meritvarde-ak9"))
    assert all(70 <= v <= 97 for v in totals("behorighet-yrkes-ak9"))
    assert all(45 <= v <= 100 for v in totals("trygghet") + totals("nojdhet") + totals("studiero"))
    assert 55 <= sum(totals("studiero", "7-9")) / len(totals("studiero", "7-9")) <= 75


def test_example_indicator_catalogue(example):
    indicators = example["indicators"]
    required = ["meritvarde-ak9", "behorighet-yrkes-ak9", "behorighet-hogskola-ak9", "minst-e-alla-amnen-ak9",
                "minst-e-alla-amnen-ak6", "trygghet", "studiero", "nojdhet", "inflytande", "forskola-maluppfyllelse",
                "fritids-nojdhet", "franvaro", "nationella-prov-ma-ak6", "gymnasie-examen", "salsa-avvikelse"]
    assert set(required) <= set(indicators)
    merit = indicators["meritvarde-ak9"]
    assert (merit["unit"], merit["scale"]["max"], merit["aggregation"]) == ("points", 340, "weighted_mean")
    assert [(v["from"], v.get("scale_max")) for v in merit["versions"]] == [("2011/12", 320), ("2013/14", 340)]
    assert indicators["franvaro"]["better"] == "lower"
    assert indicators["salsa-avvikelse"]["aggregation"] == "none"
    assert indicators["salsa-avvikelse"]["scale"] == {"min": -60, "max": 60}
    for ratio in ("behorighet-yrkes-ak9", "trygghet", "gymnasie-examen", "nationella-prov-ma-ak6"):
        assert (indicators[ratio]["unit"], indicators[ratio]["aggregation"]) == ("percent", "ratio")
    assert any(v["from"] == "2020/21" for i in indicators.values() if i["unit"] == "index" for v in i.get("versions", []))


def test_example_programme_spans_units_and_years_and_is_followed_up(example):
    spanning = [p for p in example["programmes"] if len(p["units"]) >= 3 and p.get("end")
                and int(p["end"][:4]) - int(p["start"][:4]) >= 2]
    assert spanning
    programme = spanning[0]["id"]
    followed = [y for y, data in example["municipality"].items()
                if any(f["programme"] == programme for f in data.get("programme_follow_up", []))]
    assert len(followed) == 3


def test_example_inspections_complaints_and_sick_leave(example):
    owner = [i for data in example["municipality"].values() for i in data.get("inspections", [])]
    units = [i for data in example["unit_years"].values() for i in data.get("inspections", [])]
    assert owner and units
    inspection = next(i for i in owner if i["status"] == "closed")
    assert {"review_start", "decision_date", "report_deadline", "report_submitted", "closed_date"} <= set(inspection)
    references = [ref for area in inspection["areas"] for ref in area["legal_references"]]
    assert "1 kap. 9 § skollagen" in references
    assert {"injunction", "deficiency"} & {a["verdict"] for i in units for a in i.get("areas", [])}
    assert {i["status"] for i in owner + units} >= {"closed", "open", "awaiting_report"}
    first, *later = example["years"]
    assert "sick_leave" not in example["municipality"][first]  # that year's source gives annual figures only
    for year in later:
        data = example["municipality"][year]
        groups = {entry["group"] for entry in data["sick_leave"]}
        assert groups == {"total", "women", "men"}
        assert len({entry["month"] for entry in data["sick_leave"]}) >= 10
    for data in example["municipality"].values():
        assert len(data["complaints"]) >= 4
        measures = {entry["measure"] for entry in data["staff"]}
        assert {"Sjukfrånvaro", "Korttidssjukfrånvaro", "Personalomsättning"} <= measures
        assert all(entry["source"] for entry in data["staff"])
    compared = [e for e in example["municipality"][first]["staff"] if e.get("period")]
    assert compared and compared[0]["measure"] == "Sjukfrånvaro"  # the source compares with the year before


def test_example_leaves_out_facts_the_sources_lack_and_gives_months(example):
    """Nothing invented: a unit without an opening date, one without an area; months where only they are known."""
    units = example["units"].values()
    assert any("opened" not in u for u in units) and any("area" not in u for u in units)
    assert any(len(p["start"]) == 7 for p in example["programmes"])
    actions = [a for data in example["municipality"].values() for area in data["improvement_areas"]
               for a in area.get("actions", [])]
    assert any(len(a.get("start", "")) == 7 for a in actions)
    assert any(a.get("months") for a in actions)


def test_example_goals_and_self_assessment(example):
    for data in example["municipality"].values():
        areas = {a["id"]: a for a in data["goal_areas"]}
        assert {"larande", "normer-och-varden", "ledarskap", "arbetsmiljo"} <= set(areas)
        for area in areas.values():
            assert any(g.get("direction") == "increase" and g.get("indicators") and "ska öka" in g["text"]
                       for g in area["goals"])
        assert len(data["self_assessment"]) == 4
        for strategy in data["self_assessment"]:
            assert len(strategy["criteria"]) == 4
            assert all(set(c["scores"]) == {"U", "VC"} for c in strategy["criteria"])
            assert set(strategy["published_means"]["means"]) == {"U", "VC"} and strategy["published_means"]["source"]
    roles = {role for data in example["unit_years"].values() for s in data.get("self_assessment", [])
             for c in s["criteria"] for role in c["scores"]}
    assert roles == {"R", "FL", "L", "M"}


def test_example_self_assessment_catalogue_has_seed004s_roles():
    catalogue = yaml.safe_load((REPO / "content" / "self_assessment.yaml").read_text("utf-8"))
    roles = {r["code"]: r["meaning"] for r in catalogue["roles"]}
    assert set(roles) == {"U", "VC", "R", "FL", "L", "M"}
    assert roles["FL"] == "förskolans ledningsgrupper eller liknande"
    assert [len(s["criteria"]) for s in catalogue["strategies"]] == [4, 4, 4, 4]
