"""The objective of the fairness hand-overs (:mod:`solver.fairness_repair`), kept as arrays
over the agents so that scoring a move stays cheap on a team of hundreds."""

from __future__ import annotations

import numpy as np


class HandOverObjective:
    """Per kind: minutes above each agent's fair share, plus the largest, plus in each group
    of alike agents the largest and the spread (most minus fewest), with the shares taken from
    the plan's current totals (as the report computes them).

    The spread is what the manager compares side by side, and here, unlike in the solver's
    terms (:mod:`solver.fairness`), rewarding the least loaded is safe: every move hands a
    shift over to someone who fills what it filled, so it can never plan a useless shift. It
    lets a hand-over *to* the idlest of a group count when the busiest cannot give, and a
    hand-over *from* the busiest to anyone who can take the hours (a Santiago agent's evening
    goes to New York even if New York is further above its share): on the demo at 28 days,
    the hand-overs alone bring the night pair from 31 h apart to 4 h and the worst weekend
    group from 54 h to 2 h; without the spread, Lucía and Diego stayed 14 h apart.

    Kept as arrays over the agents, with each kind's total kept as moves are made: a move
    changes every agent's share (the total moves), so each value is a pass over the team, and
    in numpy that pass costs 400 agents about what a pass in Python costs 16 (400 agents:
    1.1 ms a value in Python, with the team summed again for each agent's excess: 10 moves a
    second)."""

    def __init__(self, weights: dict[str, int], fractions: dict[str, dict[str, float]],
                 carried: dict[str, dict[str, int]], worked: dict[str, dict[str, int]],
                 alike: dict[str, list[tuple[str, ...]]]) -> None:
        self.weights, self.alike = weights, alike
        self.agents = list(next(iter(worked.values())))
        self.position = {a: i for i, a in enumerate(self.agents)}
        self.worked = {k: np.array([worked[k][a] for a in self.agents], dtype=np.float64)
                       for k in weights}
        self.totals = {k: float(self.worked[k].sum()) for k in weights}
        self.fractions = {k: np.array([fractions[k].get(a, 0.0) for a in self.agents])
                          for k in weights}
        self.carried = {k: np.array([carried[k].get(a, 0) for a in self.agents],
                                    dtype=np.float64) for k in weights}
        self.has_share = {k: np.array([a in fractions[k] for a in self.agents], dtype=bool)
                          for k in weights}
        # Each kind's alike groups (of agents with a share) laid end to end, for reduceat.
        self.members: dict[str, np.ndarray] = {}
        self.group_starts: dict[str, np.ndarray] = {}
        for k in weights:
            groups = [[self.position[a] for a in g if a in fractions[k]] for g in alike[k]]
            groups = [g for g in groups if len(g) > 1]
            self.members[k] = np.array([i for g in groups for i in g], dtype=np.intp)
            self.group_starts[k] = np.cumsum([0] + [len(g) for g in groups[:-1]],
                                             dtype=np.intp)

    def add(self, agent_id: str, kind: str, minutes: int) -> None:
        """The agent works ``minutes`` more of ``kind`` (fewer when negative)."""
        self.worked[kind][self.position[agent_id]] += minutes
        self.totals[kind] += minutes

    def excesses(self, kind: str) -> dict[str, float]:
        """Minutes each agent works above the fair share of ``kind`` (below when negative)."""
        excess = (self.worked[kind] - self.fractions[kind] * self.totals[kind]
                  + self.carried[kind])
        return dict(zip(self.agents, excess.tolist(), strict=True))

    def value(self, change: dict[str, dict[str, int]] | None = None) -> float:
        change = change or {}
        result = 0.0
        for kind, weight in self.weights.items():
            now, total = self.worked[kind], self.totals[kind]
            moved = [(self.position[a], d[kind]) for a, d in change.items() if d.get(kind)]
            if moved:
                now = now.copy()
                for i, m in moved:
                    now[i] += m
                    total += m
            excess = now - self.fractions[kind] * total + self.carried[kind]
            result += weight * float(np.maximum(excess, 0.0).sum())
            over = excess[self.has_share[kind]]
            if len(over) > 1:
                result += weight * float(over.max())
            members = self.members[kind]
            if len(members):
                alike = excess[members]
                starts = self.group_starts[kind]
                result += weight * float((2 * np.maximum.reduceat(alike, starts)
                                          - np.minimum.reduceat(alike, starts)).sum())
        return result
