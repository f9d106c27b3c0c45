"""The calendar's time axis in the display zone: right on 23-hour and 25-hour days."""

from __future__ import annotations

from datetime import date

from coverage_app.widgets.rota_layout import RotaLayout


def hours_of_day(layout, index):
    day = layout.day_labels[index]
    return [t.hour for t in layout.ticks if day.start <= t.instant < day.end]


def test_spring_forward_day_has_23_hours_and_skips_three_oclock(demo):
    layout = RotaLayout(demo, None, "Europe/Tallinn", date(2026, 3, 28), 3)
    assert [round(d.hours) for d in layout.day_labels] == [24, 23, 24]
    assert hours_of_day(layout, 1)[:4] == [0, 1, 2, 4]
    assert "(23 h)" in layout.day_labels[1].texts()[0]
    # The axis is real time: the short day is narrower.
    widths = [layout.fraction(d.end) - layout.fraction(d.start) for d in layout.day_labels]
    assert widths[1] < widths[0]


def test_fall_back_day_has_25_hours_and_three_oclock_twice(demo):
    layout = RotaLayout(demo, None, "Europe/Tallinn", date(2026, 10, 25), 1)
    assert round(layout.day_labels[0].hours) == 25
    assert hours_of_day(layout, 0)[:6] == [0, 1, 2, 3, 3, 4]
    assert "(25 h)" in layout.day_labels[0].texts()[0]


def test_half_hour_zone_labels_whole_local_hours(demo):
    layout = RotaLayout(demo, None, "Asia/Kolkata", date(2026, 12, 7), 1)
    assert hours_of_day(layout, 0) == list(range(24))
    assert layout.day_labels[0].start.minute == 30  # Kolkata midnight is 18:30 UTC
