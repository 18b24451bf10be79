#include "store/schema.hpp"

namespace sandbox::store {

void create_schema(Database& db, const std::filesystem::path& trace_file) {
  // The request journal is a diagnostic trace of every request: it lives in
  // its own file without fsync (synchronous=OFF), written in batches, so a GET
  // costs no disk write; a crash can lose its last second (ADR 0006). The
  // business data keeps synchronous=FULL.
  db.prepare("ATTACH DATABASE ? AS trace").bind_all(trace_file.string()).run();
  db.exec("PRAGMA trace.journal_mode=WAL");
  db.exec("PRAGMA trace.synchronous=OFF");
  db.exec(R"sql(
    CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS orders(order_id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, payer_name TEXT NOT NULL,
      subscription_id TEXT NOT NULL, subscription_name TEXT NOT NULL, seq INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS bills(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, customer_id TEXT NOT NULL,
      order_id TEXT NOT NULL, amount_fen INTEGER NOT NULL, paid_at INTEGER NOT NULL, payment_method TEXT NOT NULL,
      state TEXT NOT NULL, invoice_request_id TEXT, parent_bill_id TEXT, announced INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX IF NOT EXISTS bills_by_customer ON bills(customer_id, paid_at DESC, id DESC);
    CREATE INDEX IF NOT EXISTS bills_by_parent ON bills(parent_bill_id, seq);
    CREATE TABLE IF NOT EXISTS accounts(id TEXT PRIMARY KEY, customer_id TEXT NOT NULL, order_id TEXT NOT NULL,
      email TEXT NOT NULL, password_hash TEXT NOT NULL, status TEXT NOT NULL, created_at INTEGER NOT NULL,
      activated_at INTEGER, temp_password INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS activation_tokens(token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL,
      state TEXT NOT NULL, created_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS sessions(token_hash TEXT PRIMARY KEY, account_id TEXT NOT NULL,
      expires_at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS sign_in_failures(account_id TEXT NOT NULL, at INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS mails(seq INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL, to_addr TEXT NOT NULL,
      kind TEXT NOT NULL, subject TEXT NOT NULL, body TEXT NOT NULL, sent_at INTEGER NOT NULL, token TEXT,
      password TEXT, account_id TEXT, counts_for_resend INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS invoice_requests(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, customer_id TEXT NOT NULL,
      status TEXT NOT NULL, doc TEXT NOT NULL, pending_buyer TEXT);
    CREATE TABLE IF NOT EXISTS profiles(customer_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS announcements(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, doc TEXT NOT NULL,
      deleted INTEGER NOT NULL DEFAULT 0);
    CREATE TABLE IF NOT EXISTS tickets(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, customer_id TEXT NOT NULL,
      doc TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS idempotency(scope TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,
      status INTEGER NOT NULL, request_id TEXT NOT NULL, content_type TEXT NOT NULL, body BLOB NOT NULL,
      created_at INTEGER NOT NULL, secret_ref TEXT, PRIMARY KEY(scope, key));
    CREATE TABLE IF NOT EXISTS faults(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, method TEXT NOT NULL,
      path TEXT NOT NULL, action TEXT NOT NULL, remaining INTEGER NOT NULL, retry_after INTEGER NOT NULL,
      delay_ms INTEGER NOT NULL);
    CREATE TABLE IF NOT EXISTS events(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, account_id TEXT NOT NULL,
      type TEXT NOT NULL, created_at INTEGER NOT NULL, body TEXT NOT NULL);
    CREATE UNIQUE INDEX IF NOT EXISTS events_by_seq ON events(seq);
    CREATE INDEX IF NOT EXISTS events_by_account ON events(account_id, seq DESC);
    CREATE INDEX IF NOT EXISTS events_by_time ON events(created_at);
    CREATE TABLE IF NOT EXISTS webhook_endpoints(id TEXT PRIMARY KEY, seq INTEGER NOT NULL, account_id TEXT NOT NULL,
      url TEXT NOT NULL, event_types TEXT NOT NULL, description TEXT, status TEXT NOT NULL, created_at INTEGER NOT NULL);
    CREATE INDEX IF NOT EXISTS webhook_endpoints_by_account ON webhook_endpoints(account_id, seq DESC);
    CREATE TABLE IF NOT EXISTS webhook_secrets(endpoint_id TEXT NOT NULL, seq INTEGER NOT NULL, reference TEXT NOT NULL,
      expires_at INTEGER);
    CREATE TABLE IF NOT EXISTS webhook_deliveries(event_id TEXT NOT NULL, endpoint_id TEXT NOT NULL, state TEXT NOT NULL,
      attempts INTEGER NOT NULL, next_attempt_at INTEGER, PRIMARY KEY(event_id, endpoint_id));
    CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE state = 'PENDING';
    CREATE TABLE IF NOT EXISTS webhook_attempts(seq INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL,
      endpoint_id TEXT NOT NULL, attempt INTEGER NOT NULL, at INTEGER NOT NULL, status_code INTEGER NOT NULL,
      duration_ms INTEGER NOT NULL, state TEXT NOT NULL, next_attempt_at INTEGER);
    CREATE TABLE IF NOT EXISTS trace.journal(seq INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL,
      path TEXT NOT NULL, status INTEGER NOT NULL, idempotency_key TEXT, request_id TEXT NOT NULL,
      client_request_id TEXT, at INTEGER NOT NULL);
  )sql");
  // Data directories from before secret_ref existed gain the column.
  bool has_secret_ref = false;
  auto columns = db.prepare("SELECT name FROM pragma_table_info('idempotency')");
  while (columns.step()) has_secret_ref = has_secret_ref || columns.text(0) == "secret_ref";
  if (!has_secret_ref) db.exec("ALTER TABLE idempotency ADD COLUMN secret_ref TEXT");
  // Data directories from before events existed: their bills were visible
  // already, so none of them is announced again (bill.available).
  bool has_announced = false;
  auto bill_columns = db.prepare("SELECT name FROM pragma_table_info('bills')");
  while (bill_columns.step()) has_announced = has_announced || bill_columns.text(0) == "announced";
  if (!has_announced) db.exec("ALTER TABLE bills ADD COLUMN announced INTEGER NOT NULL DEFAULT 1");
  db.exec("CREATE INDEX IF NOT EXISTS bills_unannounced ON bills(paid_at) WHERE announced = 0");
}

}  // namespace sandbox::store
