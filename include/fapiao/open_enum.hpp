// fapiao: OpenEnum<E>, an enumeration owned by the service.
//
// A newer service may send a value this client does not know (a new status,
// a new payment method). OpenEnum keeps such a value's wire string so it
// round-trips unchanged, while known values compare and switch like a plain
// enum. A default-constructed OpenEnum is "unset" (the field was absent).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace fapiao {

/// Specialised for every service enum: `names` lists the wire strings of
/// the enumerators in declaration order, starting after `unknown` (= 0).
template <typename E>
struct EnumNames;

template <typename E>
class OpenEnum {
 public:
  OpenEnum() = default;
  OpenEnum(E value) : value_(value) {}  // NOLINT: implicit, so fields take enumerators

  /// Interprets a wire string; unknown strings are kept verbatim.
  static OpenEnum from_wire(std::string_view wire) {
    OpenEnum result;
    const auto& names = EnumNames<E>::names;
    for (std::size_t i = 0; i < names.size(); ++i) {
      if (names[i] == wire) {
        result.value_ = static_cast<E>(i + 1);
        return result;
      }
    }
    result.value_ = E::unknown;
    result.raw_ = std::string(wire);
    return result;
  }

  /// The known enumerator, or E::unknown (also when unset).
  E value() const noexcept { return value_; }
  /// True when the field was absent (default-constructed).
  bool empty() const noexcept { return value_ == E::unknown && raw_.empty(); }
  /// True for a value this client knows.
  bool is_known() const noexcept { return value_ != E::unknown; }

  /// The wire string ("SUBMITTED"), or "" when unset.
  std::string_view wire() const noexcept {
    if (value_ == E::unknown) return raw_;
    return EnumNames<E>::names[static_cast<std::size_t>(value_) - 1];
  }

  friend bool operator==(const OpenEnum& a, const OpenEnum& b) {
    return a.value_ == b.value_ && a.raw_ == b.raw_;
  }
  friend bool operator!=(const OpenEnum& a, const OpenEnum& b) { return !(a == b); }
  friend bool operator==(const OpenEnum& a, E b) { return a.value_ == b && a.raw_.empty(); }
  friend bool operator!=(const OpenEnum& a, E b) { return !(a == b); }

 private:
  E value_ = E::unknown;
  std::string raw_;  // only for values this client does not know
};

/// Every known enumerator of E (all but `unknown`), in declaration order.
template <typename E>
constexpr std::array<E, EnumNames<E>::names.size()> known_values() noexcept {
  std::array<E, EnumNames<E>::names.size()> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<E>(i + 1);
  return out;
}

/// Wire string of a known enumerator ("" for unknown).
template <typename E>
std::string_view to_wire(E value) {
  if (value == E::unknown) return {};
  return EnumNames<E>::names[static_cast<std::size_t>(value) - 1];
}

}  // namespace fapiao
