"""The hiring advice as rich text: the team's missing hours alone, then the options best first,
each with its sentence, whether the target is met and the gaps it closes."""

from __future__ import annotations

from html import escape

from coverage_app.services.hiring import HiringAdvice
from models.domain import Period, Scenario

SHOWN_GAPS = 8  # closed gaps listed per option before "and N more"


def advice_html(advice: HiringAdvice, scenario: Scenario, period: Period) -> str:
    figures = advice.base.figures
    missing = advice.missing_hours
    when = (f"{period.days} days from {period.first_day:%a %d %b %Y}")
    parts = [f"<p><b>The team alone</b> ({escape(figures.target_name)}, {when}): "
             f"{missing:,.1f} person-hours missing, {figures.covered_percent:.1f} % covered.</p>"]
    stopped = ("<p><i>Stopped before every kind on the menu was tried: the options below are "
               "those found so far.</i></p>" if advice.cancelled else "")
    if missing <= 0:
        parts.append("<p><b>No hire needed:</b> the team meets this target on its own.</p>")
        return "".join(parts)
    if not advice.options:
        parts.append(stopped or "<p><b>No hire on the menu closes any missing hour.</b> Try "
                     "other zones, hours or skills: the gaps are where the team has nobody "
                     "with the skills asked.</p>")
        return "".join(parts)
    parts.append(stopped)
    parts.append("<ol>")
    zone_name = scenario.team.reference_zone
    for option in advice.options:
        sentence = escape(option.sentence(scenario, missing))
        if option.meets_target:
            verdict = "<span style='color:#1b7f3b'><b>target met</b></span>"
        else:
            verdict = f"still {option.remaining_hours:,.1f} person-hours missing"
        gaps = "".join(f"<li>{escape(g.describe(zone_name))}</li>"
                       for g in option.closed[:SHOWN_GAPS])
        more = len(option.closed) - SHOWN_GAPS
        if more > 0:
            gaps += f"<li>… and {more} more</li>"
        reopened = sum(g.person_hours for g in option.closed) - option.closes_hours
        elsewhere = (f"<p><i>Its plan leaves {reopened:,.1f} person-hours open elsewhere that "
                     "the team alone covered (the search had its time per solve); a longer "
                     "time may close them too.</i></p>" if reopened > 0.05 else "")
        parts.append(f"<li><p><b>{sentence}</b> — {verdict}.<br>Closes ({escape(zone_name)}):"
                     f"</p><ul>{gaps}</ul>{elsewhere}</li>")
    parts.append("</ol>")
    return "".join(parts)
