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


def emulate_cognito_case_insensitive_usernames() -> None:
    """A pool created with `UsernameConfiguration: {CaseSensitive: false}` finds a user by any capitalisation of
    the user name or of its e-mail (sign-in, sign-up's duplicate check, admin calls); moto matches exactly."""
    from moto.cognitoidp.models import CognitoIdpUserPool, flatten_attrs

    find = CognitoIdpUserPool._get_user

    def _get_user(self, username):
        found = find(self, username)
        sensitive = self.extended_config.get("UsernameConfiguration", {}).get("CaseSensitive", True)
        if found or sensitive is not False or not isinstance(username, str):
            return found
        wanted = username.casefold()
        for key, user in self.users.items():
            names = [key] + [flatten_attrs(user.attributes).get(a) for a in self.extended_config.get("UsernameAttributes", [])]
            if any(isinstance(name, str) and name.casefold() == wanted for name in names):
                return user
        return None

    CognitoIdpUserPool._get_user = _get_user


def emulate_cognito_attribute_updates() -> None:
    """What a user may change about themselves with their access token (`UpdateUserAttributes`), as Cognito
    decides it and moto does not: only the attributes the app client may write, and an e-mail address that the
    pool says must be verified first stays the old one until the code mailed to the new address is entered
    (`VerifyUserAttribute`, see emulate_cognito_codes); on other pools a changed address is no longer verified."""
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
                    self._verify_email_is_not_used(pool.id, email)
                    if EMAIL_CHANGE_MAILER is not None:
                        EMAIL_CHANGE_MAILER(self, pool, user, email)
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


# Cognito's own mail when the pool sends through its built-in sender (EmailSendingAccount COGNITO_DEFAULT), and the
# default texts of a pool without a VerificationMessageTemplate.
COGNITO_DEFAULT_SENDER = "no-reply@verificationemail.com"
COGNITO_DEFAULT_SUBJECT = "Your verification code"
COGNITO_DEFAULT_MESSAGE = "Your verification code is {####}. "
# Cognito's default invitation of a user an administrator created.
COGNITO_INVITE_SUBJECT = "Your temporary password"
COGNITO_INVITE_MESSAGE = "Your username is {username} and temporary password is {####}. "
# How long Cognito honours a code: a sign-up or attribute code 24 hours, a password-reset code one hour.
CODE_LIFETIME_SECONDS = {"sign_up": 24 * 3600, "email": 24 * 3600, "reset": 3600}


def emulate_cognito_codes() -> None:
    """Cognito mails a code at SignUp, ResendConfirmationCode, ForgotPassword and when a user asks to change their
    e-mail (and an invited user's temporary password at AdminCreateUser), and refuses any other code (CodeMismatchException; ExpiredCodeException once it has run out). moto
    mails nothing and accepts any code, so a person trying the local stack was told a code was sent and never
    got one, and a wrong code passed. Here each of those calls issues a six-digit code, mails it through the
    emulated SES exactly as Cognito's built-in sender would (so it shows on the local mailbox, /_dev/mail), and the
    confirming calls check it before moto changes anything. A new code replaces the one before it."""
    import random
    import time
    import uuid

    from moto.cognitoidp.exceptions import (
        CodeMismatchException,
        ExpiredCodeException,
        InvalidParameterException,
        NotAuthorizedError,
        UserNotFoundError,
    )
    from moto.cognitoidp.models import CognitoIdpBackend, UserStatus, find_account_region_by_value
    from moto.cognitoidp.responses import CognitoIdpResponse
    from moto.core.responses import ActionResult, EmptyResult
    from moto.ses.models import Message, ses_backends

    # (user pool id, user's internal name, purpose) -> (code, expiry as a Unix time, the address it went to)
    codes: dict = {}

    def attribute(user, name):
        return next((a["Value"] for a in user.attributes if a["Name"] == name), None)

    def issue(backend, pool, user, purpose, to):
        code = f"{random.randint(0, 999_999):06d}"
        codes[(pool.id, user.username, purpose)] = (code, time.time() + CODE_LIFETIME_SECONDS[purpose], to)
        template = pool.extended_config.get("VerificationMessageTemplate") or {}
        subject = template.get("EmailSubject") or pool.extended_config.get("EmailVerificationSubject")
        message = template.get("EmailMessage") or pool.extended_config.get("EmailVerificationMessage")
        sender = (pool.extended_config.get("EmailConfiguration") or {}).get("From")
        ses_backends[backend.account_id][backend.region_name].sent_messages.append(
            Message(
                message_id=str(uuid.uuid4()),
                source=sender or COGNITO_DEFAULT_SENDER,
                subject=subject or COGNITO_DEFAULT_SUBJECT,
                body=(message or COGNITO_DEFAULT_MESSAGE).replace("{####}", code),
                destinations={"ToAddresses": [to], "CcAddresses": [], "BccAddresses": []},
            )
        )
        return {"Destination": to, "DeliveryMedium": "EMAIL", "AttributeName": "email"}

    def check(pool, user, purpose, code):
        """Cognito's answer to a code: the issued one passes once; anything else is refused."""
        issued = codes.get((pool.id, user.username, purpose))
        if issued is None or issued[0] != (code or ""):
            raise CodeMismatchException("Invalid verification code provided, please try again.")
        if issued[1] < time.time():
            raise ExpiredCodeException("Invalid code provided, please request a code again.")
        del codes[(pool.id, user.username, purpose)]

    def pool_of_client(backend, client_id):
        for pool in backend.user_pools.values():
            if client_id in pool.clients:
                return pool
        raise NotAuthorizedError(client_id)

    def regional(response, key, value):
        from moto.cognitoidp.models import cognitoidp_backends

        account, region = find_account_region_by_value(key, value, fallback=(response.current_account, response.region))
        return cognitoidp_backends[account][region]

    sign_up = CognitoIdpBackend.sign_up

    def sign_up_with_code(self, client_id, username, password, attributes):
        user, details = sign_up(self, client_id, username, password, attributes)
        email = attribute(user, "email")
        if email:
            details = issue(self, self.user_pools[user.user_pool_id], user, "sign_up", email)
        return user, details

    CognitoIdpBackend.sign_up = sign_up_with_code

    confirm_sign_up = CognitoIdpResponse.confirm_sign_up

    def confirm_sign_up_with_code(self):
        client_id = self._get_param("ClientId")
        backend = regional(self, "client_id", client_id)
        pool = pool_of_client(backend, client_id)
        user = backend.admin_get_user(pool.id, self._get_param("Username"))
        if user.status == UserStatus.CONFIRMED:
            raise NotAuthorizedError("User cannot be confirmed. Current status is CONFIRMED")
        check(pool, user, "sign_up", self._get_param("ConfirmationCode"))
        return confirm_sign_up(self)

    CognitoIdpResponse.confirm_sign_up = confirm_sign_up_with_code

    def resend_confirmation_code(self):
        client_id = self._get_param("ClientId")
        backend = regional(self, "client_id", client_id)
        pool = pool_of_client(backend, client_id)
        user = backend.admin_get_user(pool.id, self._get_param("Username"))
        if user.status == UserStatus.CONFIRMED:
            raise InvalidParameterException("User is already confirmed.")
        email = attribute(user, "email")
        if not email:
            raise InvalidParameterException("There is no e-mail address to send the code to.")
        return ActionResult({"CodeDeliveryDetails": issue(backend, pool, user, "sign_up", email)})

    CognitoIdpResponse.resend_confirmation_code = resend_confirmation_code

    forgot_password = CognitoIdpBackend.forgot_password

    def forgot_password_with_code(self, client_id, username):
        moto_code, response = forgot_password(self, client_id, username)
        pool = pool_of_client(self, client_id)
        user = pool._get_user(username)
        if user is None:
            return moto_code, response
        # Cognito sends a reset code only to a verified address (the pool recovers accounts by verified e-mail).
        email = attribute(user, "email")
        if not email or attribute(user, "email_verified") != "true":
            raise InvalidParameterException(
                "Cannot reset password for the user as there is no registered/verified email or phone_number"
            )
        return moto_code, {"CodeDeliveryDetails": issue(self, pool, user, "reset", email)}

    CognitoIdpBackend.forgot_password = forgot_password_with_code

    confirm_forgot_password = CognitoIdpBackend.confirm_forgot_password

    def confirm_forgot_password_with_code(self, client_id, username, password, confirmation_code):
        pool = pool_of_client(self, client_id)
        user = pool._get_user(username)
        if user is None:
            raise UserNotFoundError("Username/client id combination not found.")
        check(pool, user, "reset", confirmation_code)
        # moto checks only codes it made itself ("moto-confirmation-code:…"); this one has been checked above.
        user.confirmation_code = None
        return confirm_forgot_password(self, client_id, username, password, confirmation_code)

    CognitoIdpBackend.confirm_forgot_password = confirm_forgot_password_with_code

    # A change of e-mail on a pool that holds it until verified (see emulate_cognito_attribute_updates): the code
    # goes to the new address, and VerifyUserAttribute with it makes the new address the user's, verified.
    def mail_new_address(backend, pool, user, email):
        issue(backend, pool, user, "email", email)
        pending_email[(pool.id, user.username)] = email

    pending_email: dict = {}

    def verify_user_attribute(self):
        access_token = self._get_param("AccessToken")
        backend = regional(self, "access_token", access_token)
        for pool in backend.user_pools.values():
            if access_token in pool.access_tokens:
                user = backend.admin_get_user(pool.id, pool.access_tokens[access_token][1])
                break
        else:
            raise NotAuthorizedError("Invalid Access Token")
        if self._get_param("AttributeName") != "email":
            raise InvalidParameterException("Only the e-mail address is verified by code here.")
        check(pool, user, "email", self._get_param("Code"))
        new_email = pending_email.pop((pool.id, user.username), None)
        if new_email is not None:
            backend._verify_email_is_not_used(pool.id, new_email)
            user.update_attributes([{"Name": "email", "Value": new_email}])
        user.update_attributes([{"Name": "email_verified", "Value": "true"}])
        return EmptyResult()

    CognitoIdpResponse.verify_user_attribute = verify_user_attribute
    global EMAIL_CHANGE_MAILER
    EMAIL_CHANGE_MAILER = mail_new_address

    # An invited user (AdminCreateUser without MessageAction SUPPRESS): Cognito makes a temporary password when
    # none is given and mails it with the user name; moto mails nothing and leaves the user without a password.
    admin_create_user = CognitoIdpBackend.admin_create_user

    def admin_create_user_with_invitation(self, user_pool_id, username, message_action, temporary_password, attributes):
        pool = self.describe_user_pool(user_pool_id)
        invite = message_action != "SUPPRESS"
        if invite and not temporary_password:
            policy = (pool.extended_config.get("Policies") or {}).get("PasswordPolicy") or {}
            letters = "".join(random.choice("abcdefghijkmnopqrstuvwxyz") for _ in range(max(8, int(policy.get("MinimumLength", 8)))))
            temporary_password = f"{letters}Q7#"
        user = admin_create_user(self, user_pool_id, username, message_action, temporary_password, attributes)
        email = attribute(user, "email")
        if invite and email:
            template = (pool.extended_config.get("AdminCreateUserConfig") or {}).get("InviteMessageTemplate") or {}
            body = template.get("EmailMessage") or COGNITO_INVITE_MESSAGE
            sender = (pool.extended_config.get("EmailConfiguration") or {}).get("From")
            ses_backends[self.account_id][self.region_name].sent_messages.append(
                Message(
                    message_id=str(uuid.uuid4()),
                    source=sender or COGNITO_DEFAULT_SENDER,
                    subject=template.get("EmailSubject") or COGNITO_INVITE_SUBJECT,
                    body=body.replace("{username}", username).replace("{####}", temporary_password),
                    destinations={"ToAddresses": [email], "CcAddresses": [], "BccAddresses": []},
                )
            )
        return user

    CognitoIdpBackend.admin_create_user = admin_create_user_with_invitation


# Set by emulate_cognito_codes: mails the code for a held change of e-mail (backend, pool, user, new address).
EMAIL_CHANGE_MAILER = None


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


def emulate_transaction_rollback_by_item() -> None:
    """moto keeps a deep copy of every table a transaction touches (once per item of the transaction, with all the
    table's stream records) to roll back on failure: each transaction then costs the size of the whole table, and
    a test's filings grow quadratically slower. DynamoDB's own cost is per item; keep the items the transaction
    writes, and the stream's length, and put those back instead."""
    import copy
    import moto.dynamodb.models as dynamodb
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    class TablesByReference:
        """What moto's transaction code calls `copy`: tables by reference (rolled back below), all else copied."""

        @staticmethod
        def deepcopy(value, memo=None):
            return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    dynamodb.copy = TablesByReference
    transact = dynamodb.DynamoDBBackend.transact_write_items

    def key_of(table, op):
        attributes = op.get("Item") or op.get("Key") or {}
        if table.hash_key_attr not in attributes:
            return None
        if table.range_key_attr is None:
            return DynamoType(attributes[table.hash_key_attr]), None
        if table.range_key_attr not in attributes:
            return None
        return DynamoType(attributes[table.hash_key_attr]), DynamoType(attributes[table.range_key_attr])

    def restore(table, hash_value, range_value, prior):
        if range_value is None:
            if prior is None:
                table.items.pop(hash_value, None)
            else:
                table.items[hash_value] = prior
        elif prior is None:
            table.items.get(hash_value, {}).pop(range_value, None)
            if hash_value in table.items and not table.items[hash_value]:
                del table.items[hash_value]
        else:
            table.items[hash_value][range_value] = prior

    def transact_write_items(self, transact_items):
        written = []
        stream_lengths = {}
        for entry in transact_items:
            op = next(iter(entry.values()), None)
            table = self.tables.get(op.get("TableName")) if isinstance(op, dict) else None
            key = key_of(table, op) if table is not None else None
            if key is None:
                continue
            prior = table.get_item(*key)
            written.append((table, *key, copy.deepcopy(prior)))
            if table.stream_shard is not None:
                stream_lengths.setdefault(id(table), (table.stream_shard, len(table.stream_shard.items)))
        try:
            return transact(self, transact_items)
        except Exception:
            for table, hash_value, range_value, prior in reversed(written):
                restore(table, hash_value, range_value, prior)
            for shard, length in stream_lengths.values():
                del shard.items[length:]
            raise

    dynamodb.DynamoDBBackend.transact_write_items = transact_write_items


def main() -> None:
    emulate_transaction_rollback_by_item()
    emulate_cognito_verification()
    emulate_cognito_case_insensitive_usernames()
    emulate_cognito_totp()
    emulate_cognito_attribute_updates()
    emulate_cognito_token_validity()
    emulate_cognito_codes()
    parser = argparse.ArgumentParser()
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    app = DomainDispatcherApplication(create_backend_app)
    run_simple(args.host, args.port, SerializedApp(app), threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
