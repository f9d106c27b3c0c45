"""The help on importing shift calendars: shown in the app's export dialog and written to
``docs/calendar-import.md`` (a test keeps the two the same)."""

from __future__ import annotations

CALENDAR_IMPORT_TITLE = "Importing your shifts into your calendar"

CALENDAR_IMPORT_HELP = """\
# Importing your shifts into your calendar

Each agent gets one file, named after them (for example `Kadri T.ics`); `team.ics` holds every
shift of the team. Shifts are stored in UTC, so your calendar shows them in your own time zone,
whatever zone your computer or phone is set to. The description of each shift repeats its local
start and end in your zone, and its real length: on the night the clocks go back a
22:00–06:00 shift is 9 hours, on the night they go forward 7.

**Import into a calendar of its own, called "Shifts".** Your own appointments are never touched,
you can show or hide your shifts with one click, and if anything ever goes wrong you can empty
the Shifts calendar and import the newest file again.

When a new rota comes out, import the new file into the same Shifts calendar. Every shift keeps
its identity (its UID) from one file to the next, so a changed shift is updated in place and a
shift that was removed arrives marked as cancelled, instead of appearing twice. A cancelled
shift keeps its title, for example *Cancelled: Phone duty 22:00–06:00* (your local times);
Google Calendar removes cancelled shifts, other calendars may show them struck through.

Your file always holds your whole rota: the newest export's period and every earlier one
(see *One period after another* below), so importing or subscribing to the newest file is
always enough.

## Google Calendar (in a web browser)
1. Create the calendar once: *Settings* (gear icon) → *Add calendar* → *Create new calendar*,
   name it **Shifts**, then *Create calendar*.
2. *Settings* → *Import & export* → *Import*: choose your `.ics` file, pick **Shifts** under
   *Add to calendar*, then *Import*.
3. For a new rota, import the new file the same way. If old shifts remain, delete the Shifts
   calendar's events (or the calendar, and create it again) and import the newest file.

## Outlook
- **Outlook on the web / new Outlook:** *Calendar* → *Add calendar* → *Create blank calendar*,
  name it **Shifts**. Then *Add calendar* → *Upload from file*, choose the `.ics` file and the
  **Shifts** calendar, then *Import*.
- **Classic Outlook for Windows:** create a calendar named **Shifts** (*Folder* → *New
  Calendar*), select it, then *File* → *Open & Export* → *Import/Export* → *Import an iCalendar
  (.ics) or vCalendar file*, choose the file and click *Import* (not *Open as New*).

## Apple Calendar (Mac)
1. *File* → *New Calendar*, name it **Shifts** (choose iCloud to see it on your iPhone too).
2. *File* → *Import…*, choose the `.ics` file, and pick **Shifts** when asked which calendar.

On an iPhone or iPad, open the `.ics` file from Mail or Files, tap *Add All* and choose
**Shifts**.

## Thunderbird
1. In the Calendar tab: *New Calendar…* → *On My Computer*, name it **Shifts**.
2. *Events and Tasks* → *Import…* (or open the `.ics` file), choose the file, then pick
   **Shifts**.
3. Thunderbird skips events it already has. For a new rota, select the Shifts calendar,
   delete its events, and import the newest file.

## Subscribing instead of importing
If your team publishes the files at a web address (an intranet page or a shared link), subscribe
to that address instead: *From URL* in Google Calendar, *Subscribe from web* in Outlook, *File* →
*New Calendar Subscription* in Apple Calendar, *On the Network* in Thunderbird. Your calendar
then picks up every new rota by itself.

## One period after another
*For the person who exports.* A plan covers a period (for example 1–28 November), and an export
changes only the events of that period. Exporting the December plan into the same folder
leaves every November event exactly as it was — same UID, same SEQUENCE, same status, same
title and description — and still writes it into each agent's file, because the file is the
agent's whole calendar (a subscription drops whatever a new file leaves out).

Which events belong to a plan's period is decided per agent, in the agent's own time zone:
an event belongs to the period when its shift **starts** between 00:00 on the period's first
day and 00:00 on the day after its last day, both in the agent's zone (converted to UTC, so
the change of clocks in spring and autumn is counted right). A shift belongs to the local day
it starts on: a night shift that starts at 22:00 on the period's last day and ends at 06:00
the next morning belongs to the period, and a night that started the evening before the first
day belongs to the period before. For a former team member, whose zone is no longer known,
the team's reference zone is used; the team calendar uses each shift's agent's zone.

Within the period, a shift the new plan no longer has is sent as cancelled (with a higher
SEQUENCE); a shift that changed is updated (SEQUENCE raised); the rest is unchanged. A shorter
plan for part of an earlier period (one week of a four-week rota) therefore cancels only what
it drops in its own week; the other three weeks stay as they were.

An agent with no shift in the period, nothing to cancel and no earlier events gets no file
(an empty calendar is not a valid iCalendar file); the export names each such agent. A file
that holds only cancellations is valid and is written.

What each event showed (its title and description, a shift's note included) is kept with
what was published (in the database, or in `.published.json` in the export folder), so an
earlier event is written again exactly as it was, whichever folder you export into. Exports by
earlier versions of Coverage Scheduler kept no text: for their events it is read back from the
calendar files already in the export folder, checked against what was published, and kept from
then on. An event not found there (another folder, a deleted or edited file) gets its title and
description written again from the team data, with the same times, UID and SEQUENCE but
without a shift's note, and the export says how many.

Calendars written before this rule may show shifts of an earlier period as cancelled by a
later period's export. Exporting the earlier plan again sends them as confirmed, with a higher
SEQUENCE. Google Calendar does not bring back an event it removed: there, empty the Shifts
calendar and import the newest file.
"""
