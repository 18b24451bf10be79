// Boost.JSON <-> models. Private: nothing here is reachable from include/.
// Decoding never throws: the first problem is recorded with its field path
// and the caller gets a Result error naming it.
#pragma once

#include "json/fields.hpp"

#include <fapiao/result.hpp>
#include <fapiao/time.hpp>

#include <boost/json.hpp>

#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace fapiao::detail::json {

/// The first problem met while decoding.
struct Failure {
  std::string path;  // "lines[2].gross_fen"
  std::string code;  // REQUIRED or INVALID_VALUE
  std::string what;  // "expected an integer"
};
using FailureSlot = std::optional<Failure>;

template <typename T, typename = void>
struct Codec;

/// Where a value sits in the document ("lines[2].gross_fen"), as a chain of
/// parents on the stack, rendered only when decoding fails: building the
/// string for every field was the largest cost of decoding a page.
class Path {
 public:
  Path() = default;
  Path(const Path& parent, std::string_view name) : parent_(&parent), name_(name) {}
  Path(const Path& parent, std::size_t index) : parent_(&parent), index_(index), is_index_(true) {}
  bool empty() const { return parent_ == nullptr; }
  std::string str() const {
    if (parent_ == nullptr) return {};
    std::string base = parent_->str();
    if (is_index_) return base + "[" + std::to_string(index_) + "]";
    return base.empty() ? std::string(name_) : base + "." + std::string(name_);
  }

 private:
  const Path* parent_ = nullptr;
  std::string_view name_;
  std::size_t index_ = 0;
  bool is_index_ = false;
};

inline void fail(FailureSlot& slot, const Path& path, std::string what, std::string code = "INVALID_VALUE") {
  if (!slot) slot = Failure{path.empty() ? "(body)" : path.str(), std::move(code), std::move(what)};
}

class Decoder {
 public:
  Decoder(const boost::json::object& object, const Path& path, FailureSlot& failure)
      : object_(object), path_(path), failure_(failure) {}

  template <typename T>
  void operator()(std::string_view name, T& out, Need need = Need::optional) {
    if (failure_) return;
    const boost::json::value* v = object_.if_contains(name);
    if (v == nullptr || v->is_null()) {
      if (need == Need::required) fail(failure_, Path(path_, name), "is required but missing", "REQUIRED");
      return;
    }
    Codec<T>::read(*v, out, Path(path_, name), failure_);
    // A required field holds a value: what the encoder would leave out as
    // absent ("" for a string) is missing too, so a decoded model always
    // encodes to JSON that decodes again (the fuzzer found {"id":""}).
    if (!failure_ && need == Need::required && Codec<T>::absent(out)) {
      fail(failure_, Path(path_, name), "is required but empty", "REQUIRED");
    }
  }

 private:
  const boost::json::object& object_;
  const Path& path_;
  FailureSlot& failure_;
};

/// How absent optional fields are written: omitted (requests, to_json) or
/// as explicit nulls (the service's responses, so every documented field is present).
enum class Absent { omit, null };

/// Counts a model's fields, so the encoder can size its object once.
struct FieldCounter {
  template <typename T>
  void operator()(std::string_view, const T&, Need = Need::optional) {
    ++count;
  }
  std::size_t count = 0;
};

/// Appends `s` to `out` as a JSON string: quotes, backslashes and control
/// characters escaped as Boost.JSON's serializer does, UTF-8 passed through.
void append_quoted(std::string& out, std::string_view s);

/// Writes a model straight to JSON text, field by field from its field list,
/// without building a DOM first (the sandbox's pages of 100 models: the DOM
/// cost more than the rows). Same fields, same order, same text as
/// serialize(encode_value(...)); tests/unit/test_json_text.cpp holds it to that.
class TextEncoder {
 public:
  TextEncoder(std::string& out, Absent absent) : out_(out), absent_(absent) {}

  template <typename T>
  void operator()(std::string_view name, const T& value, Need = Need::optional);

 private:
  std::string& out_;
  Absent absent_;
  bool first_ = true;
};

class Encoder {
 public:
  Encoder(boost::json::object& object, Absent absent) : object_(object), absent_(absent) {}

  template <typename T>
  void operator()(std::string_view name, const T& value, Need = Need::optional) {
    if (Codec<T>::absent(value)) {
      if (absent_ == Absent::null) object_.emplace(name, nullptr);
      return;
    }
    // Field names are unique within a list: emplace never finds one there.
    object_.emplace(name, Codec<T>::write(value, absent_));
  }

 private:
  boost::json::object& object_;
  Absent absent_;
};

template <>
struct Codec<std::string> {
  static void read(const boost::json::value& v, std::string& out, const Path& path, FailureSlot& f) {
    if (!v.is_string()) return fail(f, path, "expected a string");
    out.assign(v.get_string().data(), v.get_string().size());
  }
  static boost::json::value write(const std::string& s, Absent) { return boost::json::string(s); }
  static void write_text(const std::string& s, Absent, std::string& out) { append_quoted(out, s); }
  static bool absent(const std::string& s) { return s.empty(); }
};

template <typename Int>
struct Codec<Int, std::enable_if_t<std::is_integral_v<Int> && !std::is_same_v<Int, bool>>> {
  static void read(const boost::json::value& v, Int& out, const Path& path, FailureSlot& f) {
    if (v.is_int64()) {
      const std::int64_t x = v.get_int64();
      if (x >= static_cast<std::int64_t>(std::numeric_limits<Int>::min()) &&
          x <= static_cast<std::int64_t>(std::numeric_limits<Int>::max())) {
        out = static_cast<Int>(x);
        return;
      }
    }
    fail(f, path, v.is_number() ? "expected a whole number in range" : "expected an integer");
  }
  static boost::json::value write(Int x, Absent) { return static_cast<std::int64_t>(x); }
  static void write_text(Int x, Absent, std::string& out) { out += std::to_string(x); }
  static bool absent(Int) { return false; }
};

template <>
struct Codec<bool> {
  static void read(const boost::json::value& v, bool& out, const Path& path, FailureSlot& f) {
    if (!v.is_bool()) return fail(f, path, "expected true or false");
    out = v.get_bool();
  }
  static boost::json::value write(bool b, Absent) { return b; }
  static void write_text(bool b, Absent, std::string& out) { out += b ? "true" : "false"; }
  static bool absent(bool) { return false; }
};

template <>
struct Codec<Timestamp> {
  static void read(const boost::json::value& v, Timestamp& out, const Path& path, FailureSlot& f) {
    const auto* s = v.if_string();
    const auto t = s ? parse_rfc3339(std::string_view(s->data(), s->size())) : std::nullopt;
    if (!t) return fail(f, path, "expected an RFC 3339 timestamp with offset");
    out = *t;
  }
  static boost::json::value write(Timestamp t, Absent) { return boost::json::string(format_rfc3339(t)); }
  static void write_text(Timestamp t, Absent, std::string& out) { append_quoted(out, format_rfc3339(t)); }
  static bool absent(Timestamp t) { return t == Timestamp{}; }
};

template <>
struct Codec<Date> {
  static void read(const boost::json::value& v, Date& out, const Path& path, FailureSlot& f) {
    const auto* s = v.if_string();
    const auto d = s ? parse_date(std::string_view(s->data(), s->size())) : std::nullopt;
    if (!d) return fail(f, path, "expected a date YYYY-MM-DD");
    out = *d;
  }
  static boost::json::value write(const Date& d, Absent) { return boost::json::string(format_date(d)); }
  static void write_text(const Date& d, Absent, std::string& out) { append_quoted(out, format_date(d)); }
  static bool absent(const Date&) { return false; }
};

template <typename E>
struct Codec<OpenEnum<E>> {
  static void read(const boost::json::value& v, OpenEnum<E>& out, const Path& path, FailureSlot& f) {
    if (!v.is_string()) return fail(f, path, "expected a string");
    out = OpenEnum<E>::from_wire(std::string_view(v.get_string().data(), v.get_string().size()));
  }
  static boost::json::value write(const OpenEnum<E>& e, Absent) {
    const std::string_view w = e.wire();
    return boost::json::string(w.data(), w.size());
  }
  static void write_text(const OpenEnum<E>& e, Absent, std::string& out) { append_quoted(out, e.wire()); }
  static bool absent(const OpenEnum<E>& e) { return e.empty(); }
};

template <typename T>
struct Codec<std::optional<T>> {
  static void read(const boost::json::value& v, std::optional<T>& out, const Path& path, FailureSlot& f) {
    T value{};
    Codec<T>::read(v, value, path, f);
    if (!f) out = std::move(value);
  }
  static boost::json::value write(const std::optional<T>& o, Absent a) { return Codec<T>::write(*o, a); }
  static void write_text(const std::optional<T>& o, Absent a, std::string& out) { Codec<T>::write_text(*o, a, out); }
  static bool absent(const std::optional<T>& o) { return !o.has_value(); }
};

template <typename T>
struct Codec<std::vector<T>> {
  static void read(const boost::json::value& v, std::vector<T>& out, const Path& path, FailureSlot& f) {
    if (!v.is_array()) return fail(f, path, "expected an array");
    const auto& array = v.get_array();
    out.clear();
    out.reserve(array.size());
    for (std::size_t i = 0; i < array.size() && !f; ++i) {
      T item{};
      Codec<T>::read(array[i], item, Path(path, i), f);
      out.push_back(std::move(item));
    }
  }
  static boost::json::value write(const std::vector<T>& items, Absent a) {
    boost::json::array array;
    array.reserve(items.size());
    for (const auto& item : items) array.push_back(Codec<T>::write(item, a));
    return array;
  }
  static void write_text(const std::vector<T>& items, Absent a, std::string& out) {
    out += '[';
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (i != 0) out += ',';
      Codec<T>::write_text(items[i], a, out);
    }
    out += ']';
  }
  static bool absent(const std::vector<T>&) { return false; }
};

template <>
struct Codec<std::map<std::string, std::int64_t>> {
  using Map = std::map<std::string, std::int64_t>;
  static void read(const boost::json::value& v, Map& out, const Path& path, FailureSlot& f) {
    if (!v.is_object()) return fail(f, path, "expected an object");
    out.clear();
    for (const auto& entry : v.get_object()) {
      std::int64_t amount = 0;
      const std::string key(entry.key());
      Codec<std::int64_t>::read(entry.value(), amount, Path(path, key), f);
      if (f) return;
      out.emplace(key, amount);
    }
  }
  static boost::json::value write(const Map& m, Absent) {
    boost::json::object object;
    for (const auto& [key, amount] : m) object[key] = amount;
    return object;
  }
  static void write_text(const Map& m, Absent, std::string& out) {
    out += '{';
    bool first = true;
    for (const auto& [key, amount] : m) {
      if (!first) out += ',';
      first = false;
      append_quoted(out, key);
      out += ':';
      out += std::to_string(amount);
    }
    out += '}';
  }
  static bool absent(const Map& m) { return m.empty(); }
};

/// A model: a JSON object walked through its field list.
template <typename T>
struct FieldListCodec {
  static void read(const boost::json::value& v, T& out, const Path& path, FailureSlot& f) {
    if (!v.is_object()) return fail(f, path, "expected an object");
    Decoder decoder(v.get_object(), path, f);
    fields(decoder, out);
  }
  static boost::json::value write(const T& value, Absent a) {
    FieldCounter counter;
    fields(counter, const_cast<T&>(value));
    boost::json::object object(counter.count);  // one allocation, no rehash
    Encoder encoder(object, a);
    // The field lists take non-const references so one list serves both
    // directions; the encoder only reads.
    fields(encoder, const_cast<T&>(value));
    return object;
  }
  static void write_text(const T& value, Absent a, std::string& out) {
    out += '{';
    TextEncoder encoder(out, a);
    fields(encoder, const_cast<T&>(value));
    out += '}';
  }
  static bool absent(const T&) { return false; }
};

/// Every model with a field list.
template <typename T>
struct Codec<T, std::void_t<decltype(fields(std::declval<Decoder&>(), std::declval<T&>()))>> : FieldListCodec<T> {};

/// data.object of an event: kept as JSON text here; Codec<Event> decodes it
/// into the model its event's type names.
template <>
struct Codec<EventObject> {
  static void read(const boost::json::value& v, EventObject& out, const Path& path, FailureSlot& f) {
    if (!v.is_object()) return fail(f, path, "expected an object");
    out.json = boost::json::serialize(v);
  }
  static boost::json::value write(const EventObject& o, Absent) { return boost::json::parse(o.json); }
  static void write_text(const EventObject& o, Absent, std::string& out) { out += o.json; }
  static bool absent(const EventObject& o) { return o.json.empty(); }
};

/// The typed data.object of an event of a known type (std::monostate for an
/// unknown one); a failure names data.object's field.
void resolve_event_object(Event& event, const Path& path, FailureSlot& f);

template <>
struct Codec<Event> : FieldListCodec<Event> {
  static void read(const boost::json::value& v, Event& out, const Path& path, FailureSlot& f) {
    FieldListCodec<Event>::read(v, out, path, f);
    if (!f) resolve_event_object(out, path, f);
  }
};

template <typename T>
void TextEncoder::operator()(std::string_view name, const T& value, Need) {
  const bool absent = Codec<T>::absent(value);
  if (absent && absent_ == Absent::omit) return;
  if (!first_) out_ += ',';
  first_ = false;
  // Field names come from the generated field lists: identifiers, never
  // needing an escape, so they are copied without append_quoted's scan.
  out_ += '"';
  out_ += name;
  out_ += "\":";
  if (absent) {
    out_ += "null";
  } else {
    Codec<T>::write_text(value, absent_, out_);
  }
}

/// Decodes a parsed value into a model.
template <typename T>
Result<T> decode_value(const boost::json::value& v) {
  FailureSlot failure;
  T out{};
  Codec<T>::read(v, out, Path{}, failure);
  if (failure) {
    Error error(ErrorCode::protocol, "Unexpected JSON: `" + failure->path + "` " + failure->what + ".");
    error.field_errors.push_back(FieldError{failure->path, failure->code, failure->what});
    return error;
  }
  return out;
}

/// Parses JSON text (UTF-8 checked, depth limited) into a value.
Result<boost::json::value> parse_text(std::string_view text);

/// Decodes JSON text into a model.
template <typename T>
Result<T> decode(std::string_view text) {
  auto parsed = parse_text(text);
  if (!parsed) return parsed.error();
  return decode_value<T>(*parsed);
}

template <typename T>
boost::json::value encode_value(const T& value, Absent absent = Absent::omit) {
  return Codec<T>::write(value, absent);
}

template <typename T>
std::string encode(const T& value, Absent absent = Absent::omit) {
  // Reserved at the size this thread last wrote for T, so a page of 100
  // models is not copied again at every doubling of the string.
  static thread_local std::size_t last_size = 0;
  std::string out;
  out.reserve(last_size);
  Codec<T>::write_text(value, absent, out);
  last_size = out.size();
  return out;
}

}  // namespace fapiao::detail::json
