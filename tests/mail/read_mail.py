#!/usr/bin/python3
"""Reads captured mails (.eml, with the capture's .json envelope beside them when there is one)
with Python's email package, and their calendar parts with python3-icalendar and, through
parse_itip.mjs, Mozilla's ical.js. Prints one JSON array, a message per file, for the C++ mail
tests to check: headers as a mail program reads them (RFC 2047 decoded), the text, the
calendar as both parsers see it, and the raw properties of the message (line lengths, CRLF,
7-bit).

Usage: read_mail.py FILE.eml...        (mails)
       read_mail.py --feed FILE.ics    (a feed: {uid: sequence} from both parsers)
"""

import email
import email.policy
import email.utils
import json
import os
import subprocess
import sys
import tempfile

from icalendar import Calendar

HERE = os.path.dirname(os.path.abspath(__file__))


def addresses(message, name):
    values = message.get_all(name) or []
    return [{"name": n, "address": a} for n, a in email.utils.getaddresses([str(v) for v in values])]


def icalendar_view(data):
    calendar = Calendar.from_ical(data)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    if len(events) != 1:
        raise ValueError(f"expected one VEVENT, got {len(events)}")
    e = events[0]
    attendees = e.get("ATTENDEE")
    if attendees is None:
        attendees = []
    elif not isinstance(attendees, list):
        attendees = [attendees]
    organizer = e.get("ORGANIZER")
    return {
        "method": str(calendar.get("METHOD", "")),
        "uid": str(e.get("UID")),
        "sequence": int(e.get("SEQUENCE", 0)),
        "status": str(e.get("STATUS", "")),
        "dtstamp": e.decoded("DTSTAMP").strftime("%Y-%m-%dT%H:%M:%SZ"),
        "start_utc": e.decoded("DTSTART").astimezone(__import__("datetime").timezone.utc)
                      .strftime("%Y-%m-%dT%H:%M:%SZ"),
        "location": str(e.get("LOCATION", "")),
        "description": str(e.get("DESCRIPTION", "")),
        "organizer": str(organizer) if organizer is not None else None,
        "attendees": [{"address": str(a), "partstat": a.params.get("PARTSTAT"),
                       "cn": a.params.get("CN")} for a in attendees],
    }


def raw_facts(raw):
    lines = raw.split(b"\r\n")
    bare_lf = any(b"\n" in line or b"\r" in line for line in lines)
    return {
        "max_line": max(len(line) for line in lines),
        "all_crlf": not bare_lf,
        "seven_bit": all(b < 0x80 for b in raw),
    }


def read(path, calendars):
    raw = open(path, "rb").read()
    message = email.message_from_bytes(raw, policy=email.policy.default)
    envelope = None
    meta = path[: -len(".eml")] + ".json"
    if os.path.exists(meta):
        envelope = json.load(open(meta))
    counts = {}
    for name in message.keys():
        counts[name.lower()] = counts.get(name.lower(), 0) + 1
    text_part = message.get_body(("plain",))
    out = {
        "file": path,
        "envelope": envelope,
        "message_id": str(message.get("Message-ID", "")).strip(),
        "date": str(message.get("Date", "")),
        "from": addresses(message, "From"),
        "to": addresses(message, "To"),
        "cc": addresses(message, "Cc"),
        "bcc": addresses(message, "Bcc"),
        "subject": str(message.get("Subject", "")),
        "header_counts": counts,
        "auto_submitted": str(message.get("Auto-Submitted", "")),
        "content_language": str(message.get("Content-Language", "")),
        "text": text_part.get_content().replace("\r\n", "\n") if text_part else "",
        "calendar": None,
        "attachment_same": None,
        "raw": raw_facts(raw),
    }
    inline = None
    attachment = None
    for part in message.walk():
        if part.get_content_type() == "text/calendar":
            inline = part
        elif part.get_content_type() == "application/ics":
            attachment = part
    if inline is not None:
        data = inline.get_payload(decode=True)
        out["calendar"] = {"content_method": inline.get_param("method"),
                           "icalendar": icalendar_view(data)}
        out["attachment_same"] = (attachment is not None
                                  and attachment.get_payload(decode=True) == data)
        calendars.append((out, data))
    return out


def with_icaljs(calendars):
    if not calendars:
        return
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for i, (_, data) in enumerate(calendars):
            name = os.path.join(folder, f"{i}.ics")
            with open(name, "wb") as f:
                f.write(data)
            files.append(name)
        result = subprocess.run(["node", os.path.join(HERE, "parse_itip.mjs"), *files],
                                capture_output=True, timeout=60)
        if result.returncode != 0:
            raise RuntimeError(result.stderr.decode(errors="replace"))
        for (out, _), parsed in zip(calendars, json.loads(result.stdout)):
            out["calendar"]["icaljs"] = parsed


def feed(path):
    data = open(path, "rb").read()
    calendar = Calendar.from_ical(data)
    return {str(e.get("UID")): int(e.get("SEQUENCE", 0))
            for e in calendar.walk() if e.name == "VEVENT"}


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--feed":
        print(json.dumps(feed(sys.argv[2])))
        return 0
    calendars = []
    messages = [read(p, calendars) for p in sys.argv[1:]]
    with_icaljs(calendars)
    print(json.dumps(messages))
    return 0


if __name__ == "__main__":
    sys.exit(main())
