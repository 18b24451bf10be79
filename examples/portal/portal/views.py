"""What every page shares: who is signed in to the portal, that user's
fapiao.Session (loaded from the store, never from the browser), the way an
expired session sends the user to sign in again, and the template helpers."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Callable, List, Optional, TypeVar, cast

import fapiao
from fapiao import errors
from flask import Flask, flash, g, redirect, render_template, request, session, url_for

from . import messages
from .app import log, portal
from .store import Link, User

F = TypeVar("F", bound=Callable[..., Any])
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def here() -> str:
    """This page's path and query, to come back to after signing in."""
    return request.full_path.rstrip("?")


def current_user() -> Optional[User]:
    user_id = session.get("user_id")
    return portal().store.user(user_id) if user_id else None


def needs_user(view: F) -> F:
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        user = current_user()
        if user is None:
            return redirect(url_for("accounts.login", next=here()))
        g.user = user
        return view(*args, **kwargs)
    return cast(F, wrapper)


def needs_fapiao(view: F) -> F:
    """The view gets g.user, g.link and g.fapiao (the user's fapiao.Session).
    When the service says the session is over (expired after 12 h, ended by a
    password reset), the stored one is dropped and the user signs in again,
    then comes back here."""
    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        user = current_user()
        if user is None:
            return redirect(url_for("accounts.login", next=here()))
        link = portal().store.link(user.id)
        if link is None:
            return redirect(url_for("accounts.link"))
        if link.session_text is None:
            return redirect(url_for("accounts.fapiao_signin", next=here()))
        g.user, g.link = user, link
        g.fapiao = fapiao.Session.parse(link.session_text)
        try:
            return view(*args, **kwargs)
        except errors.AuthenticationError:
            portal().store.forget_session(user.id)
            log.info("fapiao session of portal user %s ended; asking to sign in again", user.id)
            flash(messages.error_message("UNAUTHENTICATED", "Your session has expired; sign in again.", g.lang))
            return redirect(url_for("accounts.fapiao_signin", next=here()))
        except errors.PermissionDeniedError as e:
            if e.service_code == "PASSWORD_CHANGE_REQUIRED":
                flash(messages.error_message(e.service_code, e.message, g.lang))
                return redirect(url_for("accounts.password"))
            raise
    return cast(F, wrapper)


def announcements() -> List[fapiao.Announcement]:
    """The banner: the issuer's current notices (e.g. invoice stock is short)."""
    if getattr(g, "fapiao", None) is None:
        return []
    try:
        return list(portal().client.announcements(g.fapiao))
    except errors.FapiaoError:
        return []  # the banner never breaks a page


def page(template: str, **context: Any) -> str:
    return render_template(template, user=getattr(g, "user", None), link=getattr(g, "link", None),
                           banner=announcements(), lang=g.lang, **context)


def yuan(fen: Optional[int]) -> str:
    return fapiao.format_yuan(int(fen or 0))


def shanghai_time(at: Optional[dt.datetime], with_time: bool = True) -> str:
    if at is None:
        return ""
    local = at.astimezone(SHANGHAI)
    return local.strftime("%Y-%m-%d %H:%M") if with_time else local.strftime("%Y-%m-%d")


def history_line(h: fapiao.HistoryEntry) -> str:
    """One step of a request's history as the page lists it (and the live poll replaces it)."""
    return " ".join(part for part in (shanghai_time(h.at), str(h.status or ""), h.note or "") if part)


def register(app: Flask) -> None:
    app.jinja_env.filters["yuan"] = yuan
    app.jinja_env.filters["shanghai"] = shanghai_time
    app.jinja_env.filters["shanghai_date"] = lambda at: shanghai_time(at, False)
    app.jinja_env.globals.update(
        KIND_ZH=messages.KIND_ZH, DELIVERY_ZH=messages.DELIVERY_ZH, lifecycle=fapiao.lifecycle,
        warning_message=messages.warning_message, history_line=history_line)

    @app.route("/")
    def home() -> Any:
        user = current_user()
        if user is None:
            return redirect(url_for("accounts.login"))
        return redirect(url_for("invoices.bills") if portal().store.link(user.id) else url_for("accounts.link"))


def is_linked(link: Optional[Link]) -> bool:
    return link is not None and link.session_text is not None
