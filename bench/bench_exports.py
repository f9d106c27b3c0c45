"""Export benchmark: 1000 agents × 1 month to .ics, .xlsx, .csv and the payroll CSV, and a
forced LibreOffice recalculation of the workbook (goals at that size: workbook ≤ 30 s, forced
recalculation ≤ 20 s).

    python -m bench.bench_exports [--agents 1000] [--days 31] [--seed 0] [--repeat 3]
                                  [--no-libreoffice]

Builds its own seeded team and plan (no solver needed): agents spread over zones with DST,
half-hour and 45-minute offsets; each works five shifts a week at a start time fixed per agent.
Prints a table and writes ``bench/exports_results.json``. Times are the best of ``--repeat``.

The recalculation opens the workbook in LibreOffice headless with an isolated profile set to
recalculate every formula on load and saves its first sheet as CSV (so saving costs nearly
nothing); the same with recalculation switched off is the cost of starting and loading alone.
CPU seconds are LibreOffice's own (its process and children).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

from exports.csvfile import build_csv
from exports.hours import plan_hours
from exports.ics import build_calendars
from exports.payroll import build_payroll_csv
from exports.xlsx import build_workbook
from models.domain import (
    Agent,
    AgentSkill,
    Contract,
    CoverageTarget,
    DutyKind,
    Period,
    Plan,
    Premiums,
    Requirement,
    Scenario,
    Shift,
    Skill,
    SkillCategory,
    Team,
    WeeklyWindow,
)
from models.timerules import to_utc

ZONES = [("Europe/Tallinn", "EE", ""), ("Europe/Berlin", "DE", "BY"), ("Europe/Madrid", "ES", "MD"),
         ("America/New_York", "US", "NY"), ("America/Santiago", "CL", ""),
         ("Asia/Kolkata", "IN", ""), ("Asia/Kathmandu", "NP", ""),
         ("Australia/Sydney", "AU", "NSW")]
STARTS = [(0, 0), (6, 0), (8, 0), (9, 30), (14, 0), (22, 0)]
FIRST_DAY = date(2026, 10, 19)  # covers the European and American fall-back nights


def make_instance(agents: int, days: int, seed: int) -> tuple[Scenario, Plan]:
    rng = random.Random(seed)
    team = Team("Benchmark desk", "Europe/Tallinn", 30, premiums=Premiums(1.25, 1.5, 2.0))
    skills = (Skill("phone", "Phone", SkillCategory.CHANNEL),
              Skill("chat", "Chat", SkillCategory.CHANNEL),
              Skill("email", "E-mail", SkillCategory.CHANNEL))
    contract = Contract("ft", "Full-time", 0, 48, max_hours_per_day=10, max_shift_hours=10)
    people = []
    for i in range(agents):
        zone, country, sub = ZONES[i % len(ZONES)]
        chosen = rng.sample(["phone", "chat", "email"], k=rng.randint(1, 3))
        people.append(Agent(f"agent-{i:04d}", f"Agent {i:04d}", zone, "ft",
                            tuple(AgentSkill(s) for s in chosen), display_name=f"Agent {i}",
                            country=country, subdivision=sub,
                            hourly_cost=round(rng.uniform(12, 45), 2),
                            currency="EUR" if zone.startswith("Europe") else "USD"))
    always = WeeklyWindow(frozenset(range(7)), datetime.min.time(), datetime.min.time(), True)
    target = CoverageTarget("t", "24/7", (
        Requirement("open", "Always open", always, max(1, agents // 20), priority=1),
        Requirement("phone", "Phone duty", always, max(1, agents // 80), ("phone",), priority=1,
                    duty=DutyKind.DEDICATED),
    ))
    scenario = Scenario(team, skills, (contract,), tuple(people), (target,), "t")
    shifts = []
    for i, agent in enumerate(people):
        hour, minute = STARTS[rng.randrange(len(STARTS))]
        off = {(i + k) % 7 for k in (0, 1)}
        for d in range(days):
            day = FIRST_DAY + timedelta(days=d)
            if day.weekday() in off:
                continue
            start = to_utc(day, datetime.min.time().replace(hour=hour, minute=minute),
                           agent.time_zone)
            end_day = day + timedelta(days=1) if hour >= 16 else day
            end = to_utc(end_day, datetime.min.time().replace(hour=(hour + 8) % 24,
                                                              minute=minute), agent.time_zone)
            duty = "phone" if agent.has_skill("phone") and rng.random() < 0.2 else None
            shifts.append(Shift(f"{agent.id}:{day.isoformat()}", agent.id, start, end, duty))
    plan = Plan(Period(FIRST_DAY, days), tuple(shifts), id="bench",
                created_at=datetime(2026, 10, 1, tzinfo=UTC))
    return scenario, plan


T = TypeVar("T")


def best_of(repeat: int, job: Callable[[], T]) -> tuple[tuple[float, float], T]:
    """(best wall-clock seconds, best CPU seconds) and the job's result."""
    wall, cpu = [], []
    for _ in range(max(repeat, 1)):
        t0, c0 = time.perf_counter(), time.process_time()
        result = job()
        wall.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return (min(wall), min(cpu)), result


_RECALC = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>{mode}</value></prop></item>
</oor:items>
"""  # mode 0: always recalculate on load; 1: never


def libreoffice_seconds(workbook: bytes, *, recalculate: bool) -> tuple[float, float]:
    """(wall, CPU) seconds of LibreOffice headless opening ``workbook`` and saving its first
    sheet as CSV, after a warm-up run that creates the profile."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice is not installed (apt-get install libreoffice-calc)")
    with tempfile.TemporaryDirectory(prefix="coverage-recalc-") as folder:
        work = Path(folder)
        (work / "profile" / "user").mkdir(parents=True)
        (work / "profile" / "user" / "registrymodifications.xcu").write_text(
            _RECALC.format(mode=0 if recalculate else 1), encoding="utf-8")
        (work / "workbook.xlsx").write_bytes(workbook)
        (work / "warm.csv").write_text("1\n", encoding="utf-8")

        def convert(name: str) -> None:
            subprocess.run([soffice, f"-env:UserInstallation={(work / 'profile').as_uri()}",
                            "--headless", "--norestore", "--convert-to", "csv", "--outdir",
                            str(work / "out"), str(work / name)],
                           check=True, capture_output=True, timeout=1800)

        convert("warm.csv")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        convert("workbook.xlsx")
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agents", type=int, default=1000)
    parser.add_argument("--days", type=int, default=31)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-libreoffice", action="store_true",
                        help="skip the LibreOffice recalculation")
    parser.add_argument("--json", type=Path, default=Path(__file__).with_name(
        "exports_results.json"))
    args = parser.parse_args()
    scenario, plan = make_instance(args.agents, args.days, args.seed)
    now = datetime(2026, 10, 1, tzinfo=UTC)
    t_hours, _ = best_of(args.repeat, lambda: plan_hours(scenario, plan))
    t_ics, files = best_of(args.repeat, lambda: build_calendars(scenario, plan, {}, now=now))
    t_xlsx, book = best_of(args.repeat, lambda: build_workbook(scenario, plan, now=now))
    t_csv, table = best_of(args.repeat, lambda: build_csv(scenario, plan))
    t_payroll, payroll = best_of(args.repeat, lambda: build_payroll_csv(scenario, plan))
    ics_bytes = sum(len(f.data) for f in files)
    rows = [
        ("hours accounting", t_hours, "-", ""),
        (".ics (all agents + team)", t_ics, f"{ics_bytes / 1e6:.1f} MB", ""),
        (".xlsx workbook", t_xlsx, f"{len(book) / 1e6:.1f} MB",
         "goal ≤ 30 s at 1000 agents × 1 month"),
        (".csv", t_csv, f"{len(table) / 1e6:.1f} MB", ""),
        ("payroll .csv", t_payroll, f"{len(payroll) / 1e6:.1f} MB", ""),
    ]
    recalc: dict[str, tuple[float, float]] = {}
    if not args.no_libreoffice:
        recalc["load_only"] = libreoffice_seconds(book, recalculate=False)
        recalc["forced_recalculation"] = libreoffice_seconds(book, recalculate=True)
        rows += [
            ("LibreOffice: open, no recalc", recalc["load_only"], "-", "start and load alone"),
            ("LibreOffice: forced recalc", recalc["forced_recalculation"], "-",
             "goal ≤ 20 s at 1000 agents × 1 month"),
        ]
    print(f"{args.agents} agents × {args.days} days, {len(plan.shifts)} shifts, "
          f"{len(files)} calendars (Python {platform.python_version()}, best of {args.repeat})")
    print(f"{'export':<28}{'wall s':>8}{'CPU s':>8}{'size':>10}  note")
    for name, (wall, cpu), size, note in rows:
        print(f"{name:<28}{wall:>8.2f}{cpu:>8.2f}{size:>10}  {note}")
    if hasattr(os, "getloadavg"):
        print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    args.json.write_text(json.dumps({
        "agents": args.agents, "days": args.days, "seed": args.seed,
        "shifts": len(plan.shifts), "calendars": len(files),
        "wall_seconds": {"hours": t_hours[0], "ics": t_ics[0], "xlsx": t_xlsx[0],
                         "csv": t_csv[0], "payroll": t_payroll[0],
                         **{f"libreoffice_{k}": v[0] for k, v in recalc.items()}},
        "cpu_seconds": {"hours": t_hours[1], "ics": t_ics[1], "xlsx": t_xlsx[1],
                        "csv": t_csv[1], "payroll": t_payroll[1],
                        **{f"libreoffice_{k}": v[1] for k, v in recalc.items()}},
        "bytes": {"ics": ics_bytes, "xlsx": len(book), "csv": len(table),
                  "payroll": len(payroll)},
        "python": platform.python_version(), "machine": platform.machine(),
    }, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
