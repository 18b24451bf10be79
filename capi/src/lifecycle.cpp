// The C ABI's view of fapiao/lifecycle.hpp: wire names in, 1/0 out.
#include "capi_internal.hpp"

#include <fapiao/lifecycle.hpp>

namespace {

using namespace fapiao;

/// A known enumerator from its wire name, or an INVALID_ARGUMENT recorded
/// against `argument` (returned through `failed`).
template <typename E>
bool known(E& out, const char* text, const char* argument, int& failed) {
  if (text == nullptr) {
    failed = capi::null_argument(argument);
    return false;
  }
  const auto value = OpenEnum<E>::from_wire(text);
  if (!value.is_known()) {
    failed = capi::set_error(FAPIAO_E_INVALID_ARGUMENT, std::string(argument) + ": unknown name '" + text + "'.",
                             {{argument, "INVALID_VALUE", std::string("Unknown ") + argument + " '" + text + "'."}});
    return false;
  }
  out = value.value();
  return true;
}

}  // namespace

extern "C" {

int fapiao_status_is_final(const char* status) {
  return capi::guard([&] {
    RequestStatus s{};
    int failed = 0;
    if (!known(s, status, "status", failed)) return failed;
    return is_final(s) ? 1 : 0;
  });
}

int fapiao_status_can_advance(const char* from, const char* to, const char* kind, const char* delivery_method) {
  return capi::guard([&] {
    RequestStatus f{}, t{};
    InvoiceKind k{};
    DeliveryMethod m{};
    int failed = 0;
    if (!known(f, from, "from", failed) || !known(t, to, "to", failed) || !known(k, kind, "kind", failed) ||
        !known(m, delivery_method, "delivery_method", failed)) {
      return failed;
    }
    return can_advance(f, t, k, m) ? 1 : 0;
  });
}

int fapiao_status_can_change_title(const char* status, const char* kind) {
  return capi::guard([&] {
    RequestStatus s{};
    InvoiceKind k{};
    int failed = 0;
    if (!known(s, status, "status", failed) || !known(k, kind, "kind", failed)) return failed;
    return can_change_title(s, k) ? 1 : 0;
  });
}

int fapiao_status_has_document(const char* status, const char* kind) {
  return capi::guard([&] {
    RequestStatus s{};
    InvoiceKind k{};
    int failed = 0;
    if (!known(s, status, "status", failed) || !known(k, kind, "kind", failed)) return failed;
    return has_document(s, k) ? 1 : 0;
  });
}

int fapiao_due_working_days(void) { return kDueWorkingDays; }

}  // extern "C"
