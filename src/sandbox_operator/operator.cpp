// fapiao::sandbox::Operator: the operator API through the same pipeline
// (retries, TLS, logging) as the customer client, with the operator token.
#include "json/codec.hpp"
#include "pipeline/pipeline.hpp"
#include "transport/https_transport.hpp"

#include <fapiao/sandbox.hpp>

namespace fapiao::sandbox {
namespace fj = detail::json;

struct Operator::Impl {
  std::shared_ptr<detail::Pipeline> pipeline;
  std::optional<Error> setup_error;
  Session token;  // the operator token rides as a bearer token, like a session's

  template <typename T>
  Result<T> call(const std::string& method, const std::string& target, const std::string& body = {}) {
    if (setup_error) return *setup_error;
    auto response = pipeline->execute(detail::ApiCall{method, target, body, token.token, method != "POST"}, {});
    if (!response) return response.error();
    if constexpr (std::is_same_v<T, void>) {
      return {};
    } else {
      return fj::decode<T>(response->body);
    }
  }

  template <typename T>
  Result<std::vector<T>> list(const std::string& target) {
    auto page = call<Page<T>>("GET", target);
    if (!page) return page.error();
    return std::move(page->data);
  }

  /// One field of an answer that is not a model (the clock's `now`, a new
  /// fault's `id`, a batch's `count`).
  Result<boost::json::value> answer_field(const std::string& method, const std::string& target,
                                          const std::string& body, const char* name, bool idempotent) {
    if (setup_error) return *setup_error;
    auto response = pipeline->execute(detail::ApiCall{method, target, body, token.token, idempotent}, {});
    if (!response) return response.error();
    auto parsed = fj::parse_text(response->body);
    if (!parsed || !parsed->is_object() || !parsed->get_object().contains(name)) {
      return Error(ErrorCode::protocol, "Unexpected answer from " + target + ".");
    }
    return parsed->get_object().at(name);
  }

  Result<Timestamp> clock(const std::string& method, const std::string& body = {}) {
    auto now = answer_field(method, "/sandbox/clock", body, "now", true);
    if (!now) return now.error();
    const auto time = now->is_string() ? parse_rfc3339(std::string(now->get_string())) : std::nullopt;
    if (!time) return Error(ErrorCode::protocol, "Unexpected time from /sandbox/clock.");
    return *time;
  }
};

namespace {
std::string escape(const std::string& s) {
  std::string out;
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/' || c == '*') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

/// What POST /sandbox/payments and /sandbox/payments/batch share.
boost::json::object payment_body(const std::string& order_id, std::int64_t amount_fen,
                                 std::optional<Timestamp> paid_at, PaymentMethod method) {
  boost::json::object body{{"order_id", order_id}, {"amount_fen", amount_fen}};
  if (paid_at) body["paid_at"] = format_rfc3339(*paid_at);
  const auto wire = to_wire(method);
  body["payment_method"] = boost::json::string(wire.data(), wire.size());
  return body;
}
}  // namespace

Operator::Operator(ClientOptions options, std::string operator_token) : impl_(std::make_unique<Impl>()) {
  auto logger = std::make_shared<detail::Logger>(options.log, options.log_level);
  auto transport = detail::make_https_transport(options, logger);
  if (!transport) impl_->setup_error = transport.error();
  impl_->pipeline = std::make_shared<detail::Pipeline>(options, transport ? *transport : nullptr, logger);
  impl_->token.token = std::move(operator_token);
}

Operator::~Operator() = default;
Operator::Operator(Operator&&) noexcept = default;
Operator& Operator::operator=(Operator&&) noexcept = default;

Result<Order> Operator::create_order(const Order& order) {
  return impl_->call<Order>("POST", "/sandbox/orders", fj::encode(order));
}

Result<Bill> Operator::create_payment(const std::string& order_id, std::int64_t amount_fen,
                                      std::optional<Timestamp> paid_at, PaymentMethod method) {
  return impl_->call<Bill>("POST", "/sandbox/payments",
                           boost::json::serialize(payment_body(order_id, amount_fen, paid_at, method)));
}

Result<std::int64_t> Operator::create_payments(const std::string& order_id, std::int64_t amount_fen,
                                               std::int64_t count, std::optional<Timestamp> paid_at,
                                               PaymentMethod method) {
  boost::json::object body = payment_body(order_id, amount_fen, paid_at, method);
  body["count"] = count;
  auto created = impl_->answer_field("POST", "/sandbox/payments/batch", boost::json::serialize(body), "count", false);
  if (!created) return created.error();
  if (!created->is_int64()) return Error(ErrorCode::protocol, "Unexpected answer from /sandbox/payments/batch.");
  return created->get_int64();
}

Result<std::vector<Mail>> Operator::outbox(const std::string& to) {
  return impl_->list<Mail>("/sandbox/outbox" + (to.empty() ? std::string() : "?to=" + escape(to)));
}

Result<Timestamp> Operator::now() { return impl_->clock("GET"); }

Result<Timestamp> Operator::set_clock(Timestamp now) {
  return impl_->clock("POST", boost::json::serialize(boost::json::object{{"now", format_rfc3339(now)}}));
}

Result<Timestamp> Operator::advance_clock(std::chrono::seconds by) {
  return impl_->clock("POST", boost::json::serialize(boost::json::object{{"advance_seconds", by.count()}}));
}

Result<InvoiceRequest> Operator::advance_request(const std::string& request_id, RequestStatus to,
                                                 const std::string& tracking_number, const std::string& reason) {
  const auto wire = to_wire(to);
  boost::json::object body{{"status", boost::json::string(wire.data(), wire.size())}};
  if (!tracking_number.empty()) body["tracking_number"] = tracking_number;
  if (!reason.empty()) body["reason"] = reason;
  return impl_->call<InvoiceRequest>("POST", "/sandbox/invoice-requests/" + escape(request_id) + "/advance",
                                     boost::json::serialize(body));
}

Result<InvoiceRequest> Operator::original_returned(const std::string& request_id) {
  return impl_->call<InvoiceRequest>("POST", "/sandbox/invoice-requests/" + escape(request_id) + "/original-returned",
                                     "{}");
}

Result<Announcement> Operator::post_announcement(const Announcement& announcement) {
  Announcement body = announcement;
  if (body.id.empty()) body.id = "new";  // the sandbox gives the id
  return impl_->call<Announcement>("POST", "/sandbox/announcements", fj::encode(body));
}

Result<void> Operator::end_announcement(const std::string& id) {
  return impl_->call<void>("DELETE", "/sandbox/announcements/" + escape(id));
}

Result<SupportTicket> Operator::resolve_ticket(const std::string& id, bool approve, const std::string& note) {
  boost::json::object body{{"approve", approve}};
  if (!note.empty()) body["note"] = note;
  return impl_->call<SupportTicket>("POST", "/sandbox/support-tickets/" + escape(id) + "/resolve",
                                    boost::json::serialize(body));
}

Result<std::string> Operator::add_fault(const Fault& f) {
  auto id = impl_->answer_field("POST", "/sandbox/faults", fj::encode(f), "id", false);
  if (!id) return id.error();
  if (!id->is_string()) return Error(ErrorCode::protocol, "Unexpected answer from /sandbox/faults.");
  return std::string(id->get_string());
}

Result<void> Operator::clear_faults() { return impl_->call<void>("DELETE", "/sandbox/faults"); }

Result<std::vector<JournalEntry>> Operator::journal(const std::string& method, const std::string& path) {
  return impl_->list<JournalEntry>("/sandbox/journal?method=" + escape(method) + "&path=" + escape(path));
}

}  // namespace fapiao::sandbox
