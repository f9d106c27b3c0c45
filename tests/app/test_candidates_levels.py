"""'Who can take this?' in the app lists the more skilled agent first and shows each level."""

from __future__ import annotations

import dataclasses

from coverage_app.pages.rota.advice import CandidatesDialog, default_advice
from coverage_app.state import AppState
from models.domain import AgentSkill, Plan
from tests.solver.factory import MONDAY, WEEK, agent, requirement, scenario, utc


def test_the_dialog_ranks_the_expert_first_and_shows_levels(qtbot) -> None:
    def linux_agent(agent_id: str, level: int, cost: float):  # type: ignore[no-untyped-def]
        plain = agent(agent_id, skills=())
        return dataclasses.replace(plain, skills=(AgentSkill("linux", level),),
                                   hourly_cost=cost)

    sc = scenario([linux_agent("amy", 1, 10.0), linux_agent("zed", 3, 30.0)],
                  [requirement("linux", skills=("linux",), days=frozenset({0}))])
    state = AppState(sc, Plan(WEEK, ()))
    dialog = CandidatesDialog(state, "linux", utc(MONDAY, 8), utc(MONDAY, 16), default_advice)
    qtbot.addWidget(dialog)
    names = [dialog.model.index(row, 0).data() for row in range(dialog.model.rowCount())]
    assert names == ["Zed (level 3)", "Amy (level 1)"]
