"""Live status: each linked account has a webhook endpoint whose deliveries
land here, verified with the SDK and deduplicated by event id; open pages
poll the portal's own database (/live/status) for the changes. After
downtime, reconcile() reads back the events missed (GET /v1/events).

What a delivery changes is kept in the same transaction as its event id, so
a crash between the two can neither lose a change nor apply it twice."""

from __future__ import annotations

import sqlite3
from typing import Any, Dict, Optional

import fapiao
from fapiao import errors, lifecycle, webhooks
from flask import Blueprint, Flask, abort, g, jsonify, request

from .app import log, portal
from .store import Link, Store
from .views import history_line, needs_user

bp = Blueprint("events", __name__)

HOOK_PATH = "/webhooks/fapiao/"


def ensure_webhook(link: Link, session: fapiao.Session) -> None:
    """Registers this link's endpoint once. The idempotency key makes a retry
    after a crash return the same endpoint (and secret), never a second one."""
    if link.endpoint_id and link.webhook_secret:
        return
    url = portal().config.public_url.rstrip("/") + HOOK_PATH + link.hook_id
    endpoint = portal().client.create_webhook_endpoint(session, url, ["*"], description="partner portal",
                                                       idempotency_key="portal-endpoint-" + link.hook_id)
    link.endpoint_id, link.webhook_secret = endpoint.id, endpoint.secret
    portal().store.save_link(link)
    log.info("webhook endpoint %s registered for portal user %s", endpoint.id, link.user_id)


def snapshot(r: fapiao.InvoiceRequest) -> Dict[str, Any]:
    """What a page shows of a request and may change live: the status, the
    tracking number, the history, and which actions the status allows (asked
    of fapiao.lifecycle, never restated here)."""
    return {"status": str(r.status), "label": r.status_label, "tracking_number": r.tracking_number,
            "can_cancel": lifecycle.can_cancel(r.status),
            "can_change_title": lifecycle.can_change_title(r.status, r.kind),
            "has_document": lifecycle.has_document(r.status, r.kind),
            "history": [history_line(h) for h in r.history]}


def apply_request(db: sqlite3.Connection, user_id: str, r: fapiao.InvoiceRequest) -> bool:
    """Keeps a request's newest state (by its history length: the arrival order
    of events says nothing)."""
    return Store.record_status(db, user_id, r.id, len(r.history), snapshot(r))


def handle(db: sqlite3.Connection, link: Link, event: fapiao.Event) -> bool:
    """Applies one verified event inside the caller's transaction; False for a repeat."""
    if not Store.record_event(db, event.id, link.user_id, str(event.type)):
        return False
    obj = event.data.object
    if isinstance(obj, fapiao.InvoiceRequest):
        apply_request(db, link.user_id, obj)
    return True


@bp.route(HOOK_PATH + "<hook_id>", methods=["POST"])
def receive(hook_id: str) -> Any:
    link = portal().store.link_by_hook(hook_id)
    if link is None or not link.webhook_secret:
        abort(404)
    try:
        event = webhooks.construct_event(request.get_data(), request.headers.get(webhooks.SIGNATURE_HEADER),
                                         [link.webhook_secret])
    except errors.FapiaoError as e:  # SignatureVerificationError, or a signed body that is not an event
        log.warning("webhook delivery refused for portal user %s: %s", link.user_id, e.service_code)
        return jsonify(error=e.service_code), 400
    expected = _account_id(link)
    if expected and event.account_id != expected:  # signed with this link's secret, yet another account's
        return jsonify(error="WRONG_ACCOUNT"), 400
    with portal().store.transaction() as db:
        fresh = handle(db, link, event)
    return jsonify(received=event.id, duplicate=not fresh), 200


def _account_id(link: Link) -> Optional[str]:
    return fapiao.Session.parse(link.session_text).account.id if link.session_text else None


def reconcile(link: Link) -> int:
    """Reads the account's events newer than the last reconcile (all 30 days
    the first time) and applies those not handled yet. Returns how many."""
    if not link.session_text:
        return 0
    session = fapiao.Session.parse(link.session_text)
    applied, newest = 0, link.reconciled_through
    for event in portal().client.events(session, page_size=100):
        created = event.created_at.isoformat() if event.created_at else ""
        if newest is None or created > newest:
            newest = created
        if link.reconciled_through and created < link.reconciled_through:
            break  # newest first: everything older was read back before
        with portal().store.transaction() as db:
            applied += handle(db, link, event)
    if newest:
        portal().store.set_reconciled_through(link.user_id, newest)
    if applied:
        log.info("reconciled %d missed events for portal user %s", applied, link.user_id)
    return applied


def reconcile_all(app: Flask) -> None:
    with app.app_context():
        for link in portal().store.links_signed_in():
            try:
                reconcile(link)
            except errors.AuthenticationError:
                portal().store.forget_session(link.user_id)  # asked to sign in again on the next page
            except errors.FapiaoError as e:
                log.warning("reconcile for portal user %s failed: %s", link.user_id, e.service_code or e.code)


@bp.route("/live/status")
@needs_user
def live_status() -> Any:
    """What changed for this user since `after` (a sequence number): the pages'
    short poll, answered from the portal's database alone."""
    after = request.args.get("after", type=int, default=0)
    rows = portal().store.statuses_after(g.user.id, after)
    return jsonify(seq=max([after] + [r.seq for r in rows]),
                   requests=[{"id": r.request_id, **r.snapshot} for r in rows])
