"""``coverage-scheduler publish plan`` on a real SQLite file: the check and the changes are
printed; must-priority gaps or rule breaks are refused (exit 2, nothing written) unless
``--accept-gaps``; a clean re-publish shows what each agent will see change."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

import pytest

from coverage_app.cli import main
from coverage_app.services.store import ScenarioStore
from tests.app.gap_fixtures import plan_with_gaps


def said(capsys) -> tuple[str, str]:
    captured = capsys.readouterr()
    return " ".join(captured.out.split()), " ".join(captured.err.split())


@pytest.fixture
def database(tmp_path, demo):
    path = tmp_path / "rota.sqlite"
    with ScenarioStore.open(path) as store:
        store.replace(demo)
        store.replace_working_plan(plan_with_gaps(demo), name="Working draft")
    return path


def published(path):
    with ScenarioStore.open(path, must_exist=True) as store:
        return [r for r in store.plan_history() if r.published_at is not None]


def test_must_gaps_are_refused_without_accept_gaps(database, capsys):
    assert main(["publish", "plan", "--db", str(database), "--by", "Maria"]) == 2
    out, err = said(capsys)
    assert "1 must gap" in out
    assert "1 nice to have gap" in out
    assert "nothing published yet" in out
    assert "1 must-priority gap" in err
    assert "--accept-gaps" in err
    assert "Nothing was written" in err
    assert published(database) == []


def test_accept_gaps_publishes_a_named_version(database, capsys):
    code = main(["publish", "plan", "--db", str(database), "--by", "Maria", "--name",
                 "December rota", "--accept-gaps"])
    out, _err = said(capsys)
    assert code == 0
    assert "Published “December rota” by Maria" in out
    [record] = published(database)
    assert (record.name, record.published_by) == ("December rota", "Maria")


def test_a_re_publish_prints_the_changes_per_agent(database, demo, capsys):
    assert main(["publish", "plan", "--db", str(database), "--by", "Maria",
                 "--accept-gaps"]) == 0
    capsys.readouterr()
    with ScenarioStore.open(database, must_exist=True) as store:
        plan = store.load_working_plan()
        kadri = demo.active_agents()[0]
        shift = plan.shifts_of(kadri.id)[0]
        later = dataclasses.replace(shift, start=shift.start + timedelta(hours=2),
                                    end=shift.end + timedelta(hours=2))
        store.save_working_plan(dataclasses.replace(
            plan, shifts=tuple(later if s.id == shift.id else s for s in plan.shifts)))
    code = main(["publish", "plan", "--db", str(database), "--accept-gaps", "--dry-run"])
    out, _err = said(capsys)
    assert code == 0
    assert "1 moved for 1 agent" in out
    assert kadri.label in out
    assert "moved" in out
    assert "Dry run: nothing was published." in out
    assert len(published(database)) == 1
