// fapiao: Pager<T>, every item of a cursor-paginated list, fetched lazily
// one page at a time (memory stays at one page however long the list).
#pragma once

#include <fapiao/models.hpp>
#include <fapiao/result.hpp>

#include <cstddef>
#include <functional>
#include <iterator>
#include <string>
#include <unordered_set>
#include <utility>

namespace fapiao {

namespace detail {

/// Where a paginated list stands: the cursor, the end, and the cursors seen
/// (a server that repeats one would make the list go round forever). Shared
/// by Pager and AsyncPager, so both page the same way.
template <typename T>
class PageCursor {
 public:
  explicit PageCursor(std::function<std::string(const T&)> id_of) : id_of_(std::move(id_of)) {}

  /// Takes a fetched page (or its error) and moves the cursor past it.
  Result<Page<T>> accept(Result<Page<T>> page) {
    if (!page) return page;
    if (!page->data.empty()) {
      std::string next = id_of_(page->data.back());
      if (page->has_more && !seen_.insert(next).second) {
        done_ = true;
        return Error(ErrorCode::protocol, "The service returned the cursor '" + next +
                                              "' a second time; the list would never end, so paging stopped.");
      }
      cursor_ = std::move(next);
    }
    done_ = !page->has_more || page->data.empty();
    return page;
  }

  const std::string& cursor() const { return cursor_; }
  void start_after(std::string cursor) {
    seen_.insert(cursor);
    cursor_ = std::move(cursor);
  }
  bool done() const { return done_; }

 private:
  std::function<std::string(const T&)> id_of_;
  std::string cursor_;
  std::unordered_set<std::string> seen_;  // one id per page fetched: small beside a page
  bool done_ = false;
};

}  // namespace detail

template <typename T>
class Pager {
 public:
  /// Fetches the page after the item with this id ("" = the first page).
  using Fetch = std::function<Result<Page<T>>(const std::string& starting_after)>;

  explicit Pager(Fetch fetch, std::function<std::string(const T&)> id_of)
      : fetch_(std::move(fetch)), cursor_(std::move(id_of)) {}

  /// Page-at-a-time access: the next page, or an error. After the last page,
  /// returns an empty page with has_more == false. A server that hands back
  /// a cursor it gave before (which would make the list go round forever)
  /// ends the list with a `protocol` error.
  Result<Page<T>> next_page() {
    if (cursor_.done()) return Page<T>{};
    return cursor_.accept(fetch_(cursor_.cursor()));
  }

  /// The cursor: the id of the last item fetched.
  const std::string& cursor() const { return cursor_.cursor(); }
  /// Resumes a list after a stored cursor (before the first fetch).
  void start_after(std::string cursor) { cursor_.start_after(std::move(cursor)); }
  bool has_more() const { return !cursor_.done(); }

  /// Range-for over every item across pages. Each element is a Result<T>:
  /// a failed page fetch yields one error element and ends the iteration,
  /// so `item->field` throws rather than silently truncating the list.
  class iterator {
   public:
    using iterator_category = std::input_iterator_tag;
    using value_type = Result<T>;
    using difference_type = std::ptrdiff_t;
    using pointer = const Result<T>*;
    using reference = const Result<T>&;

    iterator() = default;
    reference operator*() const { return *current_; }
    pointer operator->() const { return &*current_; }
    iterator& operator++() {
      advance();
      return *this;
    }
    friend bool operator==(const iterator& a, const iterator& b) { return a.pager_ == b.pager_; }
    friend bool operator!=(const iterator& a, const iterator& b) { return !(a == b); }

   private:
    friend class Pager;
    explicit iterator(Pager* pager) : pager_(pager) { advance(); }

    void advance() {
      if (pager_ == nullptr) return;
      if (failed_) {
        pager_ = nullptr;
        return;
      }
      if (index_ + 1 < page_.data.size() && started_) {
        ++index_;
        current_.emplace(std::move(page_.data[index_]));
        return;
      }
      started_ = true;
      while (true) {
        if (!pager_->has_more()) {
          pager_ = nullptr;
          return;
        }
        auto page = pager_->next_page();
        if (!page) {
          failed_ = true;
          current_.emplace(page.error());
          return;
        }
        page_ = std::move(page).value();
        if (!page_.data.empty()) {
          index_ = 0;
          current_.emplace(std::move(page_.data[0]));
          return;
        }
      }
    }

    Pager* pager_ = nullptr;
    Page<T> page_;
    std::size_t index_ = 0;
    bool started_ = false;
    bool failed_ = false;
    std::optional<Result<T>> current_;
  };

  iterator begin() { return iterator(this); }
  iterator end() { return iterator(); }

 private:
  Fetch fetch_;
  detail::PageCursor<T> cursor_;
};

}  // namespace fapiao
