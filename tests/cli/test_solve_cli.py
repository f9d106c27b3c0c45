"""``coverage-scheduler solve`` and ``check`` end to end on a tiny scenario file."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from pathlib import Path

import pytest

from coverage_app.cli import main
from coverage_app.services.store import ScenarioStore
from models.files import read_plan, write_plan, write_scenario
from tests.solver.factory import agent, requirement, scenario


@pytest.fixture
def scenario_file(tmp_path: Path) -> Path:
    sc = scenario([agent("ann"), agent("bob", hours=(10, 24))],
                  [requirement(hours=(8, 20)), requirement("ru", skills=("ru",))])
    path = tmp_path / "team.json"
    write_scenario(sc, path)
    return path


def test_solve_writes_a_plan_that_check_accepts(scenario_file: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.json"
    code = main(["solve", str(scenario_file), "--start", "2026-03-02", "--days", "3",
                 "--time-limit", "3", "--seed", "1", "--out", str(out)])
    assert code == 0
    text = capsys.readouterr().out
    assert "Coverage per requirement" in text
    assert "no_skill" in text  # nobody speaks Russian, and the summary says so
    plan = read_plan(out)
    assert plan.shifts
    assert all(g.reason for g in plan.gaps)
    assert main(["check", str(scenario_file), str(out)]) == 0
    assert "No violations" in capsys.readouterr().out


def test_check_exits_1_on_a_broken_plan(scenario_file: Path, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "plan.json"
    assert main(["solve", str(scenario_file), "--start", "2026-03-02", "--days", "2",
                 "--time-limit", "2", "--out", str(out)]) == 0
    plan = read_plan(out)
    first = plan.shifts[0]
    too_long = dataclasses.replace(first, end=first.start + timedelta(hours=12))
    write_plan(dataclasses.replace(plan, shifts=(too_long, *plan.shifts[1:])), out)
    capsys.readouterr()
    assert main(["check", str(scenario_file), str(out)]) == 1
    assert "shift_length" in capsys.readouterr().out


def test_replan_with_previous_lists_the_changes(scenario_file: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    assert main(["solve", str(scenario_file), "--start", "2026-03-02", "--days", "2",
                 "--time-limit", "2", "--out", str(first)]) == 0
    assert main(["solve", str(scenario_file), "--start", "2026-03-02", "--days", "2",
                 "--time-limit", "2", "--previous", str(first),
                 "--keep-before", "2026-03-02T12:00Z", "--keep-after", "2026-03-03T00:00Z",
                 "--out", str(second)]) == 0
    assert "Changes against the previous plan" in capsys.readouterr().out
    kept = {s for s in read_plan(first).shifts if s.start.hour < 12 or s.start.day == 3}
    assert kept <= set(read_plan(second).shifts)


def test_bad_input_exits_2_and_writes_nothing(scenario_file: Path, tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    assert main(["solve", str(tmp_path / "missing.json"), "--start", "2026-03-02",
                 "--out", str(out)]) == 2
    assert main(["solve", str(scenario_file), "--start", "2026-03-02", "--days", "0",
                 "--out", str(out)]) == 2
    assert main(["solve", str(scenario_file), "--start", "2026-03-02",
                 "--keep-after", "2026-03-03T00:00Z", "--out", str(out)]) == 2
    assert main(["solve", str(scenario_file), "--start", "2026-03-02",
                 "--max-memory", "64", "--out", str(out)]) == 2
    assert not out.exists()


def test_solve_reads_the_team_from_a_database(tmp_path: Path) -> None:
    db = tmp_path / "team.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    out = tmp_path / "plan.json"
    assert main(["solve", "--db", str(db), "--start", "2026-12-07", "--days", "2",
                 "--time-limit", "3", "--out", str(out)]) == 0
    assert read_plan(out).shifts


def test_solve_db_stores_the_working_draft_that_export_db_uses(tmp_path: Path, capsys) -> None:
    db = tmp_path / "team.sqlite"
    assert main(["--db", str(db), "demo"]) == 0
    assert main(["--db", str(db), "solve", "--start", "2026-12-07", "--days", "2",
                 "--time-limit", "3"]) == 0
    assert "as the working draft" in " ".join(capsys.readouterr().out.split())
    with ScenarioStore.open(db) as store:
        [record] = store.plan_history()
        assert record.status == "working draft"
        assert "(command line)" in record.updated_by
        plan = store.load_plan()
    assert plan is not None
    assert plan.shifts
    calendars = tmp_path / "cal"
    assert main(["--db", str(db), "export", "ics", "--out", str(calendars)]) == 0
    assert (calendars / "team.ics").exists()
    # A second solve keeps the first plan in the history.
    assert main(["--db", str(db), "solve", "--start", "2026-12-07", "--days", "2",
                 "--time-limit", "3"]) == 0
    with ScenarioStore.open(db) as store:
        history = store.plan_history()
        assert [r.status for r in history] == ["working draft", "draft"]
        assert store.load_plan(history[1].id).shifts == plan.shifts
        assert main(["--db", str(db), "export", "csv", "--plan-id", history[1].id,
                     "--out", str(tmp_path / "first.csv")]) == 0


def test_solve_with_a_scenario_file_needs_out(scenario_file: Path, capsys) -> None:
    assert main(["solve", str(scenario_file), "--start", "2026-03-02"]) == 2
    assert "--out: say where to write the plan" in capsys.readouterr().err


def test_sub_slot_team_summary_and_check_count_real_minutes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Kathmandu (+05:45) and Kolkata (+05:30) on a 30-minute Tallinn grid: the solve summary
    and ``check`` agree with the true coverage (11.75 of 12 h, 15 minutes short)."""
    from tests.solver.sub_slot import measured_case, measured_plan

    team, hand_made = tmp_path / "team.json", tmp_path / "hand.json"
    write_scenario(measured_case(), team)
    write_plan(measured_plan(), hand_made)
    assert main(["check", str(team), str(hand_made)]) == 0
    assert "0.25 of 12 person-hours asked are missing" in capsys.readouterr().out
    out = tmp_path / "plan.json"
    assert main(["solve", str(team), "--start", "2026-11-02", "--days", "1",
                 "--time-limit", "3", "--seed", "1", "--out", str(out)]) == 0
    text = capsys.readouterr().out
    row = next(line for line in text.splitlines() if "Open" in line and "97.9" in line)
    assert [c.strip() for c in row.strip("│").split("│")][1:] == [
        "12", "11.75", "0.25", "97.9", "0.25"]
    assert "shortfall 0.25 h" in text
    plan = read_plan(out)
    assert plan.statistics.shortfall_minutes == 15
    assert [(g.start, g.end) for g in plan.gaps] == [
        (plan.gaps[0].start, plan.gaps[0].start + timedelta(minutes=15))]
    assert main(["check", str(team), str(out)]) == 0
    assert "0.25 of 12 person-hours asked are missing" in capsys.readouterr().out


def test_summary_shows_fair_shares_and_cost_by_premium(scenario_file: Path, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    out = tmp_path / "plan.json"
    assert main(["solve", str(scenario_file), "--start", "2026-03-02", "--days", "3",
                 "--time-limit", "3", "--out", str(out), "--cheapest"]) == 0
    text = capsys.readouterr().out
    assert "against the fair share" in text
    assert "Balance carried" in text
    assert "Cost:" in text
    assert "night hours" in text
    assert "most above the fair share" in text or "nobody above the fair share" in text
    assert "carries a balance" not in text  # a scenario file has no published plans


def test_summary_compares_alike_agents(tmp_path: Path, capsys: pytest.CaptureFixture[str]
                                       ) -> None:
    """The demo's two night agents: their night hours side by side, against one shift."""
    team = Path(__file__).parents[2] / "resources" / "demo_team.json"
    assert main(["solve", str(team), "--start", "2026-11-30", "--days", "7",
                 "--time-limit", "4", "--out", str(tmp_path / "plan.json")]) == 0
    text = " ".join(capsys.readouterr().out.split())  # as one line, however it wraps
    line = text[text.index("Night hours of alike agents"):].split(")", 2)
    assert "Igor P." in line[1]
    assert "Arjun N." in line[1]
    # Against the pair's longest shift in this plan (a 4 s solve need not give them 10 h).
    pair = [s for s in read_plan(tmp_path / "plan.json").shifts
            if s.agent_id in ("igor-petrov", "arjun-nair")]
    assert f"one shift ({max(s.minutes for s in pair) / 60:.1f} h" in line[1]


def test_solve_db_carries_the_balance_of_published_plans(tmp_path: Path, demo,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    from tests.app.test_fair_balance import NOVEMBER, _igor_every_night

    db = tmp_path / "team.sqlite"
    with ScenarioStore.open(db) as store:
        store.replace(demo)
        store.save_plan(_igor_every_night(NOVEMBER), name="November", published_by="manager")
    assert main(["--db", str(db), "solve", "--start", "2026-11-30", "--days", "2",
                 "--time-limit", "4"]) == 0
    text = capsys.readouterr().out
    assert "Fairness carries a balance from 1 published plan before 2026-11-30" in text
    igor = next(line for line in text.splitlines() if "Igor" in line)
    assert igor.rstrip().endswith("│")
    carried = igor.split("│")[-2].strip()
    assert carried.startswith("+"), igor  # Igor had November's nights


def test_the_time_limit_covers_the_whole_command(scenario_file: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Start-up and reading the team come off ``--time-limit`` (not ``--reproducible``'s
    deterministic time): the command as a whole keeps the limit."""
    import time

    import coverage_app.cli.solve as solve_command
    from coverage_app.services import planning

    limits: list[float] = []

    def recording(*args: object, **kwargs: object) -> object:
        limits.append(float(kwargs["time_limit_s"]))  # type: ignore[arg-type]
        return planning.plan_period(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(solve_command, "plan_period", recording)
    began = time.monotonic() - 5.0  # as if start-up had taken 5 s
    monkeypatch.setattr(solve_command, "command_started", lambda: began)
    common = ["solve", str(scenario_file), "--start", "2026-03-02", "--days", "2",
              "--out", str(tmp_path / "plan.json")]
    assert main([*common, "--time-limit", "8"]) == 0
    assert limits[-1] <= 3.0  # 8 s less the 5 s already spent
    assert main([*common, "--time-limit", "3"]) == 0
    assert limits[-1] == solve_command.MIN_SEARCH_S  # never nothing: a plan is always written
    assert main([*common, "--time-limit", "3", "--reproducible"]) == 0
    assert limits[-1] == 3.0
