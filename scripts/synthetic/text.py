"""The Swedish text pools and the indicator catalogue, read once from text.yaml and indicators.yaml."""

from __future__ import annotations

from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent


def _read(name: str) -> dict:
    return yaml.safe_load((HERE / name).read_text(encoding="utf-8"))


_TEXT = _read("text.yaml")

INDICATORS: list[dict] = _read("indicators.yaml")["indicators"]
POPULATION_GROUPS: list[dict] = _read("indicators.yaml").get("groups", [])
INDICATOR_BY_ID = {item["id"]: item for item in INDICATORS}

UNIT_NAMES: dict[str, list[str]] = _TEXT["unit_names"]
IMPROVEMENT_POOL: list[dict] = _TEXT["improvement_areas"]
IMPROVEMENT_BY_ID = {area["id"]: area for area in IMPROVEMENT_POOL}
GOAL_TEXT: dict[str, str] = _TEXT["goal_text"]
PHRASE: dict[str, list[str]] = _TEXT["phrases"]
"""Indicator → [what its result is called in running text, its unit in words]."""
STAGE_WORDS: dict[str, str] = _TEXT["stage_words"]
STRATEGIES: list[dict] = _TEXT["strategies"]
SELF_ASSESSMENT_ROLES: list[dict] = _TEXT["self_assessment_roles"]
DEVELOPMENT_TEXTS: dict[str, dict[str, list[str]]] = _TEXT["development_texts"]
UNIT_ANALYSIS: dict = _TEXT["unit_analysis"]
INSPECTION_AREAS: dict[str, dict] = _TEXT["inspection_areas"]
FINDINGS: dict[str, str] = _TEXT["findings"]
MEASURES: dict[str, str] = _TEXT["measures"]
OWNER_INSPECTION_AREAS: list[dict] = _TEXT["owner_inspection_areas"]
GOAL_AREAS: list[dict] = _TEXT["goal_areas"]
MUNICIPAL_AREAS: list[dict] = _TEXT["municipal_areas"]
PRIORITIES: list[str] = _TEXT["priorities"]
RECOMMENDATIONS: list[str] = _TEXT["recommendations"]
COMPLAINT_CATEGORIES: list[dict] = _TEXT["complaint_categories"]
OWNER_ANALYSIS: dict = _TEXT["owner_analysis"]
PROGRAMMES: dict[str, dict] = _TEXT["programmes"]
PROGRAMME_FOLLOW_UP: dict[str, dict[str, dict[str, str]]] = _TEXT["programme_follow_up"]
"""Programme id (or "default") → "first", "middle" or "last" year → assessment and qualitative effects."""
