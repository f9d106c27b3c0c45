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
A subscription picks up every new rota by itself: nobody imports anything again. Each file
names itself after the team and the agent (for example *Night Desk — Kadri T.*), and asks
calendars to fetch it again every hour (`REFRESH-INTERVAL` and `X-PUBLISHED-TTL`); how often a
calendar really does it is up to the calendar (see below).

*For the person who exports:* export into a folder that a web server publishes (an intranet
site, a static file host, a Nextcloud or SharePoint public link to the folder) and send each
agent the address of their own file. A space in a file name is written `%20` in the address:

    https://intranet.example.com/shifts/Kadri%20T.ics

Serve the files with the type `text/calendar` (for nginx: `types { text/calendar ics; }`).
The folder also holds `.published.json`, which only the exports need: leave it out of what
the web server publishes, or keep the ledger in the database. A folder on a shared drive works
for Thunderbird (`file:///` address) and for importing; the other calendars subscribe only to
web addresses.

- **Google Calendar:** *Other calendars* → *+* → *From URL*, paste the `https://` address,
  *Add calendar*. Google fetches the file from its own servers, so the address must be
  reachable from the internet (not only inside your company network). Google refreshes
  subscriptions when it chooses, often only every 12 to 24 hours.
- **Outlook on the web / new Outlook:** *Add calendar* → *Subscribe from web*, paste the
  address, name it **Shifts**, *Import*. **Classic Outlook for Windows:** *Home* → *Add
  Calendar* → *From Internet*, paste the address. Outlook refreshes every few hours.
- **Apple Calendar (Mac):** *File* → *New Calendar Subscription…*, paste the address (an
  address starting `webcal://` instead of `https://` opens Calendar directly), then set
  *Auto-refresh* to *Every hour*. **iPhone or iPad:** *Settings* → *Apps* → *Calendar* →
  *Calendar Accounts* → *Add Account* → *Other* → *Add Subscribed Calendar*.
- **Thunderbird:** *New Calendar…* → *On the Network*, paste the address (or
  `file:///mnt/shared/shifts/Kadri%20T.ics` for a shared drive), choose *iCalendar (ICS)*,
  and set *Refresh calendar* to *Every hour*.

## Reminders
*For the person who exports.* A calendar can remind its agent before each shift: export with
`--reminder-minutes 30` (everyone, 30 minutes before) or `--reminder-minutes kadri=45` (one
agent; repeat the option for more). There are no reminders unless asked for, the team calendar
never has any, and a cancelled shift does not remind. A reminder does not change the shift, so
its SEQUENCE stays; calendars that subscribe pick it up at their next refresh.

## Pushing to calendar servers (CalDAV)
*For the person who exports.* Instead of files, the shifts can be written straight into the
calendars agents already use, on any standard CalDAV server (Nextcloud, Radicale, Baïkal,
Fastmail, iCloud, mailbox.org, SOGo, Zimbra and others; Google Calendar only lets programs in
through its own sign-in, so Google users subscribe instead). Install it with
`pip install 'coverage-scheduler[caldav]'`, then push:

    coverage-scheduler publish caldav --targets caldav.json

In the app: *Export* → *Calendars* → *Push to calendars (CalDAV)*, with the same file.

The events pushed are the folder export's (same UID, SEQUENCE, times, title, description and
status), kept in the same record of what was published. Each calendar on the server is made to
hold exactly the events of the agent's file: a new shift is created, a changed one is replaced
in place by its UID, a removed one is sent as cancelled. Only events the push put there are
ever changed or deleted, so an agent's own appointments in the same calendar are left alone.
An event that is already as it should be is not written again, so pushing twice changes
nothing. `--dry-run` (*Only show what would change* in the app) reads the servers and lists
every change without making it.

`caldav.json` says where each calendar goes:

    {
      "format": "coverage-scheduler/caldav-targets",
      "version": 1,
      "base_url": "https://dav.example.com/dav/scheduler/",
      "username": "scheduler",
      "calendars": {
        "kadri": {"url": "https://cloud.example.com/remote.php/dav/calendars/kadri/shifts/",
                  "username": "kadri"}
      }
    }

An agent listed under `calendars` (by agent id, or `team` for the team calendar) goes to that
calendar, which must exist: create a calendar called **Shifts** in the agent's calendar app and
copy its CalDAV address (Nextcloud: the calendar's menu → *Copy private link*). Everyone else
goes to a calendar of their own under `base_url` (`…/scheduler/kadri/`, `…/scheduler/team/`),
created on the first push and named like the files (*Night Desk — Kadri T.*); agents then add
that calendar to their calendar app. Without `base_url`, an agent not listed is not pushed, and
the push says so. `--base-url URL --username NAME` on the command line does the same without a
file. Two agents may not share one calendar.

Passwords are never kept in the database or in `caldav.json`. They live in the system keyring
(the Windows Credential Manager, the macOS Keychain, the Secret Service on Linux), one per
server and account:

    coverage-scheduler publish caldav-password --url https://dav.example.com --username scheduler

asks for it without showing it. Many servers want an app password here rather than the
account's own (Nextcloud, Fastmail, iCloud). For scripts, `--password-from-env VAR` reads it
from an environment variable instead.

Each calendar stands alone: when a server refuses one (a wrong password, an account that may
only read that calendar, a server that cannot be reached), the push names the agent and the
reason, pushes everyone else and exits with code 1. What was published is recorded only for
the calendars that were pushed, so running the same push again, once the cause is fixed,
completes the work without writing anything twice.

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
