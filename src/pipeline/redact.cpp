#include "pipeline/redact.hpp"

#include "json/codec.hpp"

#include <array>

namespace fapiao::detail {
namespace {

// Fields whose values are identifiers, enums, amounts or states: safe to log.
// Names, addresses, phones, e-mails, taxpayer and ID numbers, passwords and
// tokens are absent on purpose.
constexpr std::array<std::string_view, 30> kAllowed{
    "id",          "kind",        "bill_ids",        "bill_id",       "state",         "status",
    "status_label", "method",     "type",            "organization_kind", "amount_fen", "gross_fen",
    "net_fen",     "tax_fen",     "total_fen",       "tax_rate_bp",   "amounts_fen",   "split_amounts_fen",
    "request_id",  "code",        "field",           "retryable",     "has_more",      "due_at",
    "submitted_at", "category",   "invoice_request_id", "replaces_request_id", "replaced_by_request_id",
    "currency"};

bool allowed(std::string_view key) {
  for (const auto k : kAllowed) {
    if (k == key) return true;
  }
  return false;
}

void scrub(boost::json::value& v, bool keep) {
  if (v.is_object()) {
    for (auto& entry : v.get_object()) scrub(entry.value(), allowed(entry.key()));
  } else if (v.is_array()) {
    for (auto& item : v.get_array()) scrub(item, keep);
  } else if (v.is_string() && !keep) {
    v = "[redacted]";
  }
}

}  // namespace

std::string redact_json(std::string_view body) {
  if (body.empty()) return {};
  auto parsed = json::parse_text(body);
  if (!parsed) {
    // Built step by step: GCC 12's -Wrestrict misfires on "(" + std::to_string(...) at -O2.
    std::string summary = "(";
    summary += std::to_string(body.size());
    summary += " bytes)";
    return summary;
  }
  scrub(*parsed, false);
  return boost::json::serialize(*parsed);
}

}  // namespace fapiao::detail
