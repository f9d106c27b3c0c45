"""A first start on a desktop that lacks a library Qt's xcb plugin needs: the exact install
command and a non-zero exit, instead of Qt aborting with a message about a plugin."""

from __future__ import annotations

from coverage_app import main as app_main
from coverage_app import system_libraries


def test_a_missing_xcb_library_names_the_package_and_the_command() -> None:
    present = {name: f"lib{name}.so" for name in system_libraries.XCB_LIBRARIES}
    present.pop("xcb-cursor")
    missing = system_libraries.missing_packages(present.get)
    assert missing == ["libxcb-cursor0"]
    message = system_libraries.install_message(missing)
    assert "sudo apt-get install libxcb-cursor0" in message
    assert "coverage-scheduler --help" in message


def test_only_linux_on_x11_uses_the_xcb_plugin() -> None:
    assert system_libraries.uses_xcb({"DISPLAY": ":0"}, "linux")
    assert not system_libraries.uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "w"}, "linux")
    assert system_libraries.uses_xcb({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not system_libraries.uses_xcb({"QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not system_libraries.uses_xcb({"DISPLAY": ":0"}, "darwin")


def test_the_app_exits_2_with_the_command_before_qt_starts(monkeypatch, capsys) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "xcb")
    monkeypatch.setattr(system_libraries, "missing_packages",
                        lambda: ["libxcb-cursor0", "libxcb-icccm4"])
    monkeypatch.setattr(app_main, "create_application", lambda *a: (_ for _ in ()).throw(
        AssertionError("Qt must not start")))
    assert app_main.main() == 2
    assert "sudo apt-get install libxcb-cursor0 libxcb-icccm4" in capsys.readouterr().err
