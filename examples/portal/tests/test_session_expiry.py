"""A fapiao session kept by the portal expires (12 h on the service's clock):
the next page drops it, asks the user to sign in again, and comes back."""


def test_the_session_is_kept_server_side_never_in_the_cookie(linked):
    link = linked.portal.store.link(linked.user_id)
    assert link.session_text.startswith("fapiao-session-v1:")
    assert link.endpoint_id and link.webhook_secret, "a webhook endpoint was registered at sign-in"
    cookie = linked.set_cookie
    assert cookie.startswith("portal_session=")
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    token = link.session_text.split('"token":"')[1].split('"')[0]
    assert token not in cookie


def test_an_expired_session_asks_to_sign_in_again_and_returns(sandbox, linked):
    assert linked.get("/bills").status_code == 200
    sandbox.advance(13 * 3600)
    r = linked.get("/bills")
    assert r.status_code == 302 and "/link/signin" in r.headers["Location"] and r.headers["Location"].endswith("next=%2Fbills")
    assert linked.portal.store.link(linked.user_id).session_text is None, "the dead session was dropped"
    page = linked.get(r.headers["Location"]).get_data(as_text=True)
    assert "登录已过期" in page
    again = linked.post("/link/signin", {"email": linked.email, "password": "passw0rd-1", "next": "/bills"})
    assert again.status_code == 302 and again.headers["Location"].endswith("/bills")
    assert linked.get("/bills").status_code == 200


def test_every_page_carries_the_security_headers(linked):
    r = linked.get("/bills")
    assert "script-src 'self'" in r.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
    assert r.headers["X-Content-Type-Options"] == "nosniff"
    assert r.headers["Cache-Control"] == "no-store"
