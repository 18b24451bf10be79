"""R1–R6: registration with the order ID, activation, resend, sign-in,
lockout, e-mail and password changes, mailed new passwords."""

import uuid


def test_register_activate_sign_in(sandbox):
    c = sandbox.customer()
    email = f"Finance.{uuid.uuid4().hex[:6]}@Example.cn"
    r = sandbox.call("POST", "/v1/accounts", {"email": email, "password": "passw0rd-1", "order_id": c["order_ids"][0]})
    assert r.status == 201
    assert r.json["status"] == "PENDING_ACTIVATION"
    assert r.json["email"] == email.lower()
    # R2: cannot sign in before activation.
    r = sandbox.call("POST", "/v1/sessions", {"email": email, "password": "passw0rd-1"})
    assert (r.status, r.code) == (403, "ACCOUNT_NOT_ACTIVE")
    mail = sandbox.last_mail(email.lower(), "ACTIVATION")
    assert mail["token"] and mail["token"] in mail["body"]
    r = sandbox.call("POST", "/v1/accounts/activation", {"token": mail["token"]})
    assert r.status == 200 and r.json["status"] == "ACTIVE" and r.json["activated_at"]
    r = sandbox.call("POST", "/v1/accounts/activation", {"token": mail["token"]})
    assert (r.status, r.code) == (409, "ALREADY_ACTIVE")
    r = sandbox.call("POST", "/v1/sessions", {"email": email, "password": "passw0rd-1"})
    assert r.status == 201
    assert r.json["must_change_password"] is False
    token = r.json["token"]
    assert sandbox.call("GET", "/v1/account", token=token).json["email"] == email.lower()
    assert sandbox.call("DELETE", "/v1/sessions/current", token=token).status == 204
    r = sandbox.call("GET", "/v1/account", token=token)
    assert (r.status, r.code) == (401, "UNAUTHENTICATED")


def test_registration_refusals(sandbox):
    c = sandbox.customer(orders=2)
    r = sandbox.call("POST", "/v1/accounts", {"email": "x@example.cn", "password": "passw0rd-1", "order_id": "NOPE"})
    assert (r.status, r.code) == (404, "ORDER_NOT_FOUND")
    r = sandbox.call("POST", "/v1/accounts", {"email": "x@example.cn", "password": "password", "order_id": c["order_ids"][0]})
    assert (r.status, r.code) == (422, "WEAK_PASSWORD")
    r = sandbox.call("POST", "/v1/accounts", {"email": "not-an-email", "order_id": ""})
    assert (r.status, r.code) == (422, "VALIDATION_FAILED")
    assert r.fields() == [("email", "EMAIL_FORMAT"), ("password", "REQUIRED"), ("order_id", "REQUIRED")]

    email = sandbox.register(c["order_ids"][0])
    # R3: while pending, neither this order nor another of the customer registers again.
    for order in c["order_ids"]:
        r = sandbox.call("POST", "/v1/accounts", {"email": "other@example.cn", "password": "passw0rd-1", "order_id": order})
        assert (r.status, r.code) == (409, "REGISTRATION_PENDING")
        assert r.json["error"]["details"]["available_at"]
    token = sandbox.last_mail(email, "ACTIVATION")["token"]
    assert sandbox.call("POST", "/v1/accounts/activation", {"token": token}).status == 200
    r = sandbox.call("POST", "/v1/accounts", {"email": "other@example.cn", "password": "passw0rd-1", "order_id": c["order_ids"][1]})
    assert (r.status, r.code) == (409, "ORDER_ALREADY_REGISTERED")
    other = sandbox.customer()
    r = sandbox.call("POST", "/v1/accounts", {"email": email, "password": "passw0rd-1", "order_id": other["order_ids"][0]})
    assert (r.status, r.code) == (409, "EMAIL_TAKEN")


def test_wrong_email_lapses_after_24h_then_register_again(sandbox):
    c = sandbox.customer()
    wrong = sandbox.register(c["order_ids"][0])
    old_token = sandbox.last_mail(wrong, "ACTIVATION")["token"]
    sandbox.advance(24 * 3600 + 1)
    r = sandbox.call("POST", "/v1/accounts/activation", {"token": old_token})
    assert (r.status, r.code) == (410, "ACTIVATION_EXPIRED")
    # The lapsed registration frees the order (and the e-mail).
    token = sandbox.signed_in(c["order_ids"][0])
    assert sandbox.call("GET", "/v1/account", token=token).status == 200
    r = sandbox.call("POST", "/v1/sessions", {"email": wrong, "password": "passw0rd-1"})
    assert (r.status, r.code) == (401, "INVALID_CREDENTIALS")


def test_resend_replaces_token_and_is_rate_limited(sandbox):
    c = sandbox.customer()
    email = sandbox.register(c["order_ids"][0])
    first = sandbox.last_mail(email, "ACTIVATION")["token"]
    assert sandbox.call("POST", "/v1/accounts/activation-emails", {"email": email}).status == 202
    second = sandbox.last_mail(email, "ACTIVATION")["token"]
    assert second != first
    r = sandbox.call("POST", "/v1/accounts/activation", {"token": first})
    assert (r.status, r.code) == (404, "ACTIVATION_TOKEN_INVALID")
    for _ in range(4):
        assert sandbox.call("POST", "/v1/accounts/activation-emails", {"email": email}).status == 202
    activation_mails = [m for m in sandbox.op("GET", "/sandbox/outbox?to=" + email).json["data"] if m["kind"] == "ACTIVATION"]
    assert len(activation_mails) == 1 + 3  # the registration mail does not count; at most 3 resends an hour
    sandbox.advance(3601)
    assert sandbox.call("POST", "/v1/accounts/activation-emails", {"email": email}).status == 202
    latest = sandbox.last_mail(email, "ACTIVATION")["token"]
    assert sandbox.call("POST", "/v1/accounts/activation", {"token": latest}).status == 200
    # No account enumeration: unknown and active addresses also get 202 and no mail.
    assert sandbox.call("POST", "/v1/accounts/activation-emails", {"email": "nobody@example.cn"}).status == 202
    assert sandbox.last_mail("nobody@example.cn") is None
    before = len(sandbox.op("GET", "/sandbox/outbox?to=" + email).json["data"])
    assert sandbox.call("POST", "/v1/accounts/activation-emails", {"email": email}).status == 202
    assert len(sandbox.op("GET", "/sandbox/outbox?to=" + email).json["data"]) == before


def test_sign_in_lockout(sandbox):
    c = sandbox.customer()
    email = sandbox.register(c["order_ids"][0])
    sandbox.call("POST", "/v1/accounts/activation", {"token": sandbox.last_mail(email, "ACTIVATION")["token"]})
    for _ in range(5):
        r = sandbox.call("POST", "/v1/sessions", {"email": email, "password": "wrong-pass-1"})
        assert (r.status, r.code) == (401, "INVALID_CREDENTIALS")
    r = sandbox.call("POST", "/v1/sessions", {"email": email, "password": "passw0rd-1"})
    assert (r.status, r.code) == (429, "TOO_MANY_ATTEMPTS")
    assert r.json["error"]["retryable"] is True
    assert 1 <= int(r.headers["retry-after"]) <= 900
    sandbox.advance(15 * 60 + 1)
    r = sandbox.call("POST", "/v1/sessions", {"email": email, "password": "passw0rd-1"})
    assert r.status == 201


def test_sessions_expire_after_12_hours(sandbox):
    c = sandbox.customer()
    token = sandbox.signed_in(c["order_ids"][0])
    sandbox.advance(12 * 3600 - 10)
    assert sandbox.call("GET", "/v1/account", token=token).status == 200
    sandbox.advance(20)
    assert sandbox.call("GET", "/v1/account", token=token).code == "UNAUTHENTICATED"


def test_change_email_and_password(sandbox):
    c = sandbox.customer()
    email = f"{uuid.uuid4().hex[:8]}@example.cn"
    token = sandbox.signed_in(c["order_ids"][0], email)
    r = sandbox.call("PATCH", "/v1/account", {"email": "new@example.cn", "current_password": "nope-1234"}, token=token)
    assert (r.status, r.code) == (422, "VALIDATION_FAILED")
    assert r.fields() == [("current_password", "INCORRECT_PASSWORD")]
    new_email = f"new.{uuid.uuid4().hex[:6]}@example.cn"
    r = sandbox.call("PATCH", "/v1/account", {"email": new_email, "current_password": "passw0rd-1"}, token=token)
    assert r.status == 200 and r.json["email"] == new_email
    assert sandbox.call("GET", "/v1/account", token=token).status == 200  # sessions stay
    other = sandbox.call("POST", "/v1/sessions", {"email": new_email, "password": "passw0rd-1"}).json["token"]
    r = sandbox.call("POST", "/v1/account/password", {"current_password": "passw0rd-1", "new_password": "short"}, token=token)
    assert (r.status, r.code) == (422, "WEAK_PASSWORD")
    r = sandbox.call("POST", "/v1/account/password", {"current_password": "passw0rd-1", "new_password": "n3w-password"}, token=token)
    assert r.status == 200
    assert sandbox.call("GET", "/v1/account", token=other).code == "UNAUTHENTICATED"  # other sessions end
    assert sandbox.call("GET", "/v1/account", token=token).status == 200
    assert sandbox.call("POST", "/v1/sessions", {"email": new_email, "password": "n3w-password"}).status == 201


def test_password_reset_mails_a_new_password_that_must_be_changed(sandbox):
    c = sandbox.customer()
    email = f"{uuid.uuid4().hex[:8]}@example.cn"
    old_session = sandbox.signed_in(c["order_ids"][0], email)
    assert sandbox.call("POST", "/v1/password-resets", {"email": email}).status == 202
    assert sandbox.call("POST", "/v1/password-resets", {"email": "nobody@example.cn"}).status == 202
    mailed = sandbox.last_mail(email, "NEW_PASSWORD")["password"]
    assert mailed and mailed in sandbox.last_mail(email, "NEW_PASSWORD")["body"]
    assert sandbox.call("GET", "/v1/account", token=old_session).code == "UNAUTHENTICATED"
    assert sandbox.call("POST", "/v1/sessions", {"email": email, "password": "passw0rd-1"}).code == "INVALID_CREDENTIALS"
    r = sandbox.call("POST", "/v1/sessions", {"email": email, "password": mailed})
    assert r.status == 201 and r.json["must_change_password"] is True
    token = r.json["token"]
    assert sandbox.call("GET", "/v1/account", token=token).status == 200
    r = sandbox.call("GET", "/v1/bills", token=token)
    assert (r.status, r.code) == (403, "PASSWORD_CHANGE_REQUIRED")
    r = sandbox.call("POST", "/v1/account/password", {"current_password": mailed, "new_password": "fresh-pass-2"}, token=token)
    assert r.status == 200
    assert sandbox.call("GET", "/v1/bills", token=token).status == 200


def test_the_activation_mail_links_to_the_configured_page():
    # --activation-url: a partner portal's own activation page receives the token.
    from sandbox_harness import running_sandbox
    with running_sandbox("fapiao-activation-", "--activation-url", "http://localhost:5080/link/activate?src=mail") as sb:
        c = sb.customer()
        email = f"link.{uuid.uuid4().hex[:6]}@example.cn"
        sb.register(c["order_ids"][0], email)
        mail = sb.last_mail(email, "ACTIVATION")
        assert f"http://localhost:5080/link/activate?src=mail&token={mail['token']}\n" in mail["body"]
