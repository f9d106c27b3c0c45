"""The pre-publish check and the changes agents will see, as widgets of the publish dialog
(the texts come from the Qt-free :mod:`coverage_app.services.publish_check` and
:mod:`coverage_app.services.publish_diff`)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QTreeWidget, QTreeWidgetItem, QWidget

from coverage_app.services.publish_check import PublishCheck
from coverage_app.services.publish_diff import ChangeKind, PlanDiff
from coverage_app.widgets.gap_style import gap_colour, legend_entries

KIND_MARKS = {ChangeKind.ADDED: "+ added", ChangeKind.REMOVED: "− removed",
              ChangeKind.MOVED: "↔ moved"}


def check_html(check: PublishCheck) -> str:
    """The check as the dialog shows it: what blocks first, each section with its lines."""
    esc = html.escape
    parts = []
    if check.blocking:
        parts.append(f"<p><b style='color:#b71c1c'>⚠ This plan has "
                     f"{esc(check.blocking_words())}.</b> Agents and finance will work from "
                     f"it as it is.</p>")
    elif not check.clean:
        parts.append("<p><b>Publishing is allowed; please read what is left.</b></p>")
    glyphs = {p: (glyph, gap_colour(p).name()) for p, glyph, _words in legend_entries()}
    for heading, lines in check.sections():
        parts.append(f"<p><b>{esc(heading)}</b></p><ul>")
        marks = [glyphs[t.priority] for t in check.gaps] if heading == "Gaps" else []
        for i, line in enumerate(lines):
            mark = (f"<span style='color:{marks[i][1]}'>{marks[i][0]}</span> "
                    if i < len(marks) else "")
            parts.append(f"<li>{mark}{esc(line)}</li>")
        parts.append("</ul>")
    return "".join(parts)


class CheckView(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Checking the plan…", parent)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.setContentsMargins(8, 4, 8, 4)
        self.setAccessibleName("Pre-publish check")
        self.check: PublishCheck | None = None

    def show_check(self, check: PublishCheck) -> None:
        self.check = check
        self.setText(check_html(check))


class ChangesView(QTreeWidget):
    """Agents with their added, removed and moved shifts (agent's own time)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setColumnCount(2)
        self.setHeaderLabels(["Agent / change", "Shift (agent's time)"])
        self.setAccessibleName("Changes agents will see")
        self.diff: PlanDiff | None = None

    def show_diff(self, diff: PlanDiff) -> None:
        self.diff = diff
        self.clear()
        for agent in diff.agents:
            top = QTreeWidgetItem([agent.agent, agent.summary])
            for change in agent.changes:
                top.addChild(QTreeWidgetItem([KIND_MARKS[change.kind], change.words]))
            self.addTopLevelItem(top)
        self.expandAll()
        self.resizeColumnToContents(0)
