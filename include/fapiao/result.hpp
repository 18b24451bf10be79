// fapiao: Result<T>, the return of every fallible call: a value or an Error.
#pragma once

#include <fapiao/error.hpp>

#include <type_traits>
#include <utility>
#include <variant>

namespace fapiao {

template <typename T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<T, Error>, "Result<Error> is not meaningful");

 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool has_value() const noexcept { return state_.index() == 0; }
  explicit operator bool() const noexcept { return has_value(); }

  /// The value; throws the Error when there is none.
  T& value() & {
    throw_if_error();
    return std::get<0>(state_);
  }
  const T& value() const& {
    throw_if_error();
    return std::get<0>(state_);
  }
  T&& value() && {
    throw_if_error();
    return std::get<0>(std::move(state_));
  }

  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(state_) : static_cast<T>(std::forward<U>(fallback));
  }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// The error. Calling this on a success is a programming error; it
  /// returns a static `internal` error rather than crashing.
  const Error& error() const& {
    if (const auto* e = std::get_if<1>(&state_)) return *e;
    return no_error();
  }
  Error&& error() && {
    if (auto* e = std::get_if<1>(&state_)) return std::move(*e);
    static thread_local Error scratch;
    scratch = no_error();
    return std::move(scratch);
  }

 private:
  void throw_if_error() const {
    if (const auto* e = std::get_if<1>(&state_)) throw *e;
  }
  static const Error& no_error() {
    static const Error e(ErrorCode::internal, "error() called on a successful Result");
    return e;
  }

  std::variant<T, Error> state_;
};

/// Result of a call that returns nothing on success.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT

  bool has_value() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return !failed_; }
  void value() const {
    if (failed_) throw error_;
  }
  const Error& error() const& { return error_; }

 private:
  Error error_;
  bool failed_ = false;
};

}  // namespace fapiao
