"""Skolinspektionen's inspections of a unit or of the owner, with statuses as of the report date."""

from __future__ import annotations

import random
from datetime import date, timedelta

from .text import FINDINGS, INSPECTION_AREAS, MEASURES, OWNER_INSPECTION_AREAS
from .units import UnitSpec, slug
from .years import weekday_on_or_after, workday


def unit_inspection(rng: random.Random, unit: UnitSpec, start: int, today: date) -> dict:
    """A Skolinspektionen inspection of one unit during school year ``start``, with a realistic status."""
    preschool = unit.kind == "forskola"
    kind = rng.choice(["Regelbunden tillsyn", "Regelbunden tillsyn", "Kvalitetsgranskning", "Anmälningsärende"])
    if kind == "Anmälningsärende":
        keys = ["krankning"]
    elif preschool:
        keys = rng.sample(["undervisning", "barngrupp", "krankning", "rektor"], 2)
    else:
        keys = rng.sample(["undervisning", "trygghet", "krankning", "stod", "rektor", "behorighet"], rng.randint(2, 4))
    review_start = workday(date(start, 9, 15) + timedelta(days=rng.randint(0, 200)))
    review_end = review_start + timedelta(days=0 if kind == "Anmälningsärende" else 2)
    decision = workday(review_end + timedelta(days=rng.randint(21, 55)))
    weights = ([("no_remarks", 4), ("development_needed", 3)] if kind == "Kvalitetsgranskning"
               else [("no_remarks", 5), ("deficiency", 4), ("injunction", 1)])
    verdicts = rng.choices([v for v, _ in weights], [w for _, w in weights], k=len(keys))
    number = f"{decision.year}:{rng.randint(1000, 9999)}"
    data: dict = {"id": f"si-{review_start.year}-{slug(kind)}", "authority": "Skolinspektionen", "kind": kind,
                  "case_number": number, "review_start": review_start.isoformat(), "review_end": review_end.isoformat()}
    if decision > today:
        data["status"] = "open"
        return data
    data["decision_date"] = decision.isoformat()
    needs_report = any(v in ("deficiency", "injunction", "development_needed") for v in verdicts)
    status = "closed"
    if needs_report:
        deadline = workday(decision + timedelta(days=rng.choice([90, 120, 180])))
        data["report_deadline"] = deadline.isoformat()
        submitted = deadline - timedelta(days=rng.randint(1, 14))
        if submitted <= today:
            data["report_submitted"] = submitted.isoformat()
            closed = workday(submitted + timedelta(days=rng.randint(20, 60)))
            if closed <= today:
                data["closed_date"] = closed.isoformat()
            else:
                status = "follow_up"
        else:
            status = "awaiting_report"
    else:
        data["closed_date"] = decision.isoformat()
    data["status"] = status
    areas = []
    for key, verdict in zip(keys, verdicts):
        reviewed = INSPECTION_AREAS[key]
        area = {"name": reviewed["name"], "legal_references": list(reviewed["legal_references"]), "verdict": verdict,
                "finding": FINDINGS[verdict]}
        if verdict != "no_remarks" and "report_submitted" in data:
            area["measures"] = MEASURES[key]
        areas.append(area)
    data["areas"] = areas
    return data


def owner_inspection(rng: random.Random, start: int, today: date) -> dict:
    """A quality inspection of the owner, modelled on Skolinspektionen's follow-up decisions."""
    review_start = weekday_on_or_after(date(start, 12, 2), rng.choice([0, 1]))
    review_end = review_start + timedelta(days=2)
    decision = weekday_on_or_after(date(start + 1, 1, 18), 0)
    deadline = workday(date(start + 1, 12, 18))
    data: dict = {"id": f"si-{start}-kvalitetsgranskning-huvudman", "authority": "Skolinspektionen",
                  "kind": "Planerad kvalitetsgranskning av huvudman", "case_number": f"{start}:{rng.randint(1000, 9999)}",
                  "review_start": review_start.isoformat(), "review_end": review_end.isoformat()}
    if decision > today:
        data["status"] = "open"
        return data
    data["decision_date"] = decision.isoformat()
    data["report_deadline"] = deadline.isoformat()
    submitted = deadline - timedelta(days=1)
    closed = workday(submitted + timedelta(days=rng.randint(35, 60)))
    followed_up = submitted <= today
    if followed_up:
        data["report_submitted"] = submitted.isoformat()
    if followed_up and closed <= today:
        data["closed_date"] = closed.isoformat()
        data["status"] = "closed"
        verdicts = ("sufficient_measures", "work_begun")
    else:
        data["status"] = "follow_up" if followed_up else "awaiting_report"
        verdicts = ("development_needed", "development_needed")
    data["areas"] = [
        {"name": area["name"], "legal_references": list(area["legal_references"]), "verdict": verdict,
         "finding": area["finding"]}
        for area, verdict in zip(OWNER_INSPECTION_AREAS, verdicts)]
    if followed_up:
        for area, text in zip(data["areas"], OWNER_INSPECTION_AREAS):
            area["measures"] = text["measures"]
    return data
