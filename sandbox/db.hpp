// A thin RAII layer over SQLite: connections, prepared statements and
// transactions. Values always travel as bound parameters; SQL text is only
// ever assembled from constants of the code (an IN list of enum wire names),
// never from input.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sandbox {

/// Thrown on any SQLite failure; the request handler turns it into a 500/503.
class DbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Database;

/// A prepared statement borrowed from its Database's cache: it goes back,
/// reset, when this object ends, so the same SQL is parsed once per process.
class Statement {
 public:
  Statement(Database& owner, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds by position, starting at 1; returns *this to chain.
  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, std::string_view value);
  Statement& bind(int index, std::nullptr_t);
  Statement& bind(int index, const std::optional<std::string>& value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Statement& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }

  /// Binds every argument in order.
  template <typename... Args>
  Statement& bind_all(Args&&... args) {
    int index = 0;
    (bind(++index, std::forward<Args>(args)), ...);
    return *this;
  }

  /// Steps once; true while a row is available.
  bool step();
  /// Runs to completion (for statements that return no rows).
  void run();
  /// Makes the statement ready to bind and run again (for loops of inserts).
  void reset();

  std::int64_t integer(int column) const;
  std::string text(int column) const;
  bool is_null(int column) const;

 private:
  Database& owner_;
  sqlite3* db_;
  std::string sql_;
  sqlite3_stmt* stmt_ = nullptr;
};

class Database {
 public:
  /// The writer opens (creating) the file in WAL mode with synchronous=FULL;
  /// a reader opens it read-only (query_only), to read beside the writer: WAL
  /// gives each read transaction a snapshot of the last commit.
  enum class Access { write, read };
  explicit Database(const std::string& path, Access access = Access::write);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  void exec(std::string_view sql);
  Statement prepare(std::string_view sql) { return Statement(*this, sql); }
  std::int64_t changes() const { return sqlite3_changes64(db_); }

 private:
  friend class Statement;
  sqlite3_stmt* check_out(const std::string& sql);
  void check_in(const std::string& sql, sqlite3_stmt* stmt) noexcept;

  sqlite3* db_ = nullptr;
  std::mutex cache_mutex_;
  // Idle prepared statements by SQL text; several per text when nested.
  std::unordered_map<std::string, std::vector<sqlite3_stmt*>> idle_statements_;
};

/// BEGIN IMMEDIATE on construction (so writers queue instead of deadlocking),
/// or a plain BEGIN for a read (a snapshot: every statement of the request
/// sees the same commit); ROLLBACK on destruction unless commit() ran.
class Transaction {
 public:
  enum class Kind { write, read };
  explicit Transaction(Database& db, Kind kind = Kind::write);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Database& db_;
  bool done_ = false;
};

}  // namespace sandbox
