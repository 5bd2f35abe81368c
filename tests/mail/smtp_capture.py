#!/usr/bin/python3
"""A capturing SMTP server for the mail tests (Debian's python3-aiosmtpd), on loopback.

Every message it accepts is written to --dir as NNNNNN.eml (the bytes as received) with
NNNNNN.json beside it (the envelope: mail_from, rcpt_tos, whether the session was TLS, the
authenticated user). Files appear atomically (written under a temporary name, then renamed),
so a reader never sees half a message.

  --port N            listen on 127.0.0.1:N (0: pick a free port)
  --ready FILE        write the port to FILE once the server accepts connections
  --starttls CERT KEY offer STARTTLS with this certificate and refuse mail without it
  --auth USER:PASS    require AUTH (PLAIN or LOGIN, after STARTTLS) with these credentials
  --reject ADDRESS    answer 550 to RCPT TO:<ADDRESS> (may be given several times)
  --tempfail ADDRESS  answer 451 to RCPT TO:<ADDRESS> (may be given several times)
  --delay-ms N        wait N ms after the data before taking the message (a slow server)

It runs until SIGTERM or SIGINT. Usage from a test: start it, wait for --ready, send mail,
read --dir, kill it.
"""

import argparse
import asyncio
import json
import os
import signal
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Capture:
    def __init__(self, folder, reject, tempfail, delay_ms):
        self.folder = folder
        self.delay = delay_ms / 1000
        self.reject = {a.lower() for a in reject}
        self.tempfail = {a.lower() for a in tempfail}
        self.lock = threading.Lock()
        self.count = len([n for n in os.listdir(folder) if n.endswith(".eml")])

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.reject:
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        if address.lower() in self.tempfail:
            return f"451 4.2.0 <{address}>: Mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.delay:
            await asyncio.sleep(self.delay)
        with self.lock:
            self.count += 1
            number = self.count
        base = os.path.join(self.folder, f"{number:06d}")
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": session.ssl is not None,
            "auth_user": (session.auth_data.login.decode()
                          if isinstance(session.auth_data, LoginPassword) else None),
        }
        for suffix, data in ((".json", json.dumps(meta).encode()), (".eml", envelope.original_content)):
            tmp = os.path.join(self.folder, f".{number:06d}{suffix}.tmp")
            with open(tmp, "wb") as f:
                f.write(data)
            os.rename(tmp, base + suffix)
        return f"250 2.0.0 OK: queued as {number}"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--ready")
    parser.add_argument("--starttls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--auth")
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--tempfail", action="append", default=[])
    parser.add_argument("--delay-ms", type=int, default=0)
    args = parser.parse_args()
    os.makedirs(args.dir, exist_ok=True)

    kwargs = {}
    if args.starttls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*args.starttls)
        kwargs.update(tls_context=context, require_starttls=True)
    if args.auth:
        user, password = args.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user
                  and auth_data.password.decode() == password)
            if not ok:
                # Not handled: aiosmtpd answers 535 itself.
                return AuthResult(success=False, handled=False)
            return AuthResult(success=True, auth_data=auth_data)

        kwargs.update(auth_required=True, auth_require_tls=bool(args.starttls),
                      authenticator=authenticator)

    port = args.port or free_port()
    controller = Controller(Capture(args.dir, args.reject, args.tempfail, args.delay_ms),
                            hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    if args.ready:
        tmp = args.ready + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.rename(tmp, args.ready)

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.5):
        pass
    controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
