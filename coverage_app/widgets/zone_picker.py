"""A time-zone picker that searches IANA names and city names and shows the current offset."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

from models.domain import known_zones, utc_now
from models.timerules import to_local


def utc_offset_label(zone_name: str, at: datetime | None = None) -> str:
    """``UTC+05:45`` for Asia/Kathmandu now (or at ``at``)."""
    offset = to_local(at or utc_now(), zone_name).utcoffset() or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "−"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def city_of(zone_name: str) -> str:
    return zone_name.rsplit("/", 1)[-1].replace("_", " ")


def zone_label(zone_name: str, at: datetime | None = None) -> str:
    return f"{zone_name}  ({city_of(zone_name)}, {utc_offset_label(zone_name, at)})"


def _zone_names() -> list[str]:
    names = {z for z in known_zones() if "/" in z and not z.startswith(("Etc/", "SystemV/"))}
    names.add("UTC")
    return sorted(names)


class ZonePicker(QComboBox):
    """Editable combo box: type part of a zone or city name ("kath", "new york")."""

    zone_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self._names = _zone_names()
        # Each zone's offset needs its zone data read (about 500 files): the items start with
        # names and cities, and take their offsets when the list is first looked at.
        self._offsets_shown = False
        for name in self._names:
            self.addItem(f"{name}  ({city_of(name)})", name)
        completer = QCompleter(self)
        completer.setModel(self.model())
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.setToolTip("Type a zone or city name, e.g. 'Tallinn' or 'America/New_York'")
        self.currentIndexChanged.connect(self._index_changed)
        line = self.lineEdit()
        assert line is not None  # the combo box is editable
        line.editingFinished.connect(self._text_entered)

    def zone(self) -> str:
        """The chosen IANA name, or the typed text when it matches no zone."""
        index = self.findText(self.currentText())
        if index >= 0:
            return str(self.itemData(index))
        text = self.currentText().strip()
        return self._match(text) or text

    def show_offsets(self) -> None:
        """Every item labelled with its zone's current UTC offset (once)."""
        if self._offsets_shown:
            return
        self._offsets_shown = True
        now = utc_now()
        current = self.currentIndex()
        self.blockSignals(True)
        for index, name in enumerate(self._names):
            self.setItemText(index, zone_label(name, now))
        self.setCurrentIndex(current)
        self.blockSignals(False)

    def showPopup(self) -> None:
        self.show_offsets()
        super().showPopup()

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.show_offsets()  # before typing: the completer lists labels with offsets
        super().focusInEvent(event)

    def set_zone(self, zone_name: str) -> None:
        index = self.findData(zone_name)
        if index >= 0:
            if not self._offsets_shown:
                self.setItemText(index, zone_label(zone_name))
            self.setCurrentIndex(index)
        else:
            self.setEditText(zone_name)

    def search(self, text: str) -> list[str]:
        """Zone names whose IANA name or city contains ``text`` (case-insensitive)."""
        needle = text.strip().casefold().replace(" ", "_")
        return [n for n in self._names
                if needle in n.casefold() or text.strip().casefold() in city_of(n).casefold()]

    def _match(self, text: str) -> str | None:
        if text in self._names:
            return text
        hits = self.search(text.split("  (")[0]) if text else []
        return hits[0] if len(hits) == 1 else None

    def _index_changed(self, index: int) -> None:
        if index >= 0:
            self.zone_changed.emit(str(self.itemData(index)))

    def _text_entered(self) -> None:
        match = self._match(self.currentText().strip())
        if match is not None and match != self.currentData():
            self.set_zone(match)
        elif match is None:
            self.zone_changed.emit(self.currentText().strip())
