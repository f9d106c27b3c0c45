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
shift that was removed arrives marked as cancelled, instead of appearing twice.

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
"""
