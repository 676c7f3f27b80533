#!/usr/bin/env python3
"""Stand-in for one Ruby app server of the lab (stdlib only).

GET /health answers 200 "ok", or 503 while the region's outage flag file exists (checked on every
request, so `lab outage` takes effect on the very next one). GET / answers "region=<r> server=<name>".
"""
import argparse
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--region", required=True)
    parser.add_argument("--name", required=True)
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--bind", default="127.0.0.1")
    parser.add_argument("--outage-flag", required=True, help="file whose existence makes /health fail")
    args = parser.parse_args()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            if self.path.split("?")[0] == "/health":
                if os.path.exists(args.outage_flag):
                    self.reply(503, "outage\n")
                else:
                    self.reply(200, "ok\n")
            else:
                self.reply(200, "region=%s server=%s\n" % (args.region, args.name))

        def reply(self, status, body):
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, fmt, *fmt_args):
            pass  # one line per probe each second would drown the lab's logs

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request, client_address):
            # Health checkers (HAProxy, probes) may reset the connection once they have the status line.
            if isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
                return
            super().handle_error(request, client_address)

    server = Server((args.bind, args.port), Handler)
    print("app server region=%s server=%s listening on %s:%d" % (args.region, args.name, args.bind, args.port), flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
