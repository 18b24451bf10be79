// The results a handler may return besides a plain model (200): each says
// how it is answered (router/endpoint.hpp turns them into responses).
#pragma once

#include "call.hpp"

#include <string>
#include <vector>

namespace sandbox {

/// 201 Created with the new object.
template <typename T>
struct Created {
  T value;
};

/// 204 No Content.
struct NoContent {};

/// 202 Accepted with an empty object: the same answer whether or not
/// anything was done (so nobody can probe for accounts).
struct Accepted {};

/// A file to download.
struct Download {
  std::string content_type;
  std::string filename;
  std::string bytes;
};

/// A stored JSON document answered as it is (an event: the bytes that were
/// delivered and signed).
struct JsonText {
  std::string json;
};

/// A page of stored JSON documents: {data: [...], has_more}.
struct JsonPage {
  std::vector<std::string> items;
  bool has_more = false;
};

/// A result whose body carries a live secret (a session token): the
/// idempotency record keeps only its reference (ADR 0011).
template <typename R>
struct WithSecret {
  R result;
  ResponseSecret secret;
};

}  // namespace sandbox
