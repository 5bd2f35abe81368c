#!/usr/bin/env python3
"""Starts the real server with demo data, adds meetings that calendars get wrong (the Sunday
summer time begins, several days, cancelled, another zone, text that needs escaping), fetches
every feed over HTTP and has two independent parsers read each one: Mozilla's ical.js
(parse_ical.mjs, node) and Debian's python3-icalendar (parse_icalendar.py). Their start and end
instants, SEQUENCE and STATUS must equal what the server reports over its protocol
(meeting.list via traffpunkt-cli), and every published or cancelled meeting must be there.

Usage: check_feeds.py --server build/server/traffpunkt --cli build/clients/cli/traffpunkt-cli
Needs node with tests/calendar/node_modules (npm ci --prefix tests/calendar) and
/usr/bin/python3 with python3-icalendar. Exit status 0 when every feed checks out.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
DEBIAN_PYTHON = "/usr/bin/python3"
UID_HOST = "traffpunkt.local"  # the server's default uid_host
# What both parsers report and the database must agree with.
FIELDS = ("uid", "start_utc", "end_utc", "sequence", "status", "summary")

# Meetings added to the demo network: (title, starts_at, ends_at, zone, cancel afterwards).
EXTRA_MEETINGS = [
    ("Söndagsträff när sommartiden börjar", "2023-03-26T09:00:00+02:00",
     "2023-03-26T12:00:00+02:00", "Europe/Stockholm", False),
    ("Natt över sommartidsskiftet", "2023-03-26T01:30:00+01:00", "2023-03-26T03:30:00+02:00",
     "Europe/Stockholm", False),
    ("Nätverkskonferens i Örebro, två dagar", "2023-05-10T09:30:00+02:00",
     "2023-05-11T15:00:00+02:00", "Europe/Stockholm", False),
    ("Inställd avstämning", "2023-02-07T13:00:00+01:00", "2023-02-07T14:30:00+01:00",
     "Europe/Stockholm", True),
    ("Studiebesök i Helsingfors", "2023-10-29T09:00:00+02:00", "2023-10-29T15:00:00+02:00",
     "Europe/Helsinki", False),
    ('Träff; med "citat", komma\\bakstreck och en mycket lång titel som måste vikas '
     'över flera rader i kalenderfilen utan att ett enda tecken går förlorat',
     "2023-11-30T13:00:00+01:00", "2023-11-30T16:00:00+01:00", "Europe/Stockholm", False),
]


# Future meetings people register for (registration is open until they end), for the personal
# feeds: (title, starts_at, ends_at, format, mode people register with).
PERSONAL_MEETINGS = [
    ("Hybridträff när sommartiden börjar 2031", "2031-03-30T09:00:00+02:00",
     "2031-03-30T12:00:00+02:00", "hybrid", "in_person"),
    ("Digital träff när vintertiden börjar 2031", "2031-10-26T09:00:00+01:00",
     "2031-10-26T11:00:00+01:00", "digital", "remote"),
]


class Failure(Exception):
    pass


def run(cmd, stdin=None, env=None):
    proc = subprocess.run(cmd, input=stdin, capture_output=True, env=env, timeout=60)
    if proc.returncode != 0:
        raise Failure(f"{' '.join(cmd[:3])}... exited {proc.returncode}: "
                      f"{proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout


class Server:
    def __init__(self, binary):
        self.binary = binary
        self.dir = tempfile.mkdtemp(prefix="traffpunkt-calendar-")
        self.log = open(os.path.join(self.dir, "server.log"), "wb")
        ready = os.path.join(self.dir, "ready")
        self.proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", "--data-dir", self.dir, "--ready-file", ready,
             "--log-format", "text", "--demo-data"],
            stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if os.path.exists(ready):
                with open(ready) as f:
                    text = f.read()
                if text.endswith("\n"):
                    self.address = text.strip()
                    return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        self.stop()
        raise Failure("the server did not become ready")

    def token(self, role):
        out = run([self.binary, "--data-dir", self.dir, "token", "create", "--role", role,
                   "--name", "calendar check"])
        return out.decode().strip()

    def get(self, path):
        try:
            with urllib.request.urlopen(f"http://{self.address}{path}", timeout=10) as r:
                return r.status, dict(r.headers), r.read()
        except urllib.error.HTTPError as e:
            return e.code, dict(e.headers), e.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        if not os.environ.get("TRAFFPUNKT_KEEP_TEST_DATA"):
            shutil.rmtree(self.dir, ignore_errors=True)


class Cli:
    def __init__(self, binary, address, token):
        self.binary = binary
        self.url = f"ws://{address}/ws"
        self.env = dict(os.environ, TRAFFPUNKT_TOKEN=token)

    def call(self, op, args):
        out = run([self.binary, "--url", self.url, "call", op, json.dumps(args)], env=self.env)
        return json.loads(out)


def parse(feed_name, body):
    """Both parsers' events for one feed, after checking they agree with each other."""
    results = {}
    for name, cmd in (("ical.js", ["node", os.path.join(HERE, "parse_ical.mjs")]),
                      ("python3-icalendar",
                       [DEBIAN_PYTHON, os.path.join(HERE, "parse_icalendar.py")])):
        try:
            results[name] = json.loads(run(cmd, stdin=body))
        except Failure as e:
            raise Failure(f"{feed_name}: {name} could not parse it: {e}")
    a, b = results["ical.js"], results["python3-icalendar"]
    strip = lambda events: [{k: e[k] for k in FIELDS} for e in events]
    if strip(a) != strip(b):
        raise Failure(f"{feed_name}: the parsers disagree:\n  ical.js: {a}\n  icalendar: {b}")
    return a


def expected_event(meeting, registration_status=None):
    if meeting["status"] == "cancelled":
        status = "CANCELLED"
    elif registration_status == "waitlisted":
        status = "TENTATIVE"
    else:
        status = "CONFIRMED"
    return {
        "uid": f"meeting-{meeting['meeting_id']}@{UID_HOST}",
        "start_utc": meeting["starts_at"],
        "end_utc": meeting["ends_at"],
        "sequence": meeting["sequence"],
        "status": status,
        "summary": meeting["title"],
    }


def compare(feed_name, events, meetings, registration_status=None):
    """`registration_status`: meeting id -> confirmed | waitlisted (personal feeds)."""
    if len(events) != len(meetings):
        raise Failure(f"{feed_name}: {len(events)} events, expected {len(meetings)}")
    by_uid = lambda e: e["uid"]
    statuses = registration_status or {}
    expected = sorted((expected_event(m, statuses.get(m["meeting_id"])) for m in meetings),
                      key=by_uid)
    actual = sorted(({k: e[k] for k in FIELDS} for e in events), key=by_uid)
    for want, got in zip(expected, actual):
        if want != got:
            raise Failure(f"{feed_name}: event differs from the database\n"
                          f"  database: {want}\n  feed:     {got}")


def check(args):
    if shutil.which("node") is None:
        raise Failure("node is not installed (Debian: apt-get install nodejs npm)")
    if not os.path.isdir(os.path.join(HERE, "node_modules", "ical.js")):
        raise Failure("ical.js is missing: run `npm ci --prefix tests/calendar`")
    run([DEBIAN_PYTHON, "-c", "import icalendar"])

    server = Server(args.server)
    try:
        cli = Cli(args.cli, server.address, server.token("coordinator"))
        for title, starts, ends, zone, cancel in EXTRA_MEETINGS:
            m = cli.call("meeting.create", {
                "network_id": 1, "title": title, "starts_at": starts, "ends_at": ends,
                "zone": zone, "format": "in_person", "venue": "Stadshuset",
                "address": "Storgatan 1, Kalmar"})["meeting"]
            cli.call("meeting.publish", {"meeting_id": m["meeting_id"]})
            if cancel:
                cli.call("meeting.cancel", {"meeting_id": m["meeting_id"]})
        # A draft, which no feed may show.
        cli.call("meeting.create", {
            "network_id": 1, "title": "Utkast", "starts_at": "2023-12-01T10:00:00+01:00",
            "ends_at": "2023-12-01T11:00:00+01:00", "format": "digital"})

        meetings = cli.call("meeting.list", {"network_id": 1})["meetings"]
        public = [m for m in meetings if m["status"] != "draft"]
        checked = 0

        status, headers, body = server.get("/calendar/network/1.ics")
        if status != 200:
            raise Failure(f"network feed: HTTP {status}")
        if b"meet.example.se" in body:
            raise Failure("network feed: a public feed shows an online link")
        events = parse("network feed", body)
        compare("network feed", events, public)
        checked += len(events)

        for m in public:
            name = f"meeting {m['meeting_id']} feed"
            status, headers, body = server.get(f"/calendar/meetings/{m['meeting_id']}.ics")
            if status != 200:
                raise Failure(f"{name}: HTTP {status}")
            events = parse(name, body)
            compare(name, events, [m])
            checked += len(events)

        for m in meetings:
            if m["status"] == "draft":
                status, _, _ = server.get(f"/calendar/meetings/{m['meeting_id']}.ics")
                if status != 404:
                    raise Failure(f"draft meeting {m['meeting_id']}: HTTP {status}, expected 404")

        # Personal feeds: two people register for two future meetings with one in-person
        # seat; the second is waitlisted for the hybrid one (TENTATIVE). A third has none.
        future = []
        for title, starts, ends, fmt, _ in PERSONAL_MEETINGS:
            m = cli.call("meeting.create", {
                "network_id": 1, "title": title, "starts_at": starts, "ends_at": ends,
                "format": fmt, "venue": "SKR", "address": "Hornsgatan 20, Stockholm",
                "online_url": "https://meet.example.se/personligt", "capacity_in_person": 1,
            })["meeting"]
            cli.call("meeting.publish", {"meeting_id": m["meeting_id"]})
            future.append(m["meeting_id"])
        people = []
        for name in ("Kalle Kalender", "Klara Kalender", "Karin Utan"):
            person = cli.call("person.create", {
                "name": name, "email": name.lower().replace(" ", ".") + "@example.se",
                "organisation_id": 1, "role": "official"})
            people.append((person["token"], {}))
        for token, registered in people[:2]:
            as_person = Cli(args.cli, server.address, token)
            for meeting_id, (_, _, _, _, mode) in zip(future, PERSONAL_MEETINGS):
                r = as_person.call("registration.create",
                                   {"meeting_id": meeting_id, "mode": mode})["registration"]
                registered[meeting_id] = r["status"]
        if "waitlisted" not in people[1][1].values():
            raise Failure(f"expected a waitlisted registration, got {people[1][1]}")

        meetings = cli.call("meeting.list", {"network_id": 1})["meetings"]
        for i, (token, registered) in enumerate(people):
            name = f"personal feed {i + 1}"
            # The feed URL holds the person's calendar token (calendar.link), not their account.
            url = Cli(args.cli, server.address, token).call("calendar.link", {})["url"]
            path = url[url.index("/calendar/person/"):]
            status, headers, body = server.get(path)
            if status != 200:
                raise Failure(f"{name}: HTTP {status}")
            if registered and b"meet.example.se/personligt" not in body:
                raise Failure(f"{name}: the online link is missing")
            mine = [m for m in meetings if m["meeting_id"] in registered]
            events = parse(name, body)
            compare(name, events, mine, registered)
            checked += len(events)

        print(f"check_feeds: {len(public) + 1 + len(people)} feeds, {checked} events: ical.js "
              f"and python3-icalendar agree with the database")
    finally:
        server.stop()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="path to the traffpunkt binary")
    parser.add_argument("--cli", required=True, help="path to traffpunkt-cli")
    try:
        check(parser.parse_args())
    except Failure as e:
        print(f"check_feeds: FAILED: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
