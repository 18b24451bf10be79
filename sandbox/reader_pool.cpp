#include "reader_pool.hpp"

namespace sandbox {

ReaderPool::Lease ReaderPool::lease() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto db = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(db));
    }
  }
  return Lease(*this, std::make_unique<Database>(path_, Database::Access::read));
}

void ReaderPool::give_back(std::unique_ptr<Database> db) noexcept {
  if (!db) return;
  try {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(db));
  } catch (...) {  // out of memory: the connection closes instead
  }
}

}  // namespace sandbox
