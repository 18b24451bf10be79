"""The customer guide's pages: 我的账单, 申请发票, 确认信息, 我的申请, the
title change, the e-invoice download, and the support ticket that splits a
bill. Every call goes through the one Client with the user's Session."""

from __future__ import annotations

import json
import secrets
from typing import Any, Dict, List, Optional

import fapiao
from fapiao import errors
from flask import Blueprint, Response, abort, flash, g, redirect, request, url_for

from . import events, messages
from .app import log, portal
from .forms import FormErrors, application_from_form, buyer_from_form, form_from_application, form_from_profile, \
    yuan_to_fen
from .views import needs_fapiao, page

bp = Blueprint("invoices", __name__)

#: Whole-call refusals that are about the chosen bills: shown at the bill list.
AT_SELECTION = {code: "bill_ids" for code in ("EMPTY_SELECTION", "BILL_NOT_YET_AVAILABLE", "BILL_ALREADY_INVOICED",
                                              "BILL_NOT_FOUND", "SPLIT_REQUIRES_SUPPORT")}


def _remember(requests: List[fapiao.InvoiceRequest]) -> None:
    """What a page showed becomes the baseline its live poll compares with."""
    with portal().store.transaction() as db:
        for r in requests:
            events.apply_request(db, g.user.id, r)


# ---- 我的账单 ---------------------------------------------------------------------
@bp.route("/bills")
@needs_fapiao
def bills() -> Any:
    all_bills = list(portal().client.bills(g.fapiao, page_size=100))
    return page("bills.html", bills=all_bills, sync_days=fapiao.lifecycle.BILL_SYNC_DAYS)


# ---- 申请发票 ---------------------------------------------------------------------
def _bills_by_id(ids: List[str]) -> List[fapiao.Bill]:
    chosen = []
    for bill_id in ids:
        try:
            chosen.append(portal().client.get_bill(g.fapiao, bill_id))
        except errors.NotFoundError:
            pass  # shown as a problem at the selection by validation
    return chosen


def _apply_page(form: Dict[str, str], bill_ids: List[str], problems: FormErrors) -> str:
    return page("apply.html", form=form, bill_ids=bill_ids, chosen=_bills_by_id(bill_ids), problems=problems,
                pickup_address=fapiao.lifecycle.PICKUP_ADDRESS, pickup_contact=fapiao.lifecycle.PICKUP_CONTACT,
                pickup_phone=fapiao.lifecycle.PICKUP_PHONE)


@bp.route("/apply", methods=["GET"])
@needs_fapiao
def apply() -> Any:
    draft_token = request.args.get("draft")
    if draft_token:  # back from the confirm page: the same answers
        draft = portal().store.draft(draft_token, g.user.id)
        if draft is None:
            abort(404)
        application = fapiao.InvoiceApplication.from_dict(json.loads(draft["application"]))
        return _apply_page(form_from_application(application), application.bill_ids, FormErrors(g.lang))
    bill_ids = request.args.getlist("bill_ids")
    try:  # the second application starts from the last one's answers (R11)
        form = form_from_profile(portal().client.invoice_profile(g.fapiao))
    except errors.NotFoundError:
        form = {"kind": "VAT_ORDINARY", "buyer.type": "ORGANIZATION", "buyer.organization_kind": "ENTERPRISE",
                "delivery.method": "YUNDA"}
    return _apply_page(form, bill_ids, FormErrors(g.lang))


@bp.route("/apply", methods=["POST"])
@needs_fapiao
def apply_submit() -> Any:
    bill_ids = request.form.getlist("bill_ids")
    application = application_from_form(request.form, bill_ids)
    problems = FormErrors(g.lang)
    # Every problem at once: the SDK's local rules first (no round trip), then
    # the service's own (bills, dates) through the preview.
    problems.add_fields(fapiao.validate_application(application).errors)
    if not problems:
        with problems.refusals(AT_SELECTION):
            problems.add_fields(portal().client.preview_invoice_request(g.fapiao, application).field_errors)
    if problems:
        return _apply_page(dict(request.form.items()), bill_ids, problems)
    token = secrets.token_urlsafe(24)
    portal().store.add_draft(token, g.user.id, json.dumps(application.to_dict(), ensure_ascii=False))
    return redirect(url_for("invoices.confirm", token=token))


# ---- 确认信息 ---------------------------------------------------------------------
def _draft_application(token: str) -> tuple[Any, fapiao.InvoiceApplication]:
    draft = portal().store.draft(token, g.user.id)
    if draft is None:
        abort(404)
    return draft, fapiao.InvoiceApplication.from_dict(json.loads(draft["application"]))


@bp.route("/confirm/<token>", methods=["GET"])
@needs_fapiao
def confirm(token: str) -> Any:
    draft, application = _draft_application(token)
    if draft["request_id"]:  # confirmed already (back button): show what it made
        return redirect(url_for("invoices.request_detail", request_id=draft["request_id"]))
    preview = portal().client.preview_invoice_request(g.fapiao, application)
    return page("confirm.html", token=token, application=application, preview=preview,
                pickup_address=fapiao.lifecycle.PICKUP_ADDRESS, pickup_phone=fapiao.lifecycle.PICKUP_PHONE)


@bp.route("/confirm/<token>", methods=["POST"])
@needs_fapiao
def confirm_submit(token: str) -> Any:
    """Exactly once from the browser: the form's token is the idempotency key,
    so a double click, a refresh or a back-and-resubmit makes one request.
    Two submissions at once: the second waits for the first (the service
    answers IDEMPOTENCY_KEY_IN_USE, which the SDK retries) and gets its answer."""
    draft, application = _draft_application(token)
    if draft["request_id"]:
        return redirect(url_for("invoices.request_detail", request_id=draft["request_id"]))
    problems = FormErrors(g.lang)
    with problems.refusals(AT_SELECTION):
        created = portal().client.create_invoice_request(g.fapiao, application,
                                                         idempotency_key="portal-confirm-" + token)
    if problems:  # e.g. the bill was invoiced meanwhile: back to the form, problems shown
        return _apply_page(form_from_application(application), application.bill_ids, problems)
    portal().store.draft_created(token, created.id)
    _remember([created])
    log.info("portal user %s created invoice request %s", g.user.id, created.id)
    return redirect(url_for("invoices.request_detail", request_id=created.id))


# ---- 我的申请 ---------------------------------------------------------------------
@bp.route("/requests")
@needs_fapiao
def requests_list() -> Any:
    found = list(portal().client.invoice_requests(g.fapiao, page_size=100))
    _remember(found)
    return page("requests.html", requests=found, seq=portal().store.latest_seq())


@bp.route("/requests/<request_id>")
@needs_fapiao
def request_detail(request_id: str) -> Any:
    try:
        found = portal().client.get_invoice_request(g.fapiao, request_id)
    except errors.NotFoundError:
        abort(404)
    _remember([found])
    return page("request.html", r=found, seq=portal().store.latest_seq(), problems=FormErrors(g.lang),
                form=form_from_application(fapiao.InvoiceApplication(buyer=found.buyer)))


@bp.route("/requests/<request_id>/cancel", methods=["POST"])
@needs_fapiao
def cancel(request_id: str) -> Any:
    try:
        portal().client.cancel_invoice_request(g.fapiao, request_id)
        flash("申请已撤销。" if g.lang == "zh" else "The request was cancelled.")
    except errors.ConflictError as e:
        flash(messages.error_message(e.service_code, e.message, g.lang))
    return redirect(url_for("invoices.request_detail", request_id=request_id))


@bp.route("/requests/<request_id>/title", methods=["POST"])
@needs_fapiao
def change_title(request_id: str) -> Any:
    """更改发票抬头: paper invoices are sent back first (AWAITING_RETURN);
    an e-invoice is reversed and issued again at once."""
    found = portal().client.get_invoice_request(g.fapiao, request_id)
    buyer = buyer_from_form(request.form)
    problems = FormErrors(g.lang)
    problems.add_fields(fapiao.validate_buyer(found.kind or "", buyer).errors)
    if not problems:
        with problems.refusals():
            changed = portal().client.request_title_change(g.fapiao, request_id, buyer,
                                                           request.form.get("note", "").strip())
    if not problems:
        flash("抬头修改已提交。" if g.lang == "zh" else "The title change was filed.")
        return redirect(url_for("invoices.request_detail", request_id=changed.replaced_by_request_id or changed.id))
    return page("request.html", r=found, seq=portal().store.latest_seq(), problems=problems,
                form=dict(request.form.items()))


@bp.route("/requests/<request_id>/document")
@needs_fapiao
def document(request_id: str) -> Any:
    doc = portal().client.download_invoice_document(g.fapiao, request_id)
    return Response(bytes(doc.data), mimetype=doc.content_type,
                    headers={"Content-Disposition": f'attachment; filename="{doc.file_name}"'})


# ---- support: split a bill ---------------------------------------------------------
@bp.route("/support")
@needs_fapiao
def support() -> Any:
    return page("support.html", tickets=list(portal().client.support_tickets(g.fapiao)),
                problems=FormErrors(g.lang), form={}, bill_id=request.args.get("bill", ""))


@bp.route("/support/split", methods=["POST"])
@needs_fapiao
def split() -> Any:
    """一笔付款开具不同抬头或拆分金额: only support can split a bill (R10)."""
    problems = FormErrors(g.lang)
    bill_id = request.form.get("bill_id", "")
    amounts: List[int] = []
    for part in request.form.get("split_amounts_fen", "").replace("，", ",").split(","):
        if part.strip():
            try:
                amounts.append(yuan_to_fen(part))
            except ValueError:
                problems.add_field("split_amounts_fen", "INVALID_VALUE", f"{part.strip()!r} is not an amount in yuan.")
    ticket = fapiao.NewSupportTicket(type=fapiao.TicketType.SPLIT_BILL, bill_ids=[bill_id], split_amounts_fen=amounts,
                                     description=request.form.get("description", "").strip() or None)
    if not problems:
        problems.add_fields(fapiao.validate_support_ticket(ticket).errors)
    if not problems:
        # The form's own token keys the create: a resubmitted form files one ticket.
        key = "portal-ticket-" + (request.form.get("form_token") or secrets.token_urlsafe(16))
        with problems.refusals():
            portal().client.create_support_ticket(g.fapiao, ticket, idempotency_key=key)
    if not problems:
        flash("工单已提交。" if g.lang == "zh" else "Your ticket was filed.")
        return redirect(url_for("invoices.support"))
    return page("support.html", tickets=list(portal().client.support_tickets(g.fapiao)), problems=problems,
                form=dict(request.form.items()), bill_id=bill_id)


