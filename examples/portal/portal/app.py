"""The Flask application: one fapiao.Client for the whole process, the
portal's own store, and the security every page gets (CSRF, CSP, cookies).

    app = create_app(Config(fapiao_endpoint="https://localhost:8443", ca_file="ca.pem",
                            data_dir=Path("/var/lib/portal"), public_url="https://portal.example"))
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Optional

import fapiao
from flask import Flask, abort, g, request, session

from .store import Store

log = logging.getLogger("portal")


@dataclass
class Config:
    fapiao_endpoint: str
    data_dir: Path
    public_url: str              # how the fapiao service reaches this portal: webhook URLs start here
    ca_file: Optional[str] = None
    secure_cookies: bool = True  # browsers keep Secure cookies on http://localhost too
    reconcile_on_start: bool = True


class Portal:
    """What every request shares: the one Client (connection pool, TLS
    sessions, retries; safe across threads) and the store."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.store = Store(config.data_dir / "portal.db")
        # The SDK logs only log-safe fields (never a token, a secret or a
        # taxpayer ID); warnings and up go to the portal's log.
        sdk_log = logging.getLogger("portal.fapiao")
        self.client = fapiao.Client(config.fapiao_endpoint, ca_file=config.ca_file, timeout=30.0,
                                    logger=sdk_log, use_environment_proxy=False)


def _secret_key(data_dir: Path) -> bytes:
    """The key that signs the portal's session cookie, made once, kept 0600."""
    path = data_dir / "cookie-key"
    if not path.exists():
        import os
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(secrets.token_bytes(32))
    return path.read_bytes()


def portal() -> Portal:
    from flask import current_app
    return current_app.extensions["portal"]  # type: ignore[no-any-return]


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(32)
    return str(token)


def _check_csrf() -> None:
    if request.method != "POST" or (request.endpoint or "").startswith("events.receive"):
        return  # the webhook receiver is verified by its signature instead
    sent = request.form.get("csrf_token", "")
    if not sent or not hmac.compare_digest(sent, session.get("csrf", "")):
        abort(400, description="The form has expired; reload the page and try again. 表单已过期，请刷新页面。")


def _language() -> None:
    g.lang = request.accept_languages.best_match(["zh", "en"]) or "zh"


CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")


def _security_headers(response: Any) -> Any:
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    if response.mimetype == "text/html":
        response.headers["Cache-Control"] = "no-store"  # pages show personal data
    return response


class _NoQueryStrings(logging.Filter):
    """The access log keeps the path only: an activation link's token (?token=)
    is a credential and must not reach a log file."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.args and isinstance(record.args, tuple):
            record.args = tuple(a.split("?", 1)[0] if isinstance(a, str) and "?" in a else a for a in record.args)
        return True


def create_app(config: Config) -> Flask:
    app = Flask(__name__)
    config.data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    app.config.update(
        SECRET_KEY=_secret_key(config.data_dir),
        SESSION_COOKIE_NAME="portal_session",
        SESSION_COOKIE_SECURE=config.secure_cookies,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        PERMANENT_SESSION_LIFETIME=8 * 3600,
        MAX_CONTENT_LENGTH=1 << 20,
    )
    app.extensions["portal"] = Portal(config)
    logging.getLogger("werkzeug").addFilter(_NoQueryStrings())

    app.before_request(_language)
    app.before_request(_check_csrf)
    app.after_request(_security_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token
    app.jinja_env.globals["form_token"] = lambda: secrets.token_urlsafe(24)  # one per rendered form

    from . import accounts, events, invoices, views
    views.register(app)
    app.register_blueprint(accounts.bp)
    app.register_blueprint(invoices.bp)
    app.register_blueprint(events.bp)

    if config.reconcile_on_start:
        # After downtime: read back what was missed (GET /v1/events), off the request path.
        threading.Thread(target=events.reconcile_all, args=(app,), name="reconcile", daemon=True).start()
    return app
