"""The portal's own database (SQLite): its users, each user's link to a fapiao
account (the fapiao.Session and the webhook secret live here, server-side,
never in a cookie), the confirm forms' tokens, the event ids already handled
and the latest status of each invoice request, which open pages poll.

The file is created 0600 in a 0700 directory: it holds secrets."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Iterator, List, Optional

SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
-- One fapiao account per portal user. session_text is a fapiao.Session
-- (Session.to_text(): a bearer token), NULL when signed out or expired.
CREATE TABLE IF NOT EXISTS links (
  user_id TEXT PRIMARY KEY REFERENCES users(id),
  email TEXT NOT NULL,
  session_text TEXT,
  hook_id TEXT NOT NULL UNIQUE,        -- the path of this link's webhook URL
  endpoint_id TEXT,                    -- the fapiao webhook endpoint
  webhook_secret TEXT,
  reconciled_through TEXT              -- created_at of the newest event read back
);
-- A confirm form's token: the idempotency key of the create it leads to.
CREATE TABLE IF NOT EXISTS drafts (
  token TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users(id),
  application TEXT NOT NULL,           -- InvoiceApplication JSON
  created_at INTEGER NOT NULL,
  request_id TEXT
);
-- Events handled, by id: deliveries come at least once.
CREATE TABLE IF NOT EXISTS events (
  event_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  type TEXT NOT NULL,
  received_at INTEGER NOT NULL
);
-- The newest known state of each request, as its pages show it (snapshot:
-- JSON). version = its history length, so an older snapshot arriving late
-- never overwrites a newer one.
CREATE TABLE IF NOT EXISTS request_status (
  request_id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  snapshot TEXT NOT NULL,
  seq INTEGER NOT NULL                 -- bumped on every change, for the pages' poll
);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""


@dataclass
class User:
    id: str
    username: str
    password_hash: str


@dataclass
class Link:
    user_id: str
    email: str
    session_text: Optional[str]
    hook_id: str
    endpoint_id: Optional[str]
    webhook_secret: Optional[str]
    reconciled_through: Optional[str]


@dataclass
class StatusRow:
    request_id: str
    snapshot: Dict[str, Any]
    seq: int


class Store:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path.parent, 0o700)
        if not path.exists():
            os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        os.chmod(path, 0o600)
        self._path = path
        self._local = threading.local()
        self._connection().executescript(SCHEMA)  # idempotent: IF NOT EXISTS

    def _connection(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self._path, timeout=10, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA foreign_keys=ON")
            self._local.db = db
        return db

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE): all of it or nothing."""
        db = self._connection()
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def read(self) -> sqlite3.Connection:
        return self._connection()

    # ---- users ---------------------------------------------------------------
    def add_user(self, user: User) -> bool:
        """False when the username is taken."""
        try:
            with self.transaction() as db:
                db.execute("INSERT INTO users VALUES (?, ?, ?, ?)",
                           (user.id, user.username, user.password_hash, int(time.time())))
            return True
        except sqlite3.IntegrityError:
            return False

    def user_by_name(self, username: str) -> Optional[User]:
        row = self.read().execute("SELECT id, username, password_hash FROM users WHERE username = ?",
                                  (username,)).fetchone()
        return User(**dict(row)) if row else None

    def user(self, user_id: str) -> Optional[User]:
        row = self.read().execute("SELECT id, username, password_hash FROM users WHERE id = ?",
                                  (user_id,)).fetchone()
        return User(**dict(row)) if row else None

    # ---- links -----------------------------------------------------------------
    def link(self, user_id: str) -> Optional[Link]:
        row = self.read().execute("SELECT * FROM links WHERE user_id = ?", (user_id,)).fetchone()
        return Link(**dict(row)) if row else None

    def link_by_hook(self, hook_id: str) -> Optional[Link]:
        row = self.read().execute("SELECT * FROM links WHERE hook_id = ?", (hook_id,)).fetchone()
        return Link(**dict(row)) if row else None

    def links_signed_in(self) -> List[Link]:
        return [Link(**dict(r)) for r in
                self.read().execute("SELECT * FROM links WHERE session_text IS NOT NULL").fetchall()]

    def save_link(self, link: Link) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO links VALUES (?, ?, ?, ?, ?, ?, ?)",
                       (link.user_id, link.email, link.session_text, link.hook_id, link.endpoint_id,
                        link.webhook_secret, link.reconciled_through))

    def forget_session(self, user_id: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE links SET session_text = NULL WHERE user_id = ?", (user_id,))

    def set_reconciled_through(self, user_id: str, created_at: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE links SET reconciled_through = ? WHERE user_id = ?", (created_at, user_id))

    # ---- confirm tokens --------------------------------------------------------
    def add_draft(self, token: str, user_id: str, application_json: str) -> None:
        with self.transaction() as db:
            db.execute("INSERT INTO drafts (token, user_id, application, created_at) VALUES (?, ?, ?, ?)",
                       (token, user_id, application_json, int(time.time())))

    def draft(self, token: str, user_id: str) -> Optional[sqlite3.Row]:
        row: Optional[sqlite3.Row] = self.read().execute("SELECT * FROM drafts WHERE token = ? AND user_id = ?",
                                                         (token, user_id)).fetchone()
        return row

    def draft_created(self, token: str, request_id: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE drafts SET request_id = ? WHERE token = ?", (request_id, token))

    # ---- events and statuses -------------------------------------------------
    @staticmethod
    def record_event(db: sqlite3.Connection, event_id: str, user_id: str, type_: str) -> bool:
        """False when the event was handled before (inside the caller's transaction)."""
        cursor = db.execute("INSERT OR IGNORE INTO events VALUES (?, ?, ?, ?)",
                            (event_id, user_id, type_, int(time.time())))
        return cursor.rowcount == 1

    @staticmethod
    def record_status(db: sqlite3.Connection, user_id: str, request_id: str, version: int,
                      snapshot: Dict[str, Any]) -> bool:
        """Keeps the newer of the stored and the given state; True when it changed."""
        text = json.dumps(snapshot, ensure_ascii=False, sort_keys=True)
        row = db.execute("SELECT version, snapshot FROM request_status WHERE request_id = ?",
                         (request_id,)).fetchone()
        if row is not None and (row["version"] > version or row["snapshot"] == text):
            return False
        db.execute("INSERT INTO counters VALUES ('seq', 1) ON CONFLICT(name) DO UPDATE SET value = value + 1")
        seq = db.execute("SELECT value FROM counters WHERE name = 'seq'").fetchone()[0]
        db.execute("INSERT OR REPLACE INTO request_status VALUES (?, ?, ?, ?, ?)",
                   (request_id, user_id, version, text, seq))
        return True

    def statuses_after(self, user_id: str, seq: int) -> List[StatusRow]:
        rows = self.read().execute(
            "SELECT request_id, snapshot, seq FROM request_status WHERE user_id = ? AND seq > ? ORDER BY seq",
            (user_id, seq)).fetchall()
        return [StatusRow(r["request_id"], json.loads(r["snapshot"]), r["seq"]) for r in rows]

    def latest_seq(self) -> int:
        row = self.read().execute("SELECT value FROM counters WHERE name = 'seq'").fetchone()
        return int(row[0]) if row else 0
