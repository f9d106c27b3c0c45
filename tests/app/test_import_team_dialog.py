"""The "Import team" dialog driven through its widgets: all or nothing by default, the valid
rows only on an explicit choice, the date order, the encoding notice."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from coverage_app.dialogs.import_team import ImportTeamDialog
from models.domain import Scenario

MIXED = ("name,zone,contract,skills\nMia Rossi,Europe/Rome,full-time,phone:3\n"
         "Bad,Nowhere/City,full-time,en\n")
CLEAN = "name,zone,contract\nMia Rossi,Europe/Rome,full-time\nRavi Nair,Asia/Kolkata,part-time\n"


@pytest.fixture
def dialog(qtbot, demo: Scenario) -> ImportTeamDialog:
    widget = ImportTeamDialog(demo)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _file(tmp_path: Path, text: str, name: str = "team.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _type_path(qtbot, dialog: ImportTeamDialog, path: Path) -> None:
    """Type the file name and press Enter, as a user does; wait until the preview shows."""
    dialog.path.clear()
    qtbot.keyClicks(dialog.path, str(path))
    with qtbot.waitSignal(dialog.previewed):
        qtbot.keyClick(dialog.path, Qt.Key.Key_Return)


def test_import_is_refused_while_any_row_has_a_problem_and_says_why(
        qtbot, dialog: ImportTeamDialog, tmp_path: Path) -> None:
    """Finding: good rows were imported and bad rows skipped by default."""
    _type_path(qtbot, dialog, _file(tmp_path, MIXED))
    assert dialog.model.rowCount() == 2
    assert dialog.model.index(0, 3).data() == "add"
    assert dialog.model.index(1, 3).data() == "not imported"
    assert "column B 'zone': 'Nowhere/City' is not a time zone" in dialog.model.index(1, 4).data()
    assert "team.csv, row 3, column B 'zone'" in dialog.model.index(1, 4).data(
        Qt.ItemDataRole.ToolTipRole)
    assert dialog.import_button.text() == "Import 2 rows"
    assert not dialog.import_button.isEnabled()
    assert dialog.reason.isVisible()
    assert "1 row has problems" in dialog.reason.text()
    assert "import only the 1 row without problems" in dialog.reason.text()
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.result_scenario() is None
    assert dialog.import_valid_button.isVisible()
    assert dialog.import_valid_button.text() == "Import the 1 valid row"


def test_importing_the_valid_rows_is_an_explicit_choice(qtbot, dialog: ImportTeamDialog,
                                                        tmp_path: Path, demo: Scenario) -> None:
    _type_path(qtbot, dialog, _file(tmp_path, MIXED))
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.import_valid_button, Qt.MouseButton.LeftButton)
    result = dialog.result_scenario()
    assert result is not None
    assert len(result.agents) == len(demo.agents) + 1
    assert result.agents[-1].name == "Mia Rossi"
    assert "Bad" not in {a.name for a in result.agents}
    assert dialog.result_text() == "1 agent added; 1 row with problems skipped"


def test_a_clean_file_is_imported_whole_and_enter_only_previews(
        qtbot, dialog: ImportTeamDialog, tmp_path: Path, demo: Scenario) -> None:
    _type_path(qtbot, dialog, _file(tmp_path, CLEAN))
    assert dialog.isVisible()  # Enter in the path field previewed; it did not import
    assert dialog.result_scenario() is None
    assert dialog.import_button.isEnabled()
    assert dialog.import_button.text() == "Import 2 rows"
    assert not dialog.import_valid_button.isVisible()
    assert not dialog.reason.isVisible()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    result = dialog.result_scenario()
    assert result is not None
    assert {"mia-rossi", "ravi-nair"} <= {a.id for a in result.agents}
    assert dialog.result_text() == "2 agents added"


def test_choosing_the_date_order_reads_an_ambiguous_date(qtbot, dialog: ImportTeamDialog,
                                                         tmp_path: Path) -> None:
    path = _file(tmp_path, "agent,first_day,last_day,kind\nKadri Tamm,03/04/2026,05/04/2026,"
                           "sick\n", "time-off.csv")
    _type_path(qtbot, dialog, path)
    assert dialog.tabs.currentIndex() == 1
    assert dialog.tabs.tabText(1) == "Time off (1)"
    model = dialog.time_off_model
    assert "could be 3 April 2026 (day/month) or 4 March 2026" in model.index(0, 6).data()
    assert not dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.previewed):
        dialog.date_order.setCurrentIndex(dialog.date_order.findText(
            "Day/month/year (25/12/2026)"))
    assert model.index(0, 2).data() == "2026-04-03"
    assert model.index(0, 3).data() == "2026-04-05"
    assert model.index(0, 5).data() == "add"
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    result = dialog.result_scenario()
    assert result is not None
    (entry,) = result.time_off_of("kadri-tamm")
    assert entry.first_day.isoformat() == "2026-04-03"
    assert dialog.result_text() == "1 time-off entry added"


def test_a_cp1252_file_shows_how_it_was_read(qtbot, dialog: ImportTeamDialog,
                                             tmp_path: Path) -> None:
    path = _file(tmp_path, "name;zone;contract\nJosé Müller;Europe/Berlin;full-time\n",
                 encoding="cp1252")
    _type_path(qtbot, dialog, path)
    assert dialog.notices.isVisible()
    assert "read as Windows-1252" in dialog.notices.text()
    assert dialog.model.index(0, 1).data() == "José Müller"
    assert dialog.import_button.isEnabled()


def test_an_unreadable_file_is_said_and_nothing_can_be_imported(
        qtbot, dialog: ImportTeamDialog, tmp_path: Path) -> None:
    _type_path(qtbot, dialog, _file(tmp_path, CLEAN))
    _type_path(qtbot, dialog, tmp_path / "missing.csv")
    assert "cannot read" in dialog.error.text()
    assert dialog.model.rowCount() == 0
    assert not dialog.import_button.isEnabled()
    assert not dialog.import_valid_button.isVisible()


def test_import_preview_models_pass_modeltester(qtmodeltester, tmp_path: Path,
                                                demo: Scenario) -> None:
    from coverage_app.qtmodels.team_import import ImportPreviewModel, TimeOffPreviewModel
    from coverage_app.services import team_import

    agents = team_import.preview(demo, _file(tmp_path, "name,zone,contract\nMia,Europe/Rome,"
                                                       "full-time\nX,Bad/Zone,x\n"))
    model = ImportPreviewModel()
    model.set_rows(agents.rows)
    qtmodeltester.check(model)
    off = team_import.preview(demo, _file(tmp_path, "agent,first_day\nKadri Tamm,2027-01-04\n"
                                                    "Nobody,03/04/2026\n", "off.csv"))
    time_off_model = TimeOffPreviewModel()
    time_off_model.set_rows(off.time_off)
    qtmodeltester.check(time_off_model)
