"""Domain problems shown next to the fields they concern."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QLabel, QWidget

from models.domain import Problem


class ErrorLabel(QLabel):
    """A red, word-wrapped label under a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "field-error")
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


class FieldErrors:
    """Maps problem paths (their first part) to an input widget and its error label."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, ErrorLabel]] = {}
        self.general = ErrorLabel()

    def add(self, path: str, widget: QWidget) -> ErrorLabel:
        label = ErrorLabel()
        self._fields[path] = (widget, label)
        return label

    def label(self, path: str) -> ErrorLabel:
        return self._fields[path][1]

    def clear(self) -> None:
        self.show([])

    def show(self, problems: Iterable[Problem]) -> list[Problem]:
        """Show each problem beside its field; returns the ones no field claimed (also shown
        in the general label)."""
        grouped: dict[str, list[str]] = {}
        unclaimed: list[Problem] = []
        for p in problems:
            key = self._key(p.path)
            text = p.message + (f" — {p.suggestion}" if p.suggestion else "")
            if key is None:
                unclaimed.append(p)
            else:
                grouped.setdefault(key, []).append(text)
        for path, (widget, label) in self._fields.items():
            messages = grouped.get(path, [])
            label.show_message("\n".join(messages))
            widget.setProperty("invalid", bool(messages))
            widget.style().unpolish(widget)
            widget.style().polish(widget)
        self.general.show_message("\n".join(str(p) for p in unclaimed))
        return unclaimed

    def _key(self, path: str) -> str | None:
        if path in self._fields:
            return path
        head = path.split(".")[-1].split("[")[0] if path else ""
        for candidate in (path.split(".")[0].split("[")[0], head):
            if candidate in self._fields:
                return candidate
        return None

    @property
    def has_errors(self) -> bool:
        return any(label.isVisible() or bool(label.text()) for _, label in
                   self._fields.values()) or bool(self.general.text())
