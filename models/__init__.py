"""The ground floor: domain, time rules, scenario files and storage.

Zone data comes from the pinned ``tzdata`` package, never from the operating system, so that
every machine computes the same instants: the search path is emptied here, before any zone is
read, and zoneinfo then falls back to ``tzdata``.
"""

import zoneinfo

zoneinfo.reset_tzpath(to=[])
