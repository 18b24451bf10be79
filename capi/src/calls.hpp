// The shapes every C entry point over fapiao::Client takes (api.cpp,
// events.cpp): argument checks, call options, and handing over a value, a
// pager or nothing.
#pragma once

#include "capi_internal.hpp"

#include <initializer_list>
#include <memory>
#include <utility>

namespace fapiao::capi {

using Arg = std::pair<const char*, const void*>;

/// FAPIAO_OK, or the error for the first NULL among required arguments.
inline int require(std::initializer_list<Arg> args) {
  for (const auto& [name, pointer] : args) {
    if (pointer == nullptr) return null_argument(name);
  }
  return FAPIAO_OK;
}

/// The usual shape: value out, required arguments, call options, a C++ call.
template <typename Call>
int value_call(fapiao_value** out, std::initializer_list<Arg> args, const fapiao_call_options* call, Call&& body) {
  return guard([&] {
    if (!out) return null_argument("out");
    *out = nullptr;
    if (int rc = require(args); rc != FAPIAO_OK) return rc;
    auto options = call_options(call);
    if (!options) return set_error(options.error());
    return deliver(out, body(*options));
  });
}

/// Calls that return nothing.
template <typename Call>
int void_call(std::initializer_list<Arg> args, const fapiao_call_options* call, Call&& body) {
  return guard([&] {
    if (int rc = require(args); rc != FAPIAO_OK) return rc;
    auto options = call_options(call);
    if (!options) return set_error(options.error());
    Result<void> r = body(*options);
    return r ? FAPIAO_OK : set_error(r.error());
  });
}

/// A C pager over a C++ Pager<T>: one page held at a time.
template <typename T>
fapiao_pager* make_pager(Pager<T> pager) {
  struct State {
    explicit State(Pager<T> p) : pager(std::move(p)) {}
    Pager<T> pager;
    Page<T> page;
    std::size_t index = 0;
  };
  auto state = std::make_shared<State>(std::move(pager));
  return new fapiao_pager{[state](fapiao_value** out) -> int {
    while (state->index >= state->page.data.size()) {
      if (!state->pager.has_more()) return FAPIAO_ITER_OVER;
      auto page = state->pager.next_page();
      if (!page) return set_error(page.error());
      state->page = std::move(page).value();
      state->index = 0;
    }
    *out = make_value(state->page.data[state->index++]);
    return FAPIAO_OK;
  }};
}

template <typename Make>
int pager_call(fapiao_pager** out, std::initializer_list<Arg> args, const fapiao_call_options* call, Make&& make) {
  return guard([&] {
    if (!out) return null_argument("out");
    *out = nullptr;
    if (int rc = require(args); rc != FAPIAO_OK) return rc;
    auto options = call_options(call);
    if (!options) return set_error(options.error());
    return make(*options);
  });
}

/// A named enum filter: NULL = none; anything the contract does not name is refused.
template <typename E>
Result<OpenEnum<E>> filter(const char* text, const char* field) {
  if (text == nullptr) return OpenEnum<E>();
  auto value = OpenEnum<E>::from_wire(text);
  if (!value.is_known()) {
    return validation_error({{field, "INVALID_VALUE", std::string("Unknown ") + field + " '" + text + "'."}});
  }
  return value;
}

inline Result<int> page_size(int requested) {
  if (requested == 0) return 20;
  if (requested < 1 || requested > 100) {
    return validation_error({{"page_size", "INVALID_VALUE", "page_size is 0 (default 20) or 1 to 100."}});
  }
  return requested;
}

}  // namespace fapiao::capi
