// Read-only connections to the sandbox database, one per thread serving a
// read at a time: GETs run beside each other and beside the one writer
// (WAL gives each read transaction a snapshot of the last commit).
#pragma once

#include "db.hpp"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sandbox {

class ReaderPool {
 public:
  explicit ReaderPool(std::string path) : path_(std::move(path)) {}

  /// A connection for the length of one read; back to the pool when it ends.
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Database> db) : pool_(pool), db_(std::move(db)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.give_back(std::move(db_)); }
    Database& db() { return *db_; }

   private:
    ReaderPool& pool_;
    std::unique_ptr<Database> db_;
  };

  /// An idle connection, or a new one (the pool grows to the number of
  /// threads that read at once: the I/O threads and the workers).
  Lease lease();

 private:
  void give_back(std::unique_ptr<Database> db) noexcept;

  std::string path_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<Database>> idle_;
};

}  // namespace sandbox
