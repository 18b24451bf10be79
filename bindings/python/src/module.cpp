// fapiao._fapiao: the native core of the Python package.
//
// One method per operation, with typed keyword-only arguments, so a misspelt
// keyword is Python's own TypeError. Models cross as JSON text in the
// contract's shape (the package builds its generated dataclasses from it);
// the pager, the operation and the status machine are the C++ ones; every
// network wait releases the GIL. The stubs are _fapiao.pyi.
#include "json/codec.hpp"

#include <fapiao/async_client.hpp>
#include <fapiao/fapiao.hpp>
#include <fapiao/lifecycle.hpp>
#include <fapiao/webhooks.hpp>

#include <pybind11/functional.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

namespace py = pybind11;
namespace fj = fapiao::detail::json;
using namespace py::literals;

namespace {

// ---- Errors ------------------------------------------------------------------

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
std::string json_or_raise(const fapiao::Result<T>& r) {
  if (!r) raise(r.error());
  return fj::encode(*r, fj::Absent::null);
}

void done_or_raise(const fapiao::Result<void>& r) {
  if (!r) raise(r.error());
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

/// Runs `f` with the GIL released: other Python threads run while this one
/// waits on the network.
template <typename F>
auto without_gil(F&& f) {
  py::gil_scoped_release release;
  return f();
}

// ---- Request options -----------------------------------------------------------

/// The names a RequestOptions dict may hold (fapiao.RequestOptions declares
/// the same, and a test holds the two together).
constexpr std::array<const char*, 4> kRequestOptions{"idempotency_key", "timeout", "client_request_id",
                                                      "skip_validation"};

/// The call options of one operation from its RequestOptions dict. A name
/// that is not an option is a TypeError, as Python raises for a keyword, so
/// a misspelt idempotency_key can never silently drop the one option that
/// makes a create exactly-once.
fapiao::CallOptions call_options(const char* operation, const py::dict& options) {
  fapiao::CallOptions call;
  for (const auto& [key, value] : options) {
    const std::string name = py::str(key);
    const bool known = std::any_of(kRequestOptions.begin(), kRequestOptions.end(),
                                   [&](const char* option) { return name == option; });
    if (!known) {
      throw py::type_error(std::string(operation) + "() got an unexpected keyword argument '" + name +
                           "' (request options: idempotency_key, timeout, client_request_id, skip_validation)");
    }
    if (value.is_none()) continue;
    if (name == "idempotency_key") {
      call.idempotency_key = value.cast<std::string>();
    } else if (name == "client_request_id") {
      call.client_request_id = value.cast<std::string>();
    } else if (name == "timeout") {
      const double seconds = value.cast<double>();
      if (!(seconds > 0)) throw py::value_error(std::string(operation) + "(): timeout must be a positive number of seconds");
      call.timeout = std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
    } else if (name == "skip_validation") {
      call.skip_validation = value.cast<bool>();
    }
  }
  return call;
}

template <typename E>
fapiao::OpenEnum<E> filter(const std::optional<std::string>& wire) {
  return wire ? fapiao::OpenEnum<E>::from_wire(*wire) : fapiao::OpenEnum<E>();
}

// ---- Lifetimes across the GIL --------------------------------------------------------

/// Destroys what `member` holds with the GIL released. The last reference to a
/// client joins its I/O thread, and that thread may be waiting for the GIL to
/// hand a completion to Python: destroying it with the GIL held would deadlock.
template <typename T>
void destroy_without_gil(T& member) {
  py::gil_scoped_release release;
  T dying(std::move(member));
}

/// True once the interpreter is shutting down: a thread that takes the GIL then
/// is ended by Python (pthread_exit), which must never unwind through Asio.
bool python_is_finalizing() { return _Py_IsFinalizing() != 0; }

// An SDK thread (the I/O thread) calling into Python — a completion handed to
// the event loop, a log line — must be done before the interpreter finalizes:
// Python ends a thread that wants the GIL back then, in the middle of our
// frames. An atexit hook (registered at import) raises `exiting` and waits
// until no such call is in progress; calls that start later do nothing.
std::atomic<int> calls_into_python{0};
std::atomic<bool> python_exiting{false};

/// Held around one call into Python from an SDK thread; `allowed` is false
/// once Python is exiting (then nothing may be touched, not even a decref).
class IntoPython {
 public:
  IntoPython() {
    ++calls_into_python;
    allowed = !python_exiting && !python_is_finalizing();
    if (!allowed) --calls_into_python;
  }
  ~IntoPython() {
    if (allowed) --calls_into_python;
  }
  IntoPython(const IntoPython&) = delete;
  IntoPython& operator=(const IntoPython&) = delete;
  bool allowed;
};

void wait_for_calls_into_python_at_exit() {
  python_exiting = true;
  py::gil_scoped_release release;  // the calls in progress need the GIL to finish
  while (calls_into_python.load() != 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

// ---- Pager ---------------------------------------------------------------------

/// A fapiao::Pager<T> of any model, page by page, as JSON arrays. The cursor
/// bookkeeping and the repeated-cursor guard are the C++ pager's.
class NativePager {
 public:
  template <typename T>
  NativePager(fapiao::Pager<T> pager, const std::string& starting_after)
      : impl_(std::make_unique<Typed<T>>(std::move(pager))) {
    if (!starting_after.empty()) impl_->start_after(starting_after);
  }
  ~NativePager() { destroy_without_gil(impl_); }
  NativePager(const NativePager&) = delete;
  NativePager& operator=(const NativePager&) = delete;

  /// The next page's items as a JSON array, or None after the last page.
  py::object next_page() {
    std::optional<fapiao::Result<std::string>> page;
    {
      py::gil_scoped_release release;
      std::lock_guard<std::mutex> lock(mutex_);  // one fetch at a time: the cursor is shared state
      page = impl_->next();
    }
    if (!page) return py::none();
    if (!*page) raise(page->error());
    return py::str(**page);
  }

  std::string cursor() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return impl_->cursor();
  }
  bool has_more() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return impl_->has_more();
  }

 private:
  struct Base {
    virtual ~Base() = default;
    virtual std::optional<fapiao::Result<std::string>> next() = 0;
    virtual void start_after(const std::string& cursor) = 0;
    virtual std::string cursor() const = 0;
    virtual bool has_more() const = 0;
  };
  template <typename T>
  struct Typed final : Base {
    explicit Typed(fapiao::Pager<T> p) : pager(std::move(p)) {}
    std::optional<fapiao::Result<std::string>> next() override {
      if (!pager.has_more()) return std::nullopt;
      auto page = pager.next_page();
      if (!page) return fapiao::Result<std::string>(page.error());
      return fapiao::Result<std::string>(boost::json::serialize(fj::encode_value(page->data, fj::Absent::null)));
    }
    void start_after(const std::string& cursor) override { pager.start_after(cursor); }
    std::string cursor() const override { return pager.cursor(); }
    bool has_more() const override { return pager.has_more(); }
    fapiao::Pager<T> pager;
  };

  mutable std::mutex mutex_;
  std::unique_ptr<Base> impl_;
};

// ---- Operation ---------------------------------------------------------------------

/// fapiao::InvoiceOperation. Its wait runs the C++ loop on a worker thread
/// while this thread, holding the GIL only between 50 ms naps, checks for
/// signals: Ctrl-C cancels the wait at once instead of after the interval.
class NativeOperation {
 public:
  explicit NativeOperation(fapiao::InvoiceOperation operation) : operation_(std::move(operation)) {}

  std::string poll(const py::dict& options) {
    const auto call = call_options("poll", options);
    return json_or_raise(without_gil([&] { return operation_.poll(call); }));
  }

  /// Until the request has `status` (or `until(json)` holds), or it is
  /// final. `on_change(json)` sees every poll whose status differs from the one before.
  std::string wait_until(const std::optional<std::string>& status, const std::optional<py::function>& until,
                         const std::optional<py::function>& on_change, double timeout, double interval) {
    if (!(timeout > 0) || !(interval >= 0)) throw py::value_error("wait_until(): timeout must be positive, interval not negative");
    const auto target = filter<fapiao::RequestStatus>(status);
    if (status && !target.is_known()) throw py::value_error("wait_until(): unknown status '" + *status + "'");
    fapiao::CancellationSource cancel;
    std::exception_ptr callback_error;  // raised by `until` or `on_change`, rethrown here
    std::string last_status;
    const auto done = [&](const fapiao::InvoiceRequest& r) -> bool {
      py::gil_scoped_acquire gil;
      try {
        const std::string text = fj::encode(r, fj::Absent::null);
        if (on_change && std::string(r.status.wire()) != last_status) (*on_change)(text);
        last_status = std::string(r.status.wire());
        if (until) return (*until)(text).cast<bool>();
        return r.status == target;
      } catch (...) {
        callback_error = std::current_exception();
        cancel.cancel();
        return true;
      }
    };

    std::mutex mutex;
    std::condition_variable finished_cv;
    bool finished = false;
    std::optional<fapiao::Result<fapiao::InvoiceRequest>> result;
    std::thread worker([&] {
      auto r = operation_.wait_until(done, std::chrono::milliseconds(static_cast<long long>(timeout * 1000)),
                                     std::chrono::milliseconds(static_cast<long long>(interval * 1000)), cancel.token());
      std::lock_guard<std::mutex> lock(mutex);
      result.emplace(std::move(r));
      finished = true;
      finished_cv.notify_all();
    });
    const auto join = [&] {
      py::gil_scoped_release release;
      worker.join();
    };
    while (true) {
      {
        py::gil_scoped_release release;
        std::unique_lock<std::mutex> lock(mutex);
        if (finished_cv.wait_for(lock, std::chrono::milliseconds(50), [&] { return finished; })) break;
      }
      if (PyErr_CheckSignals() != 0) {  // KeyboardInterrupt (or a signal handler's exception)
        cancel.cancel();
        join();
        throw py::error_already_set();
      }
    }
    join();
    if (callback_error) std::rethrow_exception(callback_error);
    return json_or_raise(*result);
  }

  std::string resume_token() const { return operation_.resume_token(); }

 private:
  fapiao::InvoiceOperation operation_;
};

// ---- Client ----------------------------------------------------------------------

fapiao::ClientOptions client_options(const py::dict& o) {
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
    // Freed with the GIL (the client may be destroyed with it released, see
    // destroy_without_gil), and never touched once Python is shutting down.
    std::shared_ptr<py::function> callback(new py::function(o["log"].cast<py::function>()), [](py::function* f) {
      IntoPython into;
      if (!into.allowed) {
        f->release();  // leaked on purpose: the interpreter is going away
        delete f;
        return;
      }
      py::gil_scoped_acquire gil;
      delete f;
    });
    options.log = [callback](fapiao::LogLevel level, std::string_view message) {
      IntoPython into;
      if (!into.allowed) return;
      py::gil_scoped_acquire gil;
      try {
        (*callback)(static_cast<int>(level), std::string(message));
      } catch (py::error_already_set&) {  // a failing logger must not break the call
      }
    };
    options.log_level = static_cast<fapiao::LogLevel>(o["log_level"].cast<int>());
  }
  return options;
}

using fapiao::Session;
using Opts = const py::dict&;

class NativeClient {
 public:
  explicit NativeClient(const py::dict& options) : client_(client_options(options)) {}
  ~NativeClient() { destroy_without_gil(client_); }
  NativeClient(const NativeClient&) = delete;
  NativeClient& operator=(const NativeClient&) = delete;

  // Accounts (R1–R6)
  std::string register_account(const std::string& email, const std::string& password, const std::string& order_id,
                               Opts o) {
    const auto call = call_options("register_account", o);
    return json_or_raise(without_gil([&] { return client_.register_account(email, password, order_id, call); }));
  }
  std::string activate_account(const std::string& token, Opts o) {
    const auto call = call_options("activate_account", o);
    return json_or_raise(without_gil([&] { return client_.activate_account(token, call); }));
  }
  void resend_activation(const std::string& email, Opts o) {
    const auto call = call_options("resend_activation", o);
    done_or_raise(without_gil([&] { return client_.resend_activation(email, call); }));
  }
  Session sign_in(const std::string& email, const std::string& password, Opts o) {
    const auto call = call_options("sign_in", o);
    auto s = without_gil([&] { return client_.sign_in(email, password, call); });
    if (!s) raise(s.error());
    return std::move(s).value();
  }
  void sign_out(const Session& session, Opts o) {
    const auto call = call_options("sign_out", o);
    done_or_raise(without_gil([&] { return client_.sign_out(session, call); }));
  }
  std::string get_account(const Session& session, Opts o) {
    const auto call = call_options("get_account", o);
    return json_or_raise(without_gil([&] { return client_.get_account(session, call); }));
  }
  std::string change_email(const Session& session, const std::string& new_email, const std::string& current_password,
                           Opts o) {
    const auto call = call_options("change_email", o);
    return json_or_raise(without_gil([&] { return client_.change_email(session, new_email, current_password, call); }));
  }
  std::string change_password(const Session& session, const std::string& current_password,
                              const std::string& new_password, Opts o) {
    const auto call = call_options("change_password", o);
    return json_or_raise(
        without_gil([&] { return client_.change_password(session, current_password, new_password, call); }));
  }
  void reset_password(const std::string& email, Opts o) {
    const auto call = call_options("reset_password", o);
    done_or_raise(without_gil([&] { return client_.reset_password(email, call); }));
  }

  // Subscriptions and bills (R7, R19)
  using PagerPtr = std::unique_ptr<NativePager>;  // a pager holds a mutex: Python owns it by pointer

  PagerPtr subscriptions(const Session& session, const std::string& starting_after, Opts o) {
    return std::make_unique<NativePager>(client_.list_subscriptions(session, call_options("subscriptions", o)), starting_after);
  }
  PagerPtr bills(const Session& session, const std::optional<std::string>& state, int page_size,
                    const std::string& starting_after, Opts o) {
    fapiao::BillQuery q;
    q.state = filter<fapiao::BillState>(state);
    q.page_size = page_size;
    return std::make_unique<NativePager>(client_.list_bills(session, q, call_options("bills", o)), starting_after);
  }
  std::string get_bill(const Session& session, const std::string& bill_id, Opts o) {
    const auto call = call_options("get_bill", o);
    return json_or_raise(without_gil([&] { return client_.get_bill(session, bill_id, call); }));
  }

  // Invoice requests (R8–R18)
  std::string invoice_profile(const Session& session, Opts o) {
    const auto call = call_options("invoice_profile", o);
    return json_or_raise(without_gil([&] { return client_.get_invoice_profile(session, call); }));
  }
  std::string preview_invoice_request(const Session& session, const std::string& application, Opts o) {
    const auto call = call_options("preview_invoice_request", o);
    const auto app = parse_or_raise<fapiao::InvoiceApplication>(application, "application");
    return json_or_raise(without_gil([&] { return client_.preview_invoice_request(session, app, call); }));
  }
  std::string create_invoice_request(const Session& session, const std::string& application, Opts o) {
    const auto call = call_options("create_invoice_request", o);
    const auto app = parse_or_raise<fapiao::InvoiceApplication>(application, "application");
    return json_or_raise(without_gil([&] { return client_.create_invoice_request(session, app, call); }));
  }
  PagerPtr invoice_requests(const Session& session, const std::optional<std::string>& status, int page_size,
                               const std::string& starting_after, Opts o) {
    fapiao::RequestQuery q;
    q.status = filter<fapiao::RequestStatus>(status);
    q.page_size = page_size;
    return std::make_unique<NativePager>(client_.list_invoice_requests(session, q, call_options("invoice_requests", o)), starting_after);
  }
  std::string get_invoice_request(const Session& session, const std::string& request_id, Opts o) {
    const auto call = call_options("get_invoice_request", o);
    return json_or_raise(without_gil([&] { return client_.get_invoice_request(session, request_id, call); }));
  }
  std::string cancel_invoice_request(const Session& session, const std::string& request_id, Opts o) {
    const auto call = call_options("cancel_invoice_request", o);
    return json_or_raise(without_gil([&] { return client_.cancel_invoice_request(session, request_id, call); }));
  }
  std::string request_title_change(const Session& session, const std::string& request_id, const std::string& buyer,
                                   const std::string& note, Opts o) {
    const auto call = call_options("request_title_change", o);
    const auto b = parse_or_raise<fapiao::Buyer>(buyer, "buyer");
    return json_or_raise(without_gil([&] { return client_.request_title_change(session, request_id, b, note, call); }));
  }
  fapiao::Document download_invoice_document(const Session& session, const std::string& request_id, Opts o) {
    const auto call = call_options("download_invoice_document", o);
    auto doc = without_gil([&] { return client_.download_invoice_document(session, request_id, call); });
    if (!doc) raise(doc.error());
    return std::move(doc).value();
  }
  NativeOperation track(const Session& session, const std::string& request_id) {
    return NativeOperation(client_.track_invoice_request(session, request_id));
  }

  // Announcements and support (R17, R18)
  PagerPtr announcements(const Session& session, const std::string& starting_after, Opts o) {
    return std::make_unique<NativePager>(client_.list_announcements(session, call_options("announcements", o)), starting_after);
  }
  std::string create_support_ticket(const Session& session, const std::string& ticket, Opts o) {
    const auto call = call_options("create_support_ticket", o);
    const auto t = parse_or_raise<fapiao::NewSupportTicket>(ticket, "ticket");
    return json_or_raise(without_gil([&] { return client_.create_support_ticket(session, t, call); }));
  }
  PagerPtr support_tickets(const Session& session, const std::string& starting_after, Opts o) {
    return std::make_unique<NativePager>(client_.list_support_tickets(session, call_options("support_tickets", o)), starting_after);
  }
  std::string get_support_ticket(const Session& session, const std::string& ticket_id, Opts o) {
    const auto call = call_options("get_support_ticket", o);
    return json_or_raise(without_gil([&] { return client_.get_support_ticket(session, ticket_id, call); }));
  }

  // Events and webhook endpoints
  PagerPtr events(const Session& session, const std::optional<std::string>& type, int page_size,
                  const std::string& starting_after, Opts o) {
    fapiao::EventQuery q;
    q.type = filter<fapiao::EventType>(type);
    q.page_size = page_size;
    return std::make_unique<NativePager>(client_.list_events(session, q, call_options("events", o)), starting_after);
  }
  std::string get_event(const Session& session, const std::string& event_id, Opts o) {
    const auto call = call_options("get_event", o);
    return json_or_raise(without_gil([&] { return client_.get_event(session, event_id, call); }));
  }
  std::string create_webhook_endpoint(const Session& session, const std::string& endpoint, Opts o) {
    const auto call = call_options("create_webhook_endpoint", o);
    const auto e = parse_or_raise<fapiao::NewWebhookEndpoint>(endpoint, "endpoint");
    return json_or_raise(without_gil([&] { return client_.create_webhook_endpoint(session, e, call); }));
  }
  PagerPtr webhook_endpoints(const Session& session, const std::string& starting_after, Opts o) {
    return std::make_unique<NativePager>(
        client_.list_webhook_endpoints(session, call_options("webhook_endpoints", o)), starting_after);
  }
  std::string get_webhook_endpoint(const Session& session, const std::string& endpoint_id, Opts o) {
    const auto call = call_options("get_webhook_endpoint", o);
    return json_or_raise(without_gil([&] { return client_.get_webhook_endpoint(session, endpoint_id, call); }));
  }
  std::string update_webhook_endpoint(const Session& session, const std::string& endpoint_id,
                                      const std::string& change, Opts o) {
    const auto call = call_options("update_webhook_endpoint", o);
    const auto c = parse_or_raise<fapiao::WebhookEndpointUpdate>(change, "change");
    return json_or_raise(without_gil([&] { return client_.update_webhook_endpoint(session, endpoint_id, c, call); }));
  }
  void delete_webhook_endpoint(const Session& session, const std::string& endpoint_id, Opts o) {
    const auto call = call_options("delete_webhook_endpoint", o);
    done_or_raise(without_gil([&] { return client_.delete_webhook_endpoint(session, endpoint_id, call); }));
  }
  std::string rotate_webhook_secret(const Session& session, const std::string& endpoint_id,
                                    std::int64_t previous_secret_expires_in_seconds, Opts o) {
    const auto call = call_options("rotate_webhook_secret", o);
    fapiao::SecretRotation rotation;
    rotation.previous_secret_expires_in_seconds = previous_secret_expires_in_seconds;
    return json_or_raise(without_gil([&] { return client_.rotate_webhook_secret(session, endpoint_id, rotation, call); }));
  }

  const fapiao::Client& client() const { return client_; }

 private:
  fapiao::Client client_;
};

// ---- Asynchronous calls (fapiao.aio) ----------------------------------------------

/// What crosses back to Python when an asynchronous call ends: models as
/// JSON text (as the blocking methods return them), sessions and documents
/// as their native objects. Built with the GIL held.
template <typename T>
py::object to_python(T&& value) {
  return py::str(fj::encode(value, fj::Absent::null));
}
template <>
py::object to_python(Session&& session) {
  return py::cast(std::move(session));
}
template <>
py::object to_python(fapiao::Document&& document) {
  return py::cast(std::move(document));
}

/// Hands an Async's result to `done(error_json, value)`, from whichever thread
/// completes it (the SDK's I/O thread, or this one at once for a validation
/// error). The GIL is taken only for the hand-off; `done` (fapiao.aio) passes
/// it to the event loop with call_soon_threadsafe. The Python callable is
/// released under the GIL too.
template <typename T>
void deliver(fapiao::Async<T> call, py::object done) {
  auto holder = std::make_shared<py::object>(std::move(done));
  std::move(call).then([holder](fapiao::Result<T> result) {
    IntoPython into;
    if (!into.allowed) {
      holder->release();  // nobody is waiting any more; never take the GIL now
      return;
    }
    py::gil_scoped_acquire gil;
    py::object callback = std::move(*holder);
    try {
      if (!result) {
        callback(py::str(error_json(result.error())), py::none());
      } else if constexpr (std::is_void_v<T>) {
        callback(py::none(), py::none());
      } else {
        callback(py::none(), to_python(std::move(result).value()));
      }
    } catch (py::error_already_set& e) {
      e.discard_as_unraisable("fapiao.aio: a completion callback");
    }
  });
}

/// A fapiao::AsyncPager<T> of any model: next_page(done) hands done the next
/// page's items as a JSON array, or None after the last page.
class NativeAsyncPager {
 public:
  template <typename T>
  NativeAsyncPager(fapiao::AsyncPager<T> pager, const std::string& starting_after)
      : impl_(std::make_unique<Typed<T>>(std::move(pager))) {
    if (!starting_after.empty()) impl_->start_after(starting_after);
  }
  ~NativeAsyncPager() { destroy_without_gil(impl_); }
  NativeAsyncPager(const NativeAsyncPager&) = delete;
  NativeAsyncPager& operator=(const NativeAsyncPager&) = delete;
  void next_page(py::object done) { impl_->next(std::move(done)); }
  std::string cursor() const { return impl_->cursor(); }
  bool has_more() const { return impl_->has_more(); }

 private:
  struct Base {
    virtual ~Base() = default;
    virtual void next(py::object done) = 0;
    virtual void start_after(const std::string& cursor) = 0;
    virtual std::string cursor() const = 0;
    virtual bool has_more() const = 0;
  };
  template <typename T>
  struct Typed final : Base {
    explicit Typed(fapiao::AsyncPager<T> p) : pager(std::move(p)) {}
    void next(py::object done) override {
      if (!pager.has_more()) {
        done(py::none(), py::none());
        return;
      }
      auto holder = std::make_shared<py::object>(std::move(done));
      pager.next_page().then([holder](fapiao::Result<fapiao::Page<T>> page) {
        IntoPython into;
        if (!into.allowed) {
          holder->release();
          return;
        }
        py::gil_scoped_acquire gil;
        py::object callback = std::move(*holder);
        try {
          if (!page) {
            callback(py::str(error_json(page.error())), py::none());
          } else {
            callback(py::none(), py::str(boost::json::serialize(fj::encode_value(page->data, fj::Absent::null))));
          }
        } catch (py::error_already_set& e) {
          e.discard_as_unraisable("fapiao.aio: a page callback");
        }
      });
    }
    void start_after(const std::string& cursor) override { pager.start_after(cursor); }
    std::string cursor() const override { return pager.cursor(); }
    bool has_more() const override { return pager.has_more(); }
    fapiao::AsyncPager<T> pager;
  };
  std::unique_ptr<Base> impl_;
};

using Cancel = const fapiao::CancellationSource*;

/// The call options of an asynchronous call: the RequestOptions dict, and the
/// source that cancels it when its asyncio task is cancelled.
fapiao::CallOptions async_options(const char* operation, const py::dict& options, Cancel cancellation) {
  auto call = call_options(operation, options);
  if (cancellation != nullptr) call.cancellation = cancellation->token();
  return call;
}

/// fapiao::AsyncClient for fapiao.aio.Client: the same arguments as
/// NativeClient's methods, plus `cancellation` and `done`; each returns at once.
class NativeAsyncClient {
 public:
  explicit NativeAsyncClient(const NativeClient& client) : async_(client.client()) {}
  ~NativeAsyncClient() { destroy_without_gil(async_); }
  NativeAsyncClient(const NativeAsyncClient&) = delete;
  NativeAsyncClient& operator=(const NativeAsyncClient&) = delete;
  using PagerPtr = std::unique_ptr<NativeAsyncPager>;
  using Done = py::object;

  void register_account(const std::string& email, const std::string& password, const std::string& order_id,
                        Opts o, Cancel c, Done done) {
    deliver(async_.register_account(email, password, order_id, async_options("register_account", o, c)),
            std::move(done));
  }
  void activate_account(const std::string& token, Opts o, Cancel c, Done done) {
    deliver(async_.activate_account(token, async_options("activate_account", o, c)), std::move(done));
  }
  void resend_activation(const std::string& email, Opts o, Cancel c, Done done) {
    deliver(async_.resend_activation(email, async_options("resend_activation", o, c)), std::move(done));
  }
  void sign_in(const std::string& email, const std::string& password, Opts o, Cancel c, Done done) {
    deliver(async_.sign_in(email, password, async_options("sign_in", o, c)), std::move(done));
  }
  void sign_out(const Session& session, Opts o, Cancel c, Done done) {
    deliver(async_.sign_out(session, async_options("sign_out", o, c)), std::move(done));
  }
  void get_account(const Session& session, Opts o, Cancel c, Done done) {
    deliver(async_.get_account(session, async_options("get_account", o, c)), std::move(done));
  }
  void change_email(const Session& session, const std::string& new_email, const std::string& current_password,
                    Opts o, Cancel c, Done done) {
    deliver(async_.change_email(session, new_email, current_password, async_options("change_email", o, c)),
            std::move(done));
  }
  void change_password(const Session& session, const std::string& current_password, const std::string& new_password,
                       Opts o, Cancel c, Done done) {
    deliver(async_.change_password(session, current_password, new_password, async_options("change_password", o, c)),
            std::move(done));
  }
  void reset_password(const std::string& email, Opts o, Cancel c, Done done) {
    deliver(async_.reset_password(email, async_options("reset_password", o, c)), std::move(done));
  }

  PagerPtr subscriptions(const Session& session, const std::string& starting_after, Opts o) {
    return std::make_unique<NativeAsyncPager>(
        async_.list_subscriptions(session, async_options("subscriptions", o, nullptr)), starting_after);
  }
  PagerPtr bills(const Session& session, const std::optional<std::string>& state, int page_size,
                 const std::string& starting_after, Opts o) {
    fapiao::BillQuery q;
    q.state = filter<fapiao::BillState>(state);
    q.page_size = page_size;
    return std::make_unique<NativeAsyncPager>(async_.list_bills(session, q, async_options("bills", o, nullptr)),
                                              starting_after);
  }
  void get_bill(const Session& session, const std::string& bill_id, Opts o, Cancel c, Done done) {
    deliver(async_.get_bill(session, bill_id, async_options("get_bill", o, c)), std::move(done));
  }

  void invoice_profile(const Session& session, Opts o, Cancel c, Done done) {
    deliver(async_.get_invoice_profile(session, async_options("invoice_profile", o, c)), std::move(done));
  }
  void preview_invoice_request(const Session& session, const std::string& application, Opts o, Cancel c, Done done) {
    const auto app = parse_or_raise<fapiao::InvoiceApplication>(application, "application");
    deliver(async_.preview_invoice_request(session, app, async_options("preview_invoice_request", o, c)),
            std::move(done));
  }
  void create_invoice_request(const Session& session, const std::string& application, Opts o, Cancel c, Done done) {
    const auto app = parse_or_raise<fapiao::InvoiceApplication>(application, "application");
    deliver(async_.create_invoice_request(session, app, async_options("create_invoice_request", o, c)),
            std::move(done));
  }
  PagerPtr invoice_requests(const Session& session, const std::optional<std::string>& status, int page_size,
                            const std::string& starting_after, Opts o) {
    fapiao::RequestQuery q;
    q.status = filter<fapiao::RequestStatus>(status);
    q.page_size = page_size;
    return std::make_unique<NativeAsyncPager>(
        async_.list_invoice_requests(session, q, async_options("invoice_requests", o, nullptr)), starting_after);
  }
  void get_invoice_request(const Session& session, const std::string& request_id, Opts o, Cancel c, Done done) {
    deliver(async_.get_invoice_request(session, request_id, async_options("get_invoice_request", o, c)),
            std::move(done));
  }
  void cancel_invoice_request(const Session& session, const std::string& request_id, Opts o, Cancel c, Done done) {
    deliver(async_.cancel_invoice_request(session, request_id, async_options("cancel_invoice_request", o, c)),
            std::move(done));
  }
  void request_title_change(const Session& session, const std::string& request_id, const std::string& buyer,
                            const std::string& note, Opts o, Cancel c, Done done) {
    const auto b = parse_or_raise<fapiao::Buyer>(buyer, "buyer");
    deliver(async_.request_title_change(session, request_id, b, note, async_options("request_title_change", o, c)),
            std::move(done));
  }
  void download_invoice_document(const Session& session, const std::string& request_id, Opts o, Cancel c,
                                 Done done) {
    deliver(async_.download_invoice_document(session, request_id, async_options("download_invoice_document", o, c)),
            std::move(done));
  }

  PagerPtr announcements(const Session& session, const std::string& starting_after, Opts o) {
    return std::make_unique<NativeAsyncPager>(
        async_.list_announcements(session, async_options("announcements", o, nullptr)), starting_after);
  }
  void create_support_ticket(const Session& session, const std::string& ticket, Opts o, Cancel c, Done done) {
    const auto t = parse_or_raise<fapiao::NewSupportTicket>(ticket, "ticket");
    deliver(async_.create_support_ticket(session, t, async_options("create_support_ticket", o, c)), std::move(done));
  }
  PagerPtr support_tickets(const Session& session, const std::string& starting_after, Opts o) {
    return std::make_unique<NativeAsyncPager>(
        async_.list_support_tickets(session, async_options("support_tickets", o, nullptr)), starting_after);
  }
  void get_support_ticket(const Session& session, const std::string& ticket_id, Opts o, Cancel c, Done done) {
    deliver(async_.get_support_ticket(session, ticket_id, async_options("get_support_ticket", o, c)),
            std::move(done));
  }

  PagerPtr events(const Session& session, const std::optional<std::string>& type, int page_size,
                  const std::string& starting_after, Opts o) {
    fapiao::EventQuery q;
    q.type = filter<fapiao::EventType>(type);
    q.page_size = page_size;
    return std::make_unique<NativeAsyncPager>(async_.list_events(session, q, async_options("events", o, nullptr)),
                                              starting_after);
  }
  void get_event(const Session& session, const std::string& event_id, Opts o, Cancel c, Done done) {
    deliver(async_.get_event(session, event_id, async_options("get_event", o, c)), std::move(done));
  }
  void create_webhook_endpoint(const Session& session, const std::string& endpoint, Opts o, Cancel c, Done done) {
    const auto e = parse_or_raise<fapiao::NewWebhookEndpoint>(endpoint, "endpoint");
    deliver(async_.create_webhook_endpoint(session, e, async_options("create_webhook_endpoint", o, c)),
            std::move(done));
  }
  PagerPtr webhook_endpoints(const Session& session, const std::string& starting_after, Opts o) {
    return std::make_unique<NativeAsyncPager>(
        async_.list_webhook_endpoints(session, async_options("webhook_endpoints", o, nullptr)), starting_after);
  }
  void get_webhook_endpoint(const Session& session, const std::string& endpoint_id, Opts o, Cancel c, Done done) {
    deliver(async_.get_webhook_endpoint(session, endpoint_id, async_options("get_webhook_endpoint", o, c)),
            std::move(done));
  }
  void update_webhook_endpoint(const Session& session, const std::string& endpoint_id, const std::string& change,
                               Opts o, Cancel c, Done done) {
    const auto ch = parse_or_raise<fapiao::WebhookEndpointUpdate>(change, "change");
    deliver(async_.update_webhook_endpoint(session, endpoint_id, ch, async_options("update_webhook_endpoint", o, c)),
            std::move(done));
  }
  void delete_webhook_endpoint(const Session& session, const std::string& endpoint_id, Opts o, Cancel c, Done done) {
    deliver(async_.delete_webhook_endpoint(session, endpoint_id, async_options("delete_webhook_endpoint", o, c)),
            std::move(done));
  }
  void rotate_webhook_secret(const Session& session, const std::string& endpoint_id,
                             std::int64_t previous_secret_expires_in_seconds, Opts o, Cancel c, Done done) {
    fapiao::SecretRotation rotation;
    rotation.previous_secret_expires_in_seconds = previous_secret_expires_in_seconds;
    deliver(async_.rotate_webhook_secret(session, endpoint_id, rotation, async_options("rotate_webhook_secret", o, c)),
            std::move(done));
  }

 private:
  fapiao::AsyncClient async_;
};

// ---- Functions without a network ------------------------------------------------------

std::string report_json(const fapiao::ValidationReport& report) {
  boost::json::object out;
  out["errors"] = fj::encode_value(report.errors);
  out["warnings"] = fj::encode_value(report.warnings);
  return boost::json::serialize(out);
}

fapiao::ValidationOptions validation_options(bool strict_uscc, bool names_only_ordinary) {
  fapiao::ValidationOptions o;
  o.uscc_mode = strict_uscc ? fapiao::UsccMode::strict : fapiao::UsccMode::lenient;
  o.names_only_ordinary = names_only_ordinary;
  return o;
}

std::string validate_application_json(const std::string& application, bool strict_uscc, bool names_only_ordinary) {
  auto app = parse_or_raise<fapiao::InvoiceApplication>(application, "application");
  return report_json(fapiao::validate_application(app, validation_options(strict_uscc, names_only_ordinary)));
}

// The parts of an application on their own: a title change sends a Buyer,
// a settings page a password, a support form a ticket.
std::string validate_buyer_json(const std::string& kind, const std::string& buyer, bool strict_uscc,
                                bool names_only_ordinary) {
  auto b = parse_or_raise<fapiao::Buyer>(buyer, "buyer");
  return report_json(fapiao::validate_buyer(fapiao::OpenEnum<fapiao::InvoiceKind>::from_wire(kind).value(), b,
                                            validation_options(strict_uscc, names_only_ordinary)));
}

std::string validate_support_ticket_json(const std::string& ticket) {
  return report_json(fapiao::validate_support_ticket(parse_or_raise<fapiao::NewSupportTicket>(ticket, "ticket")));
}

std::string validate_taxpayer_id_json(const std::string& id, bool individual, bool strict_uscc) {
  return report_json(fapiao::validate_taxpayer_id(
      id, individual ? fapiao::BuyerType::individual : fapiao::BuyerType::organization,
      strict_uscc ? fapiao::UsccMode::strict : fapiao::UsccMode::lenient));
}

Session parse_session_or_raise(const std::string& text) {
  auto s = fapiao::parse_session(text);
  if (!s) throw py::value_error(s.error().message);
  return std::move(s).value();
}

void define_lifecycle(py::module_& m) {
  // The status machine (fapiao/lifecycle.hpp), by wire names; Python's
  // fapiao.lifecycle wraps these and restates none of the rules.
  const auto status = [](const std::string& w) { return fapiao::OpenEnum<fapiao::RequestStatus>::from_wire(w).value(); };
  const auto kind = [](const std::string& w) { return fapiao::OpenEnum<fapiao::InvoiceKind>::from_wire(w).value(); };
  const auto method = [](const std::string& w) { return fapiao::OpenEnum<fapiao::DeliveryMethod>::from_wire(w).value(); };
  const auto wires = [](const std::vector<fapiao::RequestStatus>& statuses) {
    std::vector<std::string> out;
    for (const auto s : statuses) out.emplace_back(fapiao::to_wire(s));
    return out;
  };
  m.def("is_final", [=](const std::string& s) { return fapiao::is_final(status(s)); }, "status"_a);
  m.def("final_statuses", [=] { return wires(fapiao::final_statuses()); });
  m.def("can_advance", [=](const std::string& from, const std::string& to, const std::string& k, const std::string& d) {
    return fapiao::can_advance(status(from), status(to), kind(k), method(d));
  }, "from_status"_a, "to_status"_a, "kind"_a, "delivery_method"_a);
  m.def("can_cancel", [=](const std::string& s) { return fapiao::can_cancel(status(s)); }, "status"_a);
  m.def("can_change_title", [=](const std::string& s, const std::string& k) {
    return fapiao::can_change_title(status(s), kind(k));
  }, "status"_a, "kind"_a);
  m.def("has_document", [=](const std::string& s, const std::string& k) {
    return fapiao::has_document(status(s), kind(k));
  }, "status"_a, "kind"_a);
  m.def("status_path", [=](const std::string& k, const std::string& d) {
    return wires(fapiao::status_path(kind(k), method(d)));
  }, "kind"_a, "delivery_method"_a);
  m.attr("DUE_WORKING_DAYS") = fapiao::kDueWorkingDays;
  m.attr("BILL_SYNC_DAYS") = fapiao::kBillSyncDays;
  m.attr("PICKUP_ADDRESS") = std::string(fapiao::kPickupAddress);
  m.attr("PICKUP_CONTACT") = std::string(fapiao::kPickupContact);
  m.attr("PICKUP_PHONE") = std::string(fapiao::kPickupPhone);
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
  py::module_::import("atexit").attr("register")(py::cpp_function(&wait_for_calls_into_python_at_exit));
  py::tuple option_names(kRequestOptions.size());
  for (std::size_t i = 0; i < kRequestOptions.size(); ++i) option_names[i] = kRequestOptions[i];
  m.attr("REQUEST_OPTIONS") = option_names;

  py::class_<Session>(m, "NativeSession")
      .def(py::init(&parse_session_or_raise), "text"_a)
      .def("to_text", [](const Session& s) { return fapiao::serialize_session(s); });

  py::class_<fapiao::Document>(m, "Document", "The issued e-invoice file.")
      .def_readonly("content_type", &fapiao::Document::content_type)
      .def_readonly("file_name", &fapiao::Document::file_name)
      .def_property_readonly("data", [](const fapiao::Document& d) { return py::bytes(d.bytes); })
      .def("__repr__", [](const fapiao::Document& d) {
        return "Document(content_type=" + py::repr(py::str(d.content_type)).cast<std::string>() +
               ", file_name=" + py::repr(py::str(d.file_name)).cast<std::string>() + ", " +
               std::to_string(d.bytes.size()) + " bytes)";
      });

  py::class_<NativePager>(m, "NativePager")
      .def("next_page", &NativePager::next_page)
      .def_property_readonly("cursor", &NativePager::cursor)
      .def_property_readonly("has_more", &NativePager::has_more);

  py::class_<NativeOperation>(m, "NativeOperation")
      .def("poll", &NativeOperation::poll, py::kw_only(), "options"_a)
      .def("wait_until", &NativeOperation::wait_until, py::kw_only(), "status"_a, "until"_a, "on_change"_a,
           "timeout"_a, "interval"_a)
      .def_property_readonly("resume_token", &NativeOperation::resume_token);

  using C = NativeClient;
  const auto o = "options"_a;
  py::class_<C>(m, "NativeClient")
      .def(py::init<const py::dict&>(), "options"_a)
      .def("register_account", &C::register_account, py::kw_only(), "email"_a, "password"_a, "order_id"_a, o)
      .def("activate_account", &C::activate_account, py::kw_only(), "token"_a, o)
      .def("resend_activation", &C::resend_activation, py::kw_only(), "email"_a, o)
      .def("sign_in", &C::sign_in, py::kw_only(), "email"_a, "password"_a, o)
      .def("sign_out", &C::sign_out, py::kw_only(), "session"_a, o)
      .def("get_account", &C::get_account, py::kw_only(), "session"_a, o)
      .def("change_email", &C::change_email, py::kw_only(), "session"_a, "new_email"_a, "current_password"_a, o)
      .def("change_password", &C::change_password, py::kw_only(), "session"_a, "current_password"_a,
           "new_password"_a, o)
      .def("reset_password", &C::reset_password, py::kw_only(), "email"_a, o)
      .def("subscriptions", &C::subscriptions, py::kw_only(), "session"_a, "starting_after"_a, o)
      .def("bills", &C::bills, py::kw_only(), "session"_a, "state"_a, "page_size"_a, "starting_after"_a, o)
      .def("get_bill", &C::get_bill, py::kw_only(), "session"_a, "bill_id"_a, o)
      .def("invoice_profile", &C::invoice_profile, py::kw_only(), "session"_a, o)
      .def("preview_invoice_request", &C::preview_invoice_request, py::kw_only(), "session"_a, "application"_a, o)
      .def("create_invoice_request", &C::create_invoice_request, py::kw_only(), "session"_a, "application"_a, o)
      .def("invoice_requests", &C::invoice_requests, py::kw_only(), "session"_a, "status"_a, "page_size"_a,
           "starting_after"_a, o)
      .def("get_invoice_request", &C::get_invoice_request, py::kw_only(), "session"_a, "request_id"_a, o)
      .def("cancel_invoice_request", &C::cancel_invoice_request, py::kw_only(), "session"_a, "request_id"_a, o)
      .def("request_title_change", &C::request_title_change, py::kw_only(), "session"_a, "request_id"_a, "buyer"_a,
           "note"_a, o)
      .def("download_invoice_document", &C::download_invoice_document, py::kw_only(), "session"_a, "request_id"_a, o)
      .def("track", &C::track, py::kw_only(), "session"_a, "request_id"_a)
      .def("announcements", &C::announcements, py::kw_only(), "session"_a, "starting_after"_a, o)
      .def("create_support_ticket", &C::create_support_ticket, py::kw_only(), "session"_a, "ticket"_a, o)
      .def("support_tickets", &C::support_tickets, py::kw_only(), "session"_a, "starting_after"_a, o)
      .def("get_support_ticket", &C::get_support_ticket, py::kw_only(), "session"_a, "ticket_id"_a, o)
      .def("events", &C::events, py::kw_only(), "session"_a, "type"_a, "page_size"_a, "starting_after"_a, o)
      .def("get_event", &C::get_event, py::kw_only(), "session"_a, "event_id"_a, o)
      .def("create_webhook_endpoint", &C::create_webhook_endpoint, py::kw_only(), "session"_a, "endpoint"_a, o)
      .def("webhook_endpoints", &C::webhook_endpoints, py::kw_only(), "session"_a, "starting_after"_a, o)
      .def("get_webhook_endpoint", &C::get_webhook_endpoint, py::kw_only(), "session"_a, "endpoint_id"_a, o)
      .def("update_webhook_endpoint", &C::update_webhook_endpoint, py::kw_only(), "session"_a, "endpoint_id"_a,
           "change"_a, o)
      .def("delete_webhook_endpoint", &C::delete_webhook_endpoint, py::kw_only(), "session"_a, "endpoint_id"_a, o)
      .def("rotate_webhook_secret", &C::rotate_webhook_secret, py::kw_only(), "session"_a, "endpoint_id"_a,
           "previous_secret_expires_in_seconds"_a, o);

  py::class_<fapiao::CancellationSource>(m, "NativeCancellation")
      .def(py::init<>())
      .def("cancel", &fapiao::CancellationSource::cancel)
      .def_property_readonly("cancelled", &fapiao::CancellationSource::is_cancelled);

  py::class_<NativeAsyncPager>(m, "NativeAsyncPager")
      .def("next_page", &NativeAsyncPager::next_page, py::kw_only(), "done"_a)
      .def_property_readonly("cursor", &NativeAsyncPager::cursor)
      .def_property_readonly("has_more", &NativeAsyncPager::has_more);

  using A = NativeAsyncClient;
  const auto c = "cancellation"_a;
  const auto d = "done"_a;
  py::class_<A>(m, "NativeAsyncClient")
      .def(py::init<const NativeClient&>(), "client"_a, py::keep_alive<1, 2>())
      .def("register_account", &A::register_account, py::kw_only(), "email"_a, "password"_a, "order_id"_a, o, c, d)
      .def("activate_account", &A::activate_account, py::kw_only(), "token"_a, o, c, d)
      .def("resend_activation", &A::resend_activation, py::kw_only(), "email"_a, o, c, d)
      .def("sign_in", &A::sign_in, py::kw_only(), "email"_a, "password"_a, o, c, d)
      .def("sign_out", &A::sign_out, py::kw_only(), "session"_a, o, c, d)
      .def("get_account", &A::get_account, py::kw_only(), "session"_a, o, c, d)
      .def("change_email", &A::change_email, py::kw_only(), "session"_a, "new_email"_a, "current_password"_a, o, c, d)
      .def("change_password", &A::change_password, py::kw_only(), "session"_a, "current_password"_a,
           "new_password"_a, o, c, d)
      .def("reset_password", &A::reset_password, py::kw_only(), "email"_a, o, c, d)
      .def("subscriptions", &A::subscriptions, py::kw_only(), "session"_a, "starting_after"_a, o)
      .def("bills", &A::bills, py::kw_only(), "session"_a, "state"_a, "page_size"_a, "starting_after"_a, o)
      .def("get_bill", &A::get_bill, py::kw_only(), "session"_a, "bill_id"_a, o, c, d)
      .def("invoice_profile", &A::invoice_profile, py::kw_only(), "session"_a, o, c, d)
      .def("preview_invoice_request", &A::preview_invoice_request, py::kw_only(), "session"_a, "application"_a, o, c,
           d)
      .def("create_invoice_request", &A::create_invoice_request, py::kw_only(), "session"_a, "application"_a, o, c, d)
      .def("invoice_requests", &A::invoice_requests, py::kw_only(), "session"_a, "status"_a, "page_size"_a,
           "starting_after"_a, o)
      .def("get_invoice_request", &A::get_invoice_request, py::kw_only(), "session"_a, "request_id"_a, o, c, d)
      .def("cancel_invoice_request", &A::cancel_invoice_request, py::kw_only(), "session"_a, "request_id"_a, o, c, d)
      .def("request_title_change", &A::request_title_change, py::kw_only(), "session"_a, "request_id"_a, "buyer"_a,
           "note"_a, o, c, d)
      .def("download_invoice_document", &A::download_invoice_document, py::kw_only(), "session"_a, "request_id"_a, o,
           c, d)
      .def("announcements", &A::announcements, py::kw_only(), "session"_a, "starting_after"_a, o)
      .def("create_support_ticket", &A::create_support_ticket, py::kw_only(), "session"_a, "ticket"_a, o, c, d)
      .def("support_tickets", &A::support_tickets, py::kw_only(), "session"_a, "starting_after"_a, o)
      .def("get_support_ticket", &A::get_support_ticket, py::kw_only(), "session"_a, "ticket_id"_a, o, c, d)
      .def("events", &A::events, py::kw_only(), "session"_a, "type"_a, "page_size"_a, "starting_after"_a, o)
      .def("get_event", &A::get_event, py::kw_only(), "session"_a, "event_id"_a, o, c, d)
      .def("create_webhook_endpoint", &A::create_webhook_endpoint, py::kw_only(), "session"_a, "endpoint"_a, o, c, d)
      .def("webhook_endpoints", &A::webhook_endpoints, py::kw_only(), "session"_a, "starting_after"_a, o)
      .def("get_webhook_endpoint", &A::get_webhook_endpoint, py::kw_only(), "session"_a, "endpoint_id"_a, o, c, d)
      .def("update_webhook_endpoint", &A::update_webhook_endpoint, py::kw_only(), "session"_a, "endpoint_id"_a,
           "change"_a, o, c, d)
      .def("delete_webhook_endpoint", &A::delete_webhook_endpoint, py::kw_only(), "session"_a, "endpoint_id"_a, o, c,
           d)
      .def("rotate_webhook_secret", &A::rotate_webhook_secret, py::kw_only(), "session"_a, "endpoint_id"_a,
           "previous_secret_expires_in_seconds"_a, o, c, d);

  m.def("validate_application", &validate_application_json, "application"_a, "strict_uscc"_a,
        "names_only_ordinary"_a);
  m.def("validate_taxpayer_id", &validate_taxpayer_id_json, "taxpayer_id"_a, "individual"_a, "strict_uscc"_a);
  m.def("validate_buyer", &validate_buyer_json, "kind"_a, "buyer"_a, "strict_uscc"_a, "names_only_ordinary"_a);
  m.def("validate_support_ticket", &validate_support_ticket_json, "ticket"_a);
  m.def("validate_password", [](const std::string& password, const std::string& field) {
    return report_json(fapiao::validate_password(password, field));
  }, "password"_a, "field"_a);
  m.def("split_gross", [](std::int64_t gross, std::int32_t rate) {
    const auto s = fapiao::split_gross(gross, rate);
    return py::make_tuple(s.net_fen, s.tax_fen);
  }, "gross_fen"_a, "rate_bp"_a);
  m.def("format_yuan", &fapiao::format_yuan, "fen"_a);
  m.def("due_date", [](std::int64_t submitted_unix, int days) {
    const auto r = fapiao::WorkingCalendar::china().add_working_days(
        fapiao::Timestamp(std::chrono::seconds(submitted_unix)), days);
    return py::make_tuple(r.at.time_since_epoch().count(), r.outside_calendar);
  }, "submitted_unix"_a, "working_days"_a);
  // Webhook verification: the C++ construct_event. Returns the event's JSON
  // (fapiao.models.event_from_dict types its object as C++ did).
  m.attr("WEBHOOK_SIGNATURE_HEADER") = std::string(fapiao::webhooks::kSignatureHeader);
  m.def("webhook_construct_event", [](py::bytes payload, const std::string& header,
                                      const std::vector<std::string>& secrets, std::int64_t tolerance,
                                      std::optional<std::int64_t> now) {
    fapiao::webhooks::VerifyOptions options;
    options.tolerance = std::chrono::seconds(tolerance);
    if (now) options.now = [at = *now] { return at; };
    const auto event = fapiao::webhooks::construct_event(std::string_view(payload), header, secrets, options);
    return json_or_raise(event);
  }, "payload"_a, "header"_a, "secrets"_a, "tolerance"_a, "now"_a);
  m.def("webhook_sign", [](py::bytes payload, const std::vector<std::string>& secrets, std::int64_t timestamp) {
    return fapiao::webhooks::sign(std::string_view(payload), secrets, timestamp);
  }, "payload"_a, "secrets"_a, "timestamp"_a);
  define_lifecycle(m);
}
