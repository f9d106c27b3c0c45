"""Scenario and plan files: versioned JSON documents (see docs/formats.md).

Reading reports every problem at once, each with its path in the document
(``agents[3].time_zone: 'Europe/Talinn' is not a time zone; did you mean 'Europe/Tallinn'?``).
Writing is atomic: a file is either the old one or the whole new one, never half-written.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from models.atomic_write import write_text_atomic
from models.domain import (
    DomainError,
    Plan,
    Problem,
    Scenario,
    reference_problems,
    suggest,
)
from models.jsonio import JSON, Decoder, _Invalid, encode, schema_of

SCENARIO_FORMAT = "coverage-scheduler/scenario"
PLAN_FORMAT = "coverage-scheduler/plan"
# 2: a requirement may ask for a minimum skill level (``min_level``);
# 3: a requirement may allow holes shorter than a response time (``allowance_minutes``);
# 4: standby: a requirement may accept it (``standby_reach_minutes``), a shift has a ``kind``
#    (on_duty or standby), the team's premiums a ``standby_rate``.
SCENARIO_VERSION = 4
# 2: a shift has a ``kind`` (on_duty or standby).
PLAN_VERSION = 2
OLDER_PLAN_VERSIONS = (1,)
# The requirement fields that came after version 1, and the version each came in.
REQUIREMENT_FIELDS_SINCE = {"min_level": 2, "allowance_minutes": 3, "standby_reach_minutes": 4}
STANDBY_SINCE = 4  # history shifts' ``kind`` and the premiums' ``standby_rate`` came in 4
# Older scenario versions this program still reads, and what each one lacks.
OLDER_SCENARIO_VERSIONS = {
    version: tuple(k for k, since in REQUIREMENT_FIELDS_SINCE.items() if since > version)
    for version in range(1, SCENARIO_VERSION)
}


# --------------------------------------------------------------------------------------------
# Documents
# --------------------------------------------------------------------------------------------


def scenario_to_json(scenario: Scenario) -> dict[str, JSON]:
    return {"format": SCENARIO_FORMAT, "version": SCENARIO_VERSION, **encode(scenario)}


def plan_to_json(plan: Plan) -> dict[str, JSON]:
    return {"format": PLAN_FORMAT, "version": PLAN_VERSION, **encode(plan)}


def _body(data: JSON, expected_format: str, version: int,
          older: tuple[int, ...] = ()) -> dict[str, JSON]:
    if not isinstance(data, dict):
        raise DomainError([Problem("", type(data).__name__, "the document must be a JSON object")])
    fmt = data.get("format")
    if fmt != expected_format:
        hint = ("this is a plan file; pass it as the plan" if fmt == PLAN_FORMAT else
                "this is a scenario file" if fmt == SCENARIO_FORMAT else None)
        raise DomainError([Problem("format", fmt, f"expected {expected_format!r}", hint)])
    found = data.get("version")
    if type(found) is not int or (found != version and found not in older):
        *first, last = [str(v) for v in sorted({*older, version})]
        readable = f"{', '.join(first)} and {last}" if first else last
        raise DomainError([Problem("version", found,
                                   f"this program reads version {readable} of {expected_format}",
                                   "upgrade Coverage Scheduler to read newer files")])
    return {k: v for k, v in data.items() if k not in ("format", "version")}


def _older_scenario_problems(body: dict[str, JSON], version: int) -> list[Problem]:
    """Fields a scenario of an older version cannot hold (they came later): reading such a
    document as if it were newer would hide that it was written wrongly."""
    missing = OLDER_SCENARIO_VERSIONS.get(version, ())
    problems = []
    targets = body.get("targets")
    for i, target in enumerate(targets if isinstance(targets, list) else []):
        requirements = target.get("requirements") if isinstance(target, dict) else None
        for j, requirement in enumerate(requirements if isinstance(requirements, list) else []):
            for key in missing:
                if isinstance(requirement, dict) and key in requirement:
                    since = REQUIREMENT_FIELDS_SINCE[key]
                    problems.append(Problem(
                        f"targets[{i}].requirements[{j}].{key}", requirement[key],
                        f"{key!r} is new in version {since}; this file says version "
                        f"{version}", f'write "version": {since}'))
    if version < STANDBY_SINCE:
        problems.extend(_standby_fields_in_older(body, version))
    return problems


def _standby_fields_in_older(body: dict[str, JSON], version: int) -> Iterator[Problem]:
    """Standby fields outside requirements in a document older than version 4."""
    team = body.get("team")
    premiums = team.get("premiums") if isinstance(team, dict) else None
    found: list[tuple[str, JSON]] = []
    if isinstance(premiums, dict) and "standby_rate" in premiums:
        found.append(("team.premiums.standby_rate", premiums["standby_rate"]))
    history = body.get("history")
    for i, shift in enumerate(history if isinstance(history, list) else []):
        if isinstance(shift, dict) and "kind" in shift:
            found.append((f"history[{i}].kind", shift["kind"]))
    for path, value in found:
        key = path.rsplit(".", 1)[-1]
        yield Problem(path, value, f"{key!r} is new in version {STANDBY_SINCE}; this file says "
                      f"version {version}", f'write "version": {STANDBY_SINCE}')


def scenario_from_json(data: JSON) -> Scenario:
    """A Scenario from its JSON document, or DomainError listing every problem.

    An older document reads as the newest: a version 1 requirement at level 1 (any level of
    its skills counts, as version 1 meant), a version 1 or 2 requirement with no response
    allowance (the headcount in every slot, as those versions meant), a version 1 to 3
    requirement that does not accept standby and history shifts all on duty."""
    body = _body(data, SCENARIO_FORMAT, SCENARIO_VERSION, tuple(OLDER_SCENARIO_VERSIONS))
    if isinstance(data, dict) and data.get("version") != SCENARIO_VERSION:
        older = _older_scenario_problems(body, cast(int, data["version"]))
        if older:
            raise DomainError(older)
    decoder = Decoder()
    try:
        return cast(Scenario, decoder.decode(Scenario, body, ""))
    except _Invalid:
        problems = decoder.problems
    # Some objects did not decode, so Scenario never checked its references: check them on a
    # skeleton of the raw document, so a missing skill is reported beside a misspelt zone.
    if not any(p.path.startswith(("team", "active_target_id")) and p.message == "is missing"
               for p in problems):
        problems += [p for p in reference_problems(*_skeleton(body)) if p not in problems]
    raise DomainError(problems)


def plan_from_json(data: JSON) -> Plan:
    """A Plan from its JSON document; a version 1 plan's shifts are all on duty."""
    body = _body(data, PLAN_FORMAT, PLAN_VERSION, OLDER_PLAN_VERSIONS)
    if isinstance(data, dict) and data.get("version") in OLDER_PLAN_VERSIONS:
        shifts = body.get("shifts")
        older = [Problem(f"shifts[{i}].kind", shift["kind"],
                         f"'kind' is new in version {PLAN_VERSION}; this file says version "
                         f"{data['version']}", f'write "version": {PLAN_VERSION}')
                 for i, shift in enumerate(shifts if isinstance(shifts, list) else [])
                 if isinstance(shift, dict) and "kind" in shift]
        if older:
            raise DomainError(older)
    decoder = Decoder()
    try:
        return cast(Plan, decoder.decode(Plan, body, ""))
    except _Invalid:
        raise DomainError(decoder.problems) from None


def plan_problems(plan: Plan, scenario: Scenario) -> list[Problem]:
    """References from a plan to a scenario that do not resolve (unknown agents or duties)."""
    agent_ids = {a.id for a in scenario.agents}
    duty_ids = {r.id for t in scenario.targets for r in t.requirements}
    problems = []
    for i, shift in enumerate(plan.shifts):
        if shift.agent_id not in agent_ids:
            problems.append(Problem(f"shifts[{i}].agent_id", shift.agent_id,
                                    "no such agent in the scenario",
                                    suggest(shift.agent_id, agent_ids)))
        if shift.duty is not None and shift.duty not in duty_ids:
            problems.append(Problem(f"shifts[{i}].duty", shift.duty,
                                    "no such requirement in the scenario",
                                    suggest(shift.duty, duty_ids)))
    return problems


def _skeleton(body: dict[str, JSON]) -> tuple[Any, ...]:
    """Just the ids and references of a raw scenario document, for reference checks."""

    def items(key: str) -> list[dict[str, JSON]]:
        value = body.get(key)
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    def text(obj: dict[str, JSON], key: str) -> str | None:
        value = obj.get(key)
        return value if isinstance(value, str) else None

    ns = SimpleNamespace
    skills = [ns(id=text(s, "id")) for s in items("skills")]
    contracts = [ns(id=text(c, "id")) for c in items("contracts")]
    agents = [
        ns(id=text(a, "id"), contract_id=text(a, "contract_id") or "",
           skills=[ns(skill_id=text(s, "skill_id")) for s in a.get("skills") or []
                   if isinstance(s, dict) and text(s, "skill_id") is not None])
        for a in items("agents")
    ]
    targets = [
        ns(id=text(t, "id"),
           requirements=[ns(skills=[k for k in r.get("skills") or [] if isinstance(k, str)])
                         for r in t.get("requirements") or [] if isinstance(r, dict)])
        for t in items("targets")
    ]
    time_off = [ns(id=text(t, "id"), agent_id=text(t, "agent_id")) for t in items("time_off")]
    history = [ns(agent_id=text(s, "agent_id")) for s in items("history")]
    return (skills, contracts, agents, targets, text(body, "active_target_id") or "",
            time_off, history)


# --------------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------------


def read_json(path: Path) -> JSON:
    """A JSON file's content, or DomainError saying why it cannot be read."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DomainError([Problem("", str(path), "file not found")]) from None
    except (OSError, UnicodeDecodeError) as error:
        raise DomainError([Problem("", str(path), f"cannot read the file: {error}")]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise DomainError([Problem(f"line {error.lineno}, column {error.colno}", str(path),
                                   f"not valid JSON: {error.msg}")]) from None


def write_json_atomic(path: Path, data: JSON) -> None:
    """Write JSON so that ``path`` is either untouched or complete (temp file + rename), with
    the permissions open() would give it (the umask applies)."""
    write_text_atomic(Path(path), json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def read_scenario(path: Path) -> Scenario:
    return scenario_from_json(read_json(Path(path)))


def write_scenario(scenario: Scenario, path: Path) -> None:
    write_json_atomic(Path(path), scenario_to_json(scenario))


def read_plan(path: Path) -> Plan:
    return plan_from_json(read_json(Path(path)))


def write_plan(plan: Plan, path: Path) -> None:
    write_json_atomic(Path(path), plan_to_json(plan))


# --------------------------------------------------------------------------------------------
# Schemas
# --------------------------------------------------------------------------------------------


def _document_schema(cls: type, fmt: str, title: str, version: int) -> dict[str, JSON]:
    defs: dict[str, JSON] = {}
    schema_of(cls, defs)
    root = dict(defs.pop(cls.__name__))
    root["properties"] = {"format": {"const": fmt}, "version": {"const": version},
                          **root["properties"]}
    root["required"] = ["format", "version", *root["required"]]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://coverage-scheduler.invalid/schemas/{fmt.split('/')[1]}-v{version}.json",
        "title": title,
        **root,
        "$defs": dict(sorted(defs.items())),
    }


def scenario_schema() -> dict[str, JSON]:
    return _document_schema(Scenario, SCENARIO_FORMAT, "Coverage Scheduler scenario",
                            SCENARIO_VERSION)


def plan_schema() -> dict[str, JSON]:
    return _document_schema(Plan, PLAN_FORMAT, "Coverage Scheduler plan", PLAN_VERSION)
