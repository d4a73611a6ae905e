"""Baselines and targets per indicator for goals (the goal's ``targets``), as an editor writes them."""

from __future__ import annotations


def set_targets(goals: list[dict], targets: dict[str, list[dict]]) -> None:
    """Give each goal whose id is a key of ``targets`` its baselines and targets (in place). The goal's
    single ``target`` number, the older way to write a target, gives way to them."""
    for goal in goals:
        if goal["id"] in targets:
            goal.pop("target", None)
            goal["targets"] = [dict(t) for t in targets[goal["id"]]]
