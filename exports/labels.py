"""Words shown for a shift: its duty ("Phone duty", "Chat, E-mail")."""

from __future__ import annotations

from collections.abc import Callable

from models.domain import Agent, DutyKind, Scenario, Shift, SkillCategory

ON_DUTY = "On duty"
STANDBY = "Standby"


def duty_labeller(scenario: Scenario) -> Callable[[Shift, Agent | None], str]:
    """A function naming what an agent does on a shift, in words a calendar title can carry.

    A dedicated duty is named by its requirement ("Phone duty"). Otherwise the agent serves
    every shared requirement their skills meet, so the label lists the agent's channels
    ("Chat, E-mail"), leaving out channels that only a dedicated duty asks for. A standby
    shift says so, with the requirement it stands by for ("Standby: Linux tier 2").
    """
    names = {r.id: r.name for t in scenario.targets for r in t.requirements}
    names.update({r.id: r.name for r in scenario.target.requirements})
    requirements = scenario.target.requirements
    dedicated = {s for r in requirements if r.duty is DutyKind.DEDICATED for s in r.skills}
    shared = {s for r in requirements if r.duty is not DutyKind.DEDICATED for s in r.skills}
    channels = [s for s in scenario.skills if s.category is SkillCategory.CHANNEL
                and (s.id not in dedicated or s.id in shared)]
    cache: dict[str, str] = {}

    def label(shift: Shift, agent: Agent | None) -> str:
        if shift.is_standby:
            return f"{STANDBY}: {names.get(str(shift.duty), shift.duty)}"
        if shift.duty is not None:
            return names.get(shift.duty, shift.duty)
        if agent is None:
            return ON_DUTY
        if agent.id not in cache:
            mine = [s.name for s in channels if agent.has_skill(s.id)]
            cache[agent.id] = ", ".join(mine) if mine else ON_DUTY
        return cache[agent.id]

    return label


def duty_label(scenario: Scenario, shift: Shift) -> str:
    """The duty of one shift (see :func:`duty_labeller`)."""
    agent = next((a for a in scenario.agents if a.id == shift.agent_id), None)
    return duty_labeller(scenario)(shift, agent)
