"""Each agent's hours, nights, weekends and holidays against the fair share, as a read-only
table over the solver's :class:`solver.types.AgentFairness` rows."""

from __future__ import annotations

from typing import Any

from coverage_app.qtmodels.base import Column, TupleTableModel
from solver.types import AgentFairness, FairShare

SHARE_TIP = ("worked / fair share, hours. The fair share is the team's hours of this kind in "
             "the plan, shared in proportion to contract hours × the hours of this kind the "
             "agent is available for (own zone and country)")


def against(share: FairShare) -> str:
    return f"{share.minutes / 60:.1f} / {share.share / 60:.1f}"


def _carried(a: AgentFairness) -> str:
    kinds = (a.night, a.weekend, a.holiday)
    if not any(k.carried for k in kinds):
        return "–"
    return " / ".join(f"{k.carried / 60:+.1f}" for k in kinds)


def _column(title: str, kind: str) -> Column[AgentFairness]:
    return Column(title, lambda a: against(a.of(kind)),
                  lambda a: f"{title}: {SHARE_TIP}; {a.of(kind).balance / 60:+.1f} h "
                            f"after this plan", align_right=True)


COLUMNS: tuple[Column[AgentFairness], ...] = (
    Column("Agent", lambda a: a.name),
    _column("Hours", "hours"),
    _column("Nights", "night"),
    _column("Weekends", "weekend"),
    _column("Holidays", "holiday"),
    Column("Balance carried", _carried,
           lambda _a: "Night / weekend / holiday hours above (+) or below (−) the fair share "
                      "in earlier published plans", align_right=True),
)


class FairnessTableModel(TupleTableModel[AgentFairness]):
    def __init__(self, rows: tuple[AgentFairness, ...] = (), parent: Any = None) -> None:
        super().__init__(COLUMNS, rows, parent)
