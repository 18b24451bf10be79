// fapiao._fapiao: the native core of the Python package. Deliberately thin:
// models cross as JSON text in the contract's shape (the Python side builds
// its classes from it), sessions as their serialised string, and every
// network call releases the GIL.
#include "json/codec.hpp"

#include <fapiao/fapiao.hpp>
#include <fapiao/lifecycle.hpp>

#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <functional>
#include <map>

namespace py = pybind11;
namespace fj = fapiao::detail::json;

namespace {

/// Raised with the error's JSON; fapiao.errors turns it into the right class.
struct NativeError {
  std::string json;
};

std::string error_json(const fapiao::Error& e) {
  boost::json::object o;
  o["code"] = std::string(fapiao::to_string(e.code));
  o["message"] = e.message;
  o["http_status"] = e.http_status;
  o["service_code"] = e.service_code;
  o["request_id"] = e.request_id;
  o["idempotency_key"] = e.idempotency_key;
  o["retryable"] = e.retryable;
  o["attempts"] = e.attempts;
  o["retry_after"] = e.retry_after ? boost::json::value(e.retry_after->count()) : boost::json::value(nullptr);
  o["field_errors"] = fj::encode_value(e.field_errors);
  return boost::json::serialize(o);
}

[[noreturn]] void raise(const fapiao::Error& e) { throw NativeError{error_json(e)}; }

template <typename T>
std::string json_or_raise(fapiao::Result<T> r) {
  if (!r) raise(r.error());
  return fj::encode(*r, fj::Absent::null);
}

template <typename T>
T parse_or_raise(const std::string& text, const char* what) {
  auto decoded = fj::decode<T>(text);
  if (!decoded) {
    fapiao::Error e = decoded.error();
    e.code = fapiao::ErrorCode::invalid_argument;
    e.message = std::string(what) + " is not valid: " + e.message;
    raise(e);
  }
  return std::move(decoded).value();
}

fapiao::Session session_from(const std::string& text) {
  auto s = fapiao::parse_session(text);
  if (!s) raise(s.error());
  return std::move(s).value();
}

template <typename T>
std::string page_json(fapiao::Pager<T> pager, const std::string& after) {
  if (!after.empty()) pager.start_after(after);
  return json_or_raise(pager.next_page());
}

/// The arguments of one call, from Python keyword values.
struct Args {
  std::map<std::string, std::string> text;
  int page_size = 20;
  std::string get(const std::string& key) const {
    const auto it = text.find(key);
    return it == text.end() ? std::string() : it->second;
  }
};

class NativeClient {
 public:
  explicit NativeClient(const py::dict& o) {
    fapiao::ClientOptions options;
    options.endpoint = o["endpoint"].cast<std::string>();
    options.ca_file = o["ca_file"].cast<std::string>();
    options.ca_pem = o["ca_pem"].cast<std::string>();
    options.insecure_skip_tls_verify = o["insecure_skip_tls_verify"].cast<bool>();
    options.connect_timeout = std::chrono::milliseconds(o["connect_timeout_ms"].cast<long long>());
    options.attempt_timeout = std::chrono::milliseconds(o["attempt_timeout_ms"].cast<long long>());
    options.call_timeout = std::chrono::milliseconds(o["timeout_ms"].cast<long long>());
    options.retry.max_attempts = o["max_attempts"].cast<int>();
    options.retry.backoff_base = std::chrono::milliseconds(o["backoff_base_ms"].cast<long long>());
    options.retry.backoff_cap = std::chrono::milliseconds(o["backoff_cap_ms"].cast<long long>());
    options.retry.jitter = o["jitter"].cast<bool>();
    options.pool_size = o["pool_size"].cast<int>();
    options.keep_alive = o["keep_alive"].cast<bool>();
    options.tls_session_resumption = o["tls_session_resumption"].cast<bool>();
    options.proxy = o["proxy"].cast<std::string>();
    options.use_environment_proxy = o["use_environment_proxy"].cast<bool>();
    options.application_id = o["application_id"].cast<std::string>();
    if (!o["log"].is_none()) {
      // Log lines may come from any thread making a call, with the GIL released: take it to call Python.
      auto callback = std::make_shared<py::function>(o["log"].cast<py::function>());
      options.log = [callback](fapiao::LogLevel level, std::string_view message) {
        py::gil_scoped_acquire gil;
        try {
          (*callback)(static_cast<int>(level), std::string(message));
        } catch (py::error_already_set&) {  // a failing logger must not break the call
        }
      };
      options.log_level = static_cast<fapiao::LogLevel>(o["log_level"].cast<int>());
    }
    client_ = std::make_unique<fapiao::Client>(options);
  }

  /// One operation by name. Returns JSON text (bytes for the document).
  py::object call(const std::string& operation, const std::string& session_text, const py::dict& kwargs,
                  const py::dict& call_options) {
    Args args;
    for (const auto& [key, value] : kwargs) {
      const std::string k = key.cast<std::string>();
      if (k == "page_size") {
        args.page_size = value.cast<int>();
      } else if (!value.is_none()) {
        args.text[k] = value.cast<std::string>();
      }
    }
    fapiao::CallOptions call;
    if (!call_options["timeout_ms"].is_none()) {
      call.timeout = std::chrono::milliseconds(call_options["timeout_ms"].cast<long long>());
    }
    if (!call_options["idempotency_key"].is_none()) call.idempotency_key = call_options["idempotency_key"].cast<std::string>();
    if (!call_options["client_request_id"].is_none()) {
      call.client_request_id = call_options["client_request_id"].cast<std::string>();
    }
    call.skip_validation = call_options["skip_validation"].cast<bool>();

    std::string result;
    bool binary = false;
    {
      py::gil_scoped_release release;  // other Python threads run while this one waits on the network
      result = dispatch(operation, session_text, args, call, binary);
    }
    if (binary) return py::bytes(result);
    return py::str(result);
  }

 private:
  std::string dispatch(const std::string& op, const std::string& session_text, const Args& a,
                       const fapiao::CallOptions& call, bool& binary) {
    auto& c = *client_;
    const auto session = [&] { return session_from(session_text); };
    const auto done = [](fapiao::Result<void> r) -> std::string {
      if (!r) raise(r.error());
      return "null";
    };
    if (op == "register_account") return json_or_raise(c.register_account(a.get("email"), a.get("password"), a.get("order_id"), call));
    if (op == "activate_account") return json_or_raise(c.activate_account(a.get("token"), call));
    if (op == "resend_activation") return done(c.resend_activation(a.get("email"), call));
    if (op == "sign_in") {
      auto s = c.sign_in(a.get("email"), a.get("password"), call);
      if (!s) raise(s.error());
      return fapiao::serialize_session(*s);
    }
    if (op == "sign_out") return done(c.sign_out(session(), call));
    if (op == "get_account") return json_or_raise(c.get_account(session(), call));
    if (op == "change_email") return json_or_raise(c.change_email(session(), a.get("email"), a.get("current_password"), call));
    if (op == "change_password") {
      return json_or_raise(c.change_password(session(), a.get("current_password"), a.get("new_password"), call));
    }
    if (op == "reset_password") return done(c.reset_password(a.get("email"), call));
    if (op == "subscriptions") return page_json(c.list_subscriptions(session(), call), a.get("starting_after"));
    if (op == "bills") {
      fapiao::BillQuery q;
      if (!a.get("state").empty()) q.state = fapiao::OpenEnum<fapiao::BillState>::from_wire(a.get("state"));
      q.page_size = a.page_size;
      return page_json(c.list_bills(session(), q, call), a.get("starting_after"));
    }
    if (op == "get_bill") return json_or_raise(c.get_bill(session(), a.get("bill_id"), call));
    if (op == "invoice_profile") return json_or_raise(c.get_invoice_profile(session(), call));
    if (op == "preview_invoice_request") {
      return json_or_raise(c.preview_invoice_request(
          session(), parse_or_raise<fapiao::InvoiceApplication>(a.get("application"), "application"), call));
    }
    if (op == "create_invoice_request") {
      return json_or_raise(c.create_invoice_request(
          session(), parse_or_raise<fapiao::InvoiceApplication>(a.get("application"), "application"), call));
    }
    if (op == "invoice_requests") {
      fapiao::RequestQuery q;
      if (!a.get("status").empty()) q.status = fapiao::OpenEnum<fapiao::RequestStatus>::from_wire(a.get("status"));
      q.page_size = a.page_size;
      return page_json(c.list_invoice_requests(session(), q, call), a.get("starting_after"));
    }
    if (op == "get_invoice_request") return json_or_raise(c.get_invoice_request(session(), a.get("request_id"), call));
    if (op == "cancel_invoice_request") return json_or_raise(c.cancel_invoice_request(session(), a.get("request_id"), call));
    if (op == "request_title_change") {
      return json_or_raise(c.request_title_change(session(), a.get("request_id"),
                                                  parse_or_raise<fapiao::Buyer>(a.get("buyer"), "buyer"),
                                                  a.get("note"), call));
    }
    if (op == "download_invoice_document") {
      auto doc = c.download_invoice_document(session(), a.get("request_id"), call);
      if (!doc) raise(doc.error());
      binary = true;
      // content type and file name ride in front of the bytes: "type\nname\n<bytes>"
      return doc->content_type + "\n" + doc->file_name + "\n" + doc->bytes;
    }
    if (op == "announcements") return page_json(c.list_announcements(session(), call), a.get("starting_after"));
    if (op == "create_support_ticket") {
      return json_or_raise(c.create_support_ticket(
          session(), parse_or_raise<fapiao::NewSupportTicket>(a.get("ticket"), "ticket"), call));
    }
    if (op == "support_tickets") return page_json(c.list_support_tickets(session(), call), a.get("starting_after"));
    if (op == "get_support_ticket") return json_or_raise(c.get_support_ticket(session(), a.get("ticket_id"), call));
    raise(fapiao::Error(fapiao::ErrorCode::internal, "unknown operation " + op));
  }

  std::unique_ptr<fapiao::Client> client_;
};

std::string validate_application_json(const std::string& application, bool strict_uscc, bool names_only_ordinary) {
  auto app = parse_or_raise<fapiao::InvoiceApplication>(application, "application");
  fapiao::ValidationOptions o;
  o.uscc_mode = strict_uscc ? fapiao::UsccMode::strict : fapiao::UsccMode::lenient;
  o.names_only_ordinary = names_only_ordinary;
  const auto report = fapiao::validate_application(app, o);
  boost::json::object out;
  out["errors"] = fj::encode_value(report.errors);
  out["warnings"] = fj::encode_value(report.warnings);
  return boost::json::serialize(out);
}

std::string validate_taxpayer_id_json(const std::string& id, bool individual, bool strict_uscc) {
  const auto report = fapiao::validate_taxpayer_id(
      id, individual ? fapiao::BuyerType::individual : fapiao::BuyerType::organization,
      strict_uscc ? fapiao::UsccMode::strict : fapiao::UsccMode::lenient);
  boost::json::object out;
  out["errors"] = fj::encode_value(report.errors);
  out["warnings"] = fj::encode_value(report.warnings);
  return boost::json::serialize(out);
}

}  // namespace

PYBIND11_MODULE(_fapiao, m) {
  m.doc() = "Native core of the fapiao package; use the `fapiao` package, not this module.";
  static py::exception<NativeError> native_error(m, "NativeError");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const NativeError& e) {
      PyErr_SetString(native_error.ptr(), e.json.c_str());
    }
  });
  m.attr("__version__") = fapiao::version();
  py::class_<NativeClient>(m, "NativeClient")
      .def(py::init<const py::dict&>(), py::arg("options"))
      .def("call", &NativeClient::call, py::arg("operation"), py::arg("session"), py::arg("arguments"),
           py::arg("call_options"));
  m.def("validate_application", &validate_application_json, py::arg("application"), py::arg("strict_uscc"),
        py::arg("names_only_ordinary"));
  m.def("validate_taxpayer_id", &validate_taxpayer_id_json, py::arg("taxpayer_id"), py::arg("individual"),
        py::arg("strict_uscc"));
  m.def("split_gross", [](std::int64_t gross, std::int32_t rate) {
    const auto s = fapiao::split_gross(gross, rate);
    return py::make_tuple(s.net_fen, s.tax_fen);
  }, py::arg("gross_fen"), py::arg("rate_bp"));
  m.def("format_yuan", &fapiao::format_yuan, py::arg("fen"));
  // The status machine (fapiao/lifecycle.hpp), by wire names; Python's
  // fapiao.lifecycle wraps these and restates none of the rules.
  const auto status = [](const std::string& wire) { return fapiao::OpenEnum<fapiao::RequestStatus>::from_wire(wire).value(); };
  const auto kind = [](const std::string& wire) { return fapiao::OpenEnum<fapiao::InvoiceKind>::from_wire(wire).value(); };
  const auto method = [](const std::string& wire) { return fapiao::OpenEnum<fapiao::DeliveryMethod>::from_wire(wire).value(); };
  const auto wires = [](const std::vector<fapiao::RequestStatus>& statuses) {
    std::vector<std::string> out;
    for (const auto s : statuses) out.emplace_back(fapiao::to_wire(s));
    return out;
  };
  m.def("is_final", [=](const std::string& s) { return fapiao::is_final(status(s)); }, py::arg("status"));
  m.def("final_statuses", [=] { return wires(fapiao::final_statuses()); });
  m.def("can_advance", [=](const std::string& from, const std::string& to, const std::string& k, const std::string& d) {
    return fapiao::can_advance(status(from), status(to), kind(k), method(d));
  }, py::arg("from_status"), py::arg("to_status"), py::arg("kind"), py::arg("delivery_method"));
  m.def("can_cancel", [=](const std::string& s) { return fapiao::can_cancel(status(s)); }, py::arg("status"));
  m.def("can_change_title", [=](const std::string& s, const std::string& k) {
    return fapiao::can_change_title(status(s), kind(k));
  }, py::arg("status"), py::arg("kind"));
  m.def("has_document", [=](const std::string& s, const std::string& k) {
    return fapiao::has_document(status(s), kind(k));
  }, py::arg("status"), py::arg("kind"));
  m.def("status_path", [=](const std::string& k, const std::string& d) {
    return wires(fapiao::status_path(kind(k), method(d)));
  }, py::arg("kind"), py::arg("delivery_method"));
  m.attr("DUE_WORKING_DAYS") = fapiao::kDueWorkingDays;
  m.attr("BILL_SYNC_DAYS") = fapiao::kBillSyncDays;
  m.def("due_date", [](std::int64_t submitted_unix, int days) {
    const auto r = fapiao::WorkingCalendar::china().add_working_days(
        fapiao::Timestamp(std::chrono::seconds(submitted_unix)), days);
    return py::make_tuple(r.at.time_since_epoch().count(), r.outside_calendar);
  }, py::arg("submitted_unix"), py::arg("working_days"));
}
