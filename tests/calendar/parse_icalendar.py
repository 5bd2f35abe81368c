#!/usr/bin/python3
"""Reads an iCalendar feed on stdin and prints its events as JSON, parsed by python3-icalendar
(Debian's package): [{uid, summary, start_utc, end_utc, sequence, status}].

python3-icalendar resolves a TZID by its IANA name through pytz, independently of the feed's
VTIMEZONE, so this checks both that the TZID is the plain name and that the local times are
right. A TZID it cannot resolve, or a floating time, is an error.

Run it with Debian's /usr/bin/python3: the package installs into its dist-packages.
"""

import json
import sys
from datetime import datetime, timezone

import icalendar


def utc(event, name):
    prop = event.get(name)
    if prop is None:
        raise ValueError(f"{event.get('UID')} has no {name}")
    value = prop.dt
    if not isinstance(value, datetime):
        raise ValueError(f"{name} of {event.get('UID')} is not a date-time")
    if value.tzinfo is None:
        tzid = prop.params.get("TZID")
        raise ValueError(f"{name} of {event.get('UID')} is floating (TZID {tzid!r} unknown)")
    return value.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def main():
    calendar = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
    if calendar.name != "VCALENDAR":
        raise ValueError(f"expected a VCALENDAR, got {calendar.name}")
    events = []
    for event in calendar.walk("VEVENT"):
        events.append(
            {
                "uid": str(event.get("UID")),
                "summary": str(event.get("SUMMARY")),
                "start_utc": utc(event, "DTSTART"),
                "end_utc": utc(event, "DTEND"),
                "sequence": int(event.get("SEQUENCE", 0)),
                "status": str(event.get("STATUS")) if event.get("STATUS") else None,
            }
        )
    json.dump(events, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # any failure is a failed parse, with the reason
        sys.stderr.write(f"parse_icalendar.py: {e}\n")
        sys.exit(1)
