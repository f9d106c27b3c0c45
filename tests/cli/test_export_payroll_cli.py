"""``coverage-scheduler export payroll`` and the workbook's title block from the command line:
the plan's name and published mark from the database or the plan file, pay periods by month or
cut-off day; bad input exits 2 with nothing written."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import openpyxl
import pytest

from coverage_app.cli import main
from coverage_app.services.store import ScenarioStore
from models.domain import Shift
from models.files import write_plan, write_scenario
from tests.exports import sample
from tests.exports.sheets import records


@pytest.fixture
def files(tmp_path):
    scenario_path, plan_path = tmp_path / "team.json", tmp_path / "rota-october.json"
    write_scenario(sample.scenario(), scenario_path)
    write_plan(sample.plan(), plan_path)
    return scenario_path, plan_path


def _status_line(path) -> str:
    return str(openpyxl.load_workbook(path)["Summary"]["A2"].value)


def test_a_plan_file_is_a_draft_unless_told_otherwise(files, tmp_path, capsys):
    scenario_path, plan_path = files
    base = ["export", "xlsx", "--scenario", str(scenario_path), "--plan", str(plan_path)]
    draft, published = tmp_path / "draft.xlsx", tmp_path / "published.xlsx"
    assert main([*base, "--out", str(draft)]) == 0
    assert _status_line(draft).startswith(
        "DRAFT: not the published rota · Plan: plan file rota-october.json (plan id plan-sample)")
    assert "DRAFT; pay periods: calendar months" in capsys.readouterr().out
    assert main([*base, "--out", str(published), "--published", "--pay-period", "cutoff:25"]) == 0
    assert _status_line(published).startswith("PUBLISHED · Plan: plan file rota-october.json")
    periods = {r["Period starts"].date().isoformat() for r in records(
        openpyxl.load_workbook(published, data_only=True)["Pay codes"])}
    assert periods == {"2026-09-26", "2026-10-26"}


def test_payroll_csv_from_the_command_line(files, tmp_path, capsys):
    scenario_path, plan_path = files
    out = tmp_path / "payroll.csv"
    assert main(["export", "payroll", "--scenario", str(scenario_path), "--plan", str(plan_path),
                 "--out", str(out)]) == 0
    table = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert {r["code"] for r in table} == {"regular", "night", "weekend", "holiday"}
    assert {(r["period_start"], r["period_end"]) for r in table} == {
        ("2026-10-01", "2026-10-31"), ("2026-11-01", "2026-11-30")}
    said = " ".join(capsys.readouterr().out.split())
    assert f"Payroll written: {out} ({len(table)} rows: 5 agents" in said
    # The plan runs 1 October to 2 November: November's figures are only a part of its pay.
    assert ("Note: Pay period 2026-11-01 to 2026-11-30: this plan covers 2026-11-01 to "
            "2026-11-02 only") in said
    assert "Pay period 2026-10-01" not in said

    cutoff = tmp_path / "cutoff.csv"
    assert main(["export", "payroll", "--scenario", str(scenario_path), "--plan", str(plan_path),
                 "--out", str(cutoff), "--pay-period", "cutoff:25"]) == 0
    rows = list(csv.DictReader(io.StringIO(cutoff.read_bytes().decode("utf-8-sig"))))
    assert {r["period_end"] for r in rows} == {"2026-10-25", "2026-11-25"}
    assert sum(float(r["hours"]) for r in rows) == pytest.approx(
        sum(float(r["hours"]) for r in table))


@pytest.mark.parametrize(("extra", "words"), [
    (["--pay-period", "weekly"], "'weekly' is not a pay period"),
    (["--pay-period", "cutoff:40"], "a cut-off day is a day of the month, 1 to 31"),
])
def test_a_bad_pay_period_exits_2_and_writes_nothing(files, tmp_path, capsys, extra, words):
    scenario_path, plan_path = files
    for kind, out in (("payroll", tmp_path / "p.csv"), ("xlsx", tmp_path / "h.xlsx")):
        assert main(["export", kind, "--scenario", str(scenario_path), "--plan",
                     str(plan_path), "--out", str(out), *extra]) == 2
        assert not out.exists()
    err = " ".join(capsys.readouterr().err.split())
    assert "--pay-period" in err
    assert words in err
    assert "cutoff:25" in err  # the suggestion


def test_payroll_refuses_a_plan_with_an_unknown_agent(files, tmp_path, capsys):
    scenario_path, plan_path = files
    ghost = Shift("ghost-1", "ghost", datetime(2026, 10, 2, 6, tzinfo=UTC),
                  datetime(2026, 10, 2, 14, tzinfo=UTC))
    write_plan(sample.plan((*sample.shifts(), ghost)), plan_path)
    out = tmp_path / "payroll.csv"
    assert main(["export", "payroll", "--scenario", str(scenario_path), "--plan",
                 str(plan_path), "--out", str(out)]) == 2
    assert not out.exists()
    assert "ghost" in capsys.readouterr().err


def test_with_a_database_the_title_block_says_what_the_database_knows(tmp_path, capsys):
    db = tmp_path / "team.sqlite"
    with ScenarioStore.open(db) as store:
        store.replace(sample.scenario())
        store.save_plan(sample.plan(), name="Rota October", published_by="Mari Manager")
    out = tmp_path / "hours.xlsx"
    assert main(["--db", str(db), "export", "xlsx", "--out", str(out)]) == 0
    line = _status_line(out)
    assert line.startswith("PUBLISHED ")
    assert "by Mari Manager · Plan: Rota October (plan id plan-sample)" in line
    assert main(["--db", str(db), "export", "xlsx", "--out", str(out), "--published"]) == 2
    assert "a stored plan is published or a draft as the database says" in " ".join(
        capsys.readouterr().err.split())
