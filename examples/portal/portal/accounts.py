"""Portal users, and linking each one to a fapiao account as the customer
guide does it: register with the order ID, activate from the mail's link,
sign in. Then account settings: change e-mail or password, reset password.

The fapiao password passes through (to the SDK) and is never stored; the
Session the SDK returns is kept in the store."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from typing import Any, Optional

import fapiao
from fapiao import errors
from flask import Blueprint, flash, g, redirect, request, session, url_for

from . import events, messages
from .app import log, portal
from .forms import FormErrors
from .store import Link, User
from .views import needs_fapiao, needs_user, page

bp = Blueprint("accounts", __name__)

_ITERATIONS = 200_000


def _hash(password: str, salt: Optional[bytes] = None) -> str:
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, _ITERATIONS)
    return f"pbkdf2_sha256${_ITERATIONS}${salt.hex()}${digest.hex()}"


def _verify(password: str, stored: str) -> bool:
    _, iterations, salt, digest = stored.split("$")
    mine = hashlib.pbkdf2_hmac("sha256", password.encode(), bytes.fromhex(salt), int(iterations))
    return hmac.compare_digest(mine.hex(), digest)


def _safe_next(default: str) -> str:
    target = request.values.get("next") or ""
    return target if target.startswith("/") and not target.startswith("//") else default


# ---- the portal's own users ------------------------------------------------------
@bp.route("/signup", methods=["GET", "POST"])
def signup() -> Any:
    problems = FormErrors(g.lang)
    if request.method == "POST":
        username = request.form.get("username", "").strip()
        password = request.form.get("password", "")
        if not username:
            problems.add_field("username", "REQUIRED", "Enter a user name.")
        if len(password) < 8:
            problems.add_field("password", "WEAK_PASSWORD", "At least 8 characters.")
        if not problems:
            user = User(id="u_" + secrets.token_hex(8), username=username, password_hash=_hash(password))
            if portal().store.add_user(user):
                session.clear()
                session["user_id"] = user.id
                return redirect(url_for("accounts.link"))
            problems.by_input["username"] = ["该用户名已被使用" if g.lang == "zh" else "This user name is taken."]
    return page("signup.html", problems=problems, form=request.form)


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    problems = FormErrors(g.lang)
    if request.method == "POST":
        user = portal().store.user_by_name(request.form.get("username", "").strip())
        if user is not None and _verify(request.form.get("password", ""), user.password_hash):
            session.clear()  # a new session id on sign-in: no fixation
            session["user_id"] = user.id
            return redirect(_safe_next(url_for("home")))
        problems.general.append("用户名或密码不正确" if g.lang == "zh" else "Wrong user name or password.")
    return page("login.html", problems=problems, form=request.form)


@bp.route("/logout", methods=["POST"])
def logout() -> Any:
    session.clear()
    return redirect(url_for("accounts.login"))


# ---- linking a fapiao account --------------------------------------------------
@bp.route("/link")
@needs_user
def link() -> Any:
    existing = portal().store.link(g.user.id)
    return page("link.html", problems=FormErrors(g.lang), form={"email": existing.email if existing else ""},
                pending=existing is not None and existing.session_text is None)


def _new_link(user_id: str, email: str) -> Link:
    existing = portal().store.link(user_id)
    if existing is not None:
        existing.email = email
        return existing
    return Link(user_id=user_id, email=email, session_text=None, hook_id="h_" + secrets.token_urlsafe(16),
                endpoint_id=None, webhook_secret=None, reconciled_through=None)


@bp.route("/link/register", methods=["POST"])
@needs_user
def register() -> Any:
    problems = FormErrors(g.lang)
    email = request.form.get("email", "").strip()
    where = {"ORDER_NOT_FOUND": "order_id", "ORDER_ALREADY_REGISTERED": "order_id",
             "REGISTRATION_PENDING": "order_id", "EMAIL_TAKEN": "email", "WEAK_PASSWORD": "password"}
    with problems.refusals(where):
        portal().client.register_account(email, request.form.get("password", ""),
                                         request.form.get("order_id", "").strip())
    if problems:
        return page("link.html", problems=problems, form=request.form, pending=False)
    portal().store.save_link(_new_link(g.user.id, email))
    return page("registered.html", email=email)


@bp.route("/link/resend", methods=["POST"])
@needs_user
def resend() -> Any:
    email = request.form.get("email", "").strip()
    portal().client.resend_activation(email)  # always accepted: it never tells whether the address exists
    flash("激活邮件已重新发送，之前的链接已失效。" if g.lang == "zh" else "A new activation mail is on its way.")
    return page("registered.html", email=email)


@bp.route("/link/activate", methods=["GET", "POST"])
def activate() -> Any:
    """The activation mail's link lands here (the sandbox's --activation-url).
    GET only shows a button: a mail scanner that opens the link activates nothing."""
    token = request.values.get("token", "")
    if request.method == "GET":
        return page("activate.html", token=token, problems=FormErrors(g.lang), done=False)
    problems = FormErrors(g.lang)
    try:
        account = portal().client.activate_account(token)
    except errors.FapiaoError as e:
        problems.add_error(e)
        return page("activate.html", token=token, problems=problems, done=False)
    return page("activate.html", token="", problems=problems, done=True, email=account.email)


@bp.route("/link/signin", methods=["GET", "POST"])
@needs_user
def fapiao_signin() -> Any:
    problems = FormErrors(g.lang)
    existing = portal().store.link(g.user.id)
    form: Any = request.form if request.method == "POST" else {"email": existing.email if existing else ""}
    if request.method == "POST":
        email = request.form.get("email", "").strip()
        try:
            fapiao_session = portal().client.sign_in(email, request.form.get("password", ""))
        except errors.FapiaoError as e:
            problems.add_error(e, "password" if e.service_code == "INVALID_CREDENTIALS" else None)
        else:
            link = _new_link(g.user.id, fapiao_session.account.email)
            link.session_text = fapiao_session.to_text()
            portal().store.save_link(link)
            log.info("portal user %s linked fapiao account %s", g.user.id, fapiao_session.account.id)
            if fapiao_session.must_change_password:
                flash(messages.error_message("PASSWORD_CHANGE_REQUIRED", "Change your password first.", g.lang))
                return redirect(url_for("accounts.password"))
            events.ensure_webhook(link, fapiao_session)
            events.reconcile(link)
            return redirect(_safe_next(url_for("invoices.bills")))
    return page("fapiao_signin.html", problems=problems, form=form, next=request.values.get("next", ""))


@bp.route("/link/reset", methods=["POST"])
@needs_user
def reset() -> Any:
    portal().client.reset_password(request.form.get("email", "").strip())  # always accepted
    flash("如果该邮箱已注册，新密码已发送到该邮箱。" if g.lang == "zh"
          else "If the address has an account, a new password was mailed to it.")
    return redirect(url_for("accounts.fapiao_signin"))


# ---- account settings ------------------------------------------------------------
@bp.route("/account")
@needs_fapiao
def settings() -> Any:
    account = portal().client.get_account(g.fapiao)
    return page("account.html", account=account, problems=FormErrors(g.lang), form={})


@bp.route("/account/email", methods=["POST"])
@needs_fapiao
def change_email() -> Any:
    problems = FormErrors(g.lang)
    with problems.refusals({"EMAIL_TAKEN": "new_email"}):
        account = portal().client.change_email(g.fapiao, request.form.get("new_email", "").strip(),
                                               request.form.get("current_password", ""))
    if problems:
        return page("account.html", account=portal().client.get_account(g.fapiao), problems=problems,
                    form=request.form)
    g.link.email = account.email
    portal().store.save_link(g.link)
    flash("邮箱已修改。" if g.lang == "zh" else "Your e-mail address was changed.")
    return redirect(url_for("accounts.settings"))


@bp.route("/account/password", methods=["GET", "POST"])
@needs_user
def password() -> Any:
    """Also where a reset password's session is sent: it may do nothing else."""
    link = portal().store.link(g.user.id)
    if link is None or link.session_text is None:
        return redirect(url_for("accounts.fapiao_signin"))
    g.link = link
    problems = FormErrors(g.lang)
    if request.method == "POST":
        current = request.form.get("current_password", "")
        new = request.form.get("new_password", "")
        try:
            portal().client.change_password(fapiao.Session.parse(link.session_text), current, new)
            # A fresh session for the new password (a reset's session could only change it).
            fresh = portal().client.sign_in(link.email, new)
        except errors.AuthenticationError as e:
            if e.service_code == "UNAUTHENTICATED":
                portal().store.forget_session(g.user.id)
                return redirect(url_for("accounts.fapiao_signin"))
            problems.add_error(e, "current_password")
        except errors.FapiaoError as e:
            problems.add_error(e, "new_password" if e.service_code == "WEAK_PASSWORD" else None)
        else:
            link.session_text = fresh.to_text()
            portal().store.save_link(link)
            events.ensure_webhook(link, fresh)
            flash("密码已修改。" if g.lang == "zh" else "Your password was changed.")
            return redirect(url_for("accounts.settings"))
    return page("password.html", problems=problems)
