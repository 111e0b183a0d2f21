"""Starts moto in server mode on a loopback port for the local stack and the tests.

Differs from `moto_server` in one way: every request is handled under one lock. Real DynamoDB applies a
TransactWriteItems atomically; moto checks the conditions and then applies the writes without a lock, so two
concurrent transactions can both pass their checks. Serialising requests gives the emulator the atomicity the
registry-number transaction relies on. Moto requests take milliseconds, so the cost is small.
"""

import argparse
import threading

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.server import MotoRequestHandler


class SerializedApp:
    def __init__(self, app):
        self._app = app
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self._lock:
            # Materialise the body inside the lock so the handler has finished before the next request starts.
            return list(self._app(environ, start_response))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, SerializedApp(app), threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
