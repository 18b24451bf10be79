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
      state TEXT NOT NULL, invoice_request_id TEXT, parent_bill_id TEXT);
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
    CREATE TABLE IF NOT EXISTS trace.journal(seq INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL,
      path TEXT NOT NULL, status INTEGER NOT NULL, idempotency_key TEXT, request_id TEXT NOT NULL,
      client_request_id TEXT, at INTEGER NOT NULL);
  )sql");
  // Data directories from before secret_ref existed gain the column.
  bool has_secret_ref = false;
  auto columns = db.prepare("SELECT name FROM pragma_table_info('idempotency')");
  while (columns.step()) has_secret_ref = has_secret_ref || columns.text(0) == "secret_ref";
  if (!has_secret_ref) db.exec("ALTER TABLE idempotency ADD COLUMN secret_ref TEXT");
}

}  // namespace sandbox::store
