// The adapter between the middleware and a typed handler: endpoint<h> reads
// the call into h's input type (router/inputs.hpp), calls h, and writes what
// h returned as the response (a model → 200, Created → 201, …). It runs
// inside the request's transaction, so a refusal while reading is kept for
// the idempotency key like any other.
#pragma once

#include "handlers/context.hpp"
#include "handlers/results.hpp"
#include "json/codec.hpp"
#include "router/inputs.hpp"

#include <type_traits>
#include <utility>

namespace sandbox {

/// A model (or a page of them), written straight to text from its field list.
template <typename T>
Response reply(Call&, const T& value) {
  Response r;
  r.body = fapiao::detail::json::encode(value, fapiao::detail::json::Absent::null);
  return r;
}

template <typename T>
Response reply(Call& call, const Created<T>& created) {
  Response r = reply(call, created.value);
  r.status = 201;
  return r;
}

inline Response reply(Call&, const NoContent&) {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

inline Response reply(Call&, const Accepted&) {
  Response r;
  r.status = 202;
  r.body = "{}";
  return r;
}

inline Response reply(Call&, const JsonText& text) {
  Response r;
  r.body = text.json;
  return r;
}

inline Response reply(Call&, const JsonPage& page) {
  Response r;
  r.body = "{\"data\":[";
  for (std::size_t i = 0; i < page.items.size(); ++i) {
    if (i != 0) r.body += ',';
    r.body += page.items[i];
  }
  r.body += page.has_more ? "],\"has_more\":true}" : "],\"has_more\":false}";
  return r;
}

inline Response reply(Call&, const Download& file) {
  Response r;
  r.content_type = file.content_type;
  r.body = file.bytes;
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file.filename + "\"");
  return r;
}

template <typename R>
Response reply(Call& call, const WithSecret<R>& result) {
  call.secret = result.secret;  // the idempotency record keeps only its reference
  return reply(call, result.result);
}

/// The input type of a handler `Result h(const Context&, const Input&)`, or
/// void for `Result h(const Context&)`.
template <typename F>
struct HandlerInput;
template <typename R>
struct HandlerInput<R (*)(const Context&)> {
  using type = void;
};
template <typename R, typename I>
struct HandlerInput<R (*)(const Context&, const I&)> {
  using type = I;
};

template <auto Handler>
Response endpoint(Call& call, const Context& ctx) {
  using Input = typename HandlerInput<decltype(Handler)>::type;
  if constexpr (std::is_void_v<Input>) {
    return reply(call, Handler(ctx));
  } else {
    return reply(call, Handler(ctx, read(call, In<Input>{})));
  }
}

}  // namespace sandbox
