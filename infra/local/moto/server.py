"""Starts moto in server mode on a loopback port for the local stack and the tests.

Differs from `moto_server` in two ways: every request is handled under one lock, and the mail sent through SES can
be read cheaply at /_local/sent-mail. Real DynamoDB applies a
TransactWriteItems atomically; moto checks the conditions and then applies the writes without a lock, so two
concurrent transactions can both pass their checks. Serialising requests gives the emulator the atomicity the
registry-number transaction relies on. Moto requests take milliseconds, so the cost is small.
"""

import argparse
import os
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


def emulate_cognito_attribute_updates() -> None:
    """What a user may change about themselves with their access token (`UpdateUserAttributes`), as Cognito
    decides it and moto does not: only the attributes the app client may write, and an e-mail address that the
    pool says must be verified first stays the old one until the code sent to the new address is entered (moto
    has no code to send, so the change simply waits); on other pools a changed address is no longer verified."""
    from moto.cognitoidp.exceptions import NotAuthorizedError
    from moto.cognitoidp.models import CognitoIdpBackend

    def update_user_attributes(self, access_token, attributes):
        for pool in self.user_pools.values():
            if access_token not in pool.access_tokens:
                continue
            client_id, username = pool.access_tokens[access_token]
            client = pool.clients.get(client_id)
            writable = client.extended_config.get("WriteAttributes") if client else None
            if writable is not None and any(a["Name"] not in writable for a in attributes):
                raise NotAuthorizedError("A client attempted to write unauthorized attribute")
            user = self.admin_get_user(pool.id, username)
            email = self._find_attr("email", attributes)
            current = next((a["Value"] for a in user.attributes if a["Name"] == "email"), None)
            held = pool.extended_config.get("UserAttributeUpdateSettings", {}).get(
                "AttributesRequireVerificationBeforeUpdate", []
            )
            if email is not None and email != current:
                if "email" in held:
                    attributes = [a for a in attributes if a["Name"] != "email"]
                else:
                    self._verify_email_is_not_used(pool.id, email)
                    attributes = attributes + [{"Name": "email_verified", "Value": "false"}]
            user.update_attributes(attributes)
            return
        raise NotAuthorizedError(access_token)

    CognitoIdpBackend.update_user_attributes = update_user_attributes


def emulate_cognito_token_validity() -> None:
    """Cognito issues tokens for as long as the app client says (`AccessTokenValidity`, `IdTokenValidity` in its
    `TokenValidityUnits`, hours by default); moto always issues them for an hour."""
    from moto.cognitoidp.models import CognitoIdpUserPool

    create_jwt = CognitoIdpUserPool.create_jwt
    seconds = {"seconds": 1, "minutes": 60, "hours": 3600, "days": 86400}

    def create_jwt_for_the_client(self, client_id, username, token_use, expires_in=60 * 60, extra_data=None):
        client = self.clients.get(client_id)
        key = {"access": "AccessToken", "id": "IdToken"}.get(token_use)
        if client is not None and key and client.extended_config.get(f"{key}Validity"):
            unit = client.extended_config.get("TokenValidityUnits", {}).get(key, "hours")
            expires_in = int(client.extended_config[f"{key}Validity"]) * seconds.get(unit, 3600)
        return create_jwt(self, client_id, username, token_use, expires_in, extra_data)

    CognitoIdpUserPool.create_jwt = create_jwt_for_the_client


# The one authenticator secret of the emulator (base32 of "sofia-contact-center"; `infra/local/src/totp.rs`).
LOCAL_TOTP_SECRET = "ONXWM2LBFVRW63TUMFRXILLDMVXHIZLS"


def emulate_cognito_totp() -> None:
    """Cognito checks authenticator codes (RFC 6238: 30-second steps, one step of clock drift either way); moto
    accepts any code unless told otherwise, and then only the current step of one fixed secret. Here it checks
    real codes, of a secret the local stack and its tests know."""
    import moto.cognitoidp.models as models

    os.environ["MOTO_COGNITO_IDP_USER_POOL_ENABLE_TOTP"] = "true"
    models.COGNITO_TOTP_MFA_SECRET = LOCAL_TOTP_SECRET
    verify = models.verify_totp
    models.verify_totp = lambda totp, code, valid_window=1: verify(totp, code, valid_window=max(valid_window, 1))


def main() -> None:
    emulate_cognito_verification()
    emulate_cognito_totp()
    emulate_cognito_attribute_updates()
    emulate_cognito_token_validity()
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, SerializedApp(app), threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
