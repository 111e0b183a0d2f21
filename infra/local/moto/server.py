"""Starts moto in server mode on a loopback port for the local stack and the tests.

Differs from `moto_server` in two ways: every request is handled under one lock, and the mail sent through SES can
be read cheaply at /_local/sent-mail. Real DynamoDB applies a
TransactWriteItems atomically; moto checks the conditions and then applies the writes without a lock, so two
concurrent transactions can both pass their checks. Serialising requests gives the emulator the atomicity the
registry-number transaction relies on. Moto requests take milliseconds, so the cost is small.
"""

import argparse
import json
import threading

from werkzeug.serving import run_simple

from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.server import MotoRequestHandler


SENT_MAIL_PATH = "/_local/sent-mail"

# The local stack's IAM check (infra/local/src/iam.rs) marks a call its function's policy does not allow with this
# query parameter. The SDK answers marked calls itself; a presigned URL carries the mark to the browser, and the
# emulator refuses it here as S3 refuses a URL whose signer may not make the call.
IAM_DENIED_PARAMETER = "X-Local-Iam-Denied="


def sent_mail():
    """Every mail sent through the emulated SES (v1 and v2), oldest first, in the shape of moto's data.json.

    moto's /moto-api/data.json dumps every object it ever created; over a long test run that grows large and slow,
    and it holds the lock below while it does. This reads only the sent mail."""
    from moto.ses.models import ses_backends

    messages = []
    for account in ses_backends.values():
        for backend in account.values():
            for message in backend.sent_messages:
                messages.append({
                    "id": getattr(message, "id", ""),
                    "source": getattr(message, "source", ""),
                    "subject": getattr(message, "subject", ""),
                    "body": getattr(message, "body", ""),
                    "destinations": getattr(message, "destinations", {}),
                })
    return messages


class SerializedApp:
    def __init__(self, app):
        self._app = app
        self._lock = threading.Lock()

    def __call__(self, environ, start_response):
        with self._lock:
            if environ.get("PATH_INFO") == SENT_MAIL_PATH:
                body = json.dumps(sent_mail()).encode()
                start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
                return [body]
            if IAM_DENIED_PARAMETER in environ.get("QUERY_STRING", ""):
                body = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
                        b"<Message>Access Denied (the signer's IAM policy does not allow this call)</Message></Error>")
                start_response("403 Forbidden", [("Content-Type", "application/xml"), ("Content-Length", str(len(body)))])
                return [body]
            # Materialise the body inside the lock so the handler has finished before the next request starts.
            return list(self._app(environ, start_response))


def emulate_cognito_verification() -> None:
    """Cognito marks the e-mail verified when the sign-up code is confirmed on a pool that auto-verifies e-mail
    (the code proves the address); moto only confirms the user. The functions mail verified addresses only."""
    from moto.cognitoidp.models import CognitoIdpBackend

    confirm = CognitoIdpBackend.confirm_sign_up

    def confirm_sign_up(self, client_id, username):
        result = confirm(self, client_id, username)
        for pool in self.user_pools.values():
            if client_id in pool.clients and "email" in pool.extended_config.get("AutoVerifiedAttributes", []):
                self.admin_get_user(pool.id, username).update_attributes([{"Name": "email_verified", "Value": "true"}])
        return result

    CognitoIdpBackend.confirm_sign_up = confirm_sign_up


def main() -> None:
    emulate_cognito_verification()
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, SerializedApp(app), threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
