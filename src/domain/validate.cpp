// Whole-object validation: what an invoice application needs per kind (R9,
// R13) and the length and character rules of the printed invoice.
#include <fapiao/money.hpp>
#include <fapiao/validate.hpp>

#include <set>

namespace fapiao {
namespace {

// GBK byte limits. The spec fixes name, address+phone and bank name+account;
// the delivery and remark limits are the service's (api/openapi.yaml).
constexpr std::size_t kMaxName = 100;
constexpr std::size_t kMaxAddressPlusPhone = 100;
constexpr std::size_t kMaxBankPlusAccount = 100;
constexpr std::size_t kMaxRecipient = 50;
constexpr std::size_t kMaxRegion = 40;
constexpr std::size_t kMaxStreet = 200;
constexpr std::size_t kMaxRemark = 200;
constexpr std::size_t kMaxTicketDescription = 2000;

class Checker {
 public:
  explicit Checker(ValidationReport& report) : report_(report) {}

  void error(std::string field, std::string_view code, std::string message) {
    report_.errors.push_back(FieldError{std::move(field), std::string(code), std::move(message)});
  }

  void merge(ValidationReport&& other) {
    for (auto& e : other.errors) report_.errors.push_back(std::move(e));
    for (auto& w : other.warnings) report_.warnings.push_back(std::move(w));
  }

  // Encodability and length of a text field; returns its GBK length (0 when
  // unencodable, which is reported here).
  std::size_t text(const std::string& field, const std::string& value, std::size_t max_bytes) {
    const auto length = gbk_length(value);
    if (!length) {
      error(field, field_code::unencodable_character,
            "Contains a character that cannot be printed on an invoice (GBK cannot encode it, e.g. an emoji).");
      return 0;
    }
    if (max_bytes != 0 && *length > max_bytes) {
      error(field, field_code::too_long,
            "Too long: " + std::to_string(*length) + " bytes, at most " + std::to_string(max_bytes) +
                " (GBK bytes: a Chinese character counts 2).");
    }
    return *length;
  }

 private:
  ValidationReport& report_;
};

void check_combined_length(Checker& check, const std::string& field, const std::string& first,
                           const std::string& second, const std::string& pair, std::size_t limit) {
  const auto a = gbk_length(first);
  const auto b = gbk_length(second);
  if (a && b && *a + *b > limit) {
    check.error(field, field_code::too_long,
                pair + " together are " + std::to_string(*a + *b) + " bytes, at most " + std::to_string(limit) +
                    " (GBK bytes: a Chinese character counts 2).");
  }
}

}  // namespace

Buyer normalized(const Buyer& buyer) {
  Buyer b = buyer;
  b.name = trim(buyer.name);
  b.taxpayer_id = normalize_identifier(buyer.taxpayer_id);
  b.address = trim(buyer.address);
  b.phone = normalize_phone(buyer.phone);
  b.bank_name = trim(buyer.bank_name);
  b.bank_account = normalize_identifier(buyer.bank_account);
  return b;
}

Delivery normalized(const Delivery& delivery) {
  Delivery d = delivery;
  d.recipient = trim(delivery.recipient);
  d.mobile = normalize_mobile(delivery.mobile);
  d.province = trim(delivery.province);
  d.city = trim(delivery.city);
  d.district = trim(delivery.district);
  d.street = trim(delivery.street);
  d.postal_code = normalize_identifier(delivery.postal_code);
  d.email = trim(delivery.email);
  return d;
}

ValidationReport validate_buyer(InvoiceKind kind, const Buyer& input, const ValidationOptions& options) {
  ValidationReport report;
  Checker check(report);
  const Buyer b = normalized(input);

  if (b.type.empty()) {
    check.error("buyer.type", field_code::required, "Say whether the buyer is an ORGANIZATION or an INDIVIDUAL.");
  } else if (!b.type.is_known()) {
    check.error("buyer.type", field_code::invalid_value,
                "Unknown buyer type '" + std::string(b.type.wire()) + "' (expected ORGANIZATION or INDIVIDUAL).");
  }
  const bool organization = b.type == BuyerType::organization;
  if (organization && b.organization_kind.empty()) {
    check.error("buyer.organization_kind", field_code::required,
                "Say whether the organisation is an ENTERPRISE or a NON_ENTERPRISE (government body, public "
                "institution, social organisation).");
  } else if (!b.organization_kind.empty() && !b.organization_kind.is_known()) {
    check.error("buyer.organization_kind", field_code::invalid_value,
                "Unknown organisation kind '" + std::string(b.organization_kind.wire()) +
                    "' (expected ENTERPRISE or NON_ENTERPRISE).");
  }

  if (b.name.empty()) {
    check.error("buyer.name", field_code::required, "The buyer name (invoice title, 抬头) is required.");
  } else {
    check.text("buyer.name", b.name, kMaxName);
    if (b.name.find_first_of("<>") != std::string::npos) {
      check.error("buyer.name", field_code::forbidden_character, "The buyer name may not contain '<' or '>'.");
    }
  }

  const bool special = is_special(kind);
  const bool enterprise = organization && b.organization_kind == OrganizationKind::enterprise;
  if (!b.taxpayer_id.empty()) {
    const BuyerType type = b.type.value();
    check.merge(validate_taxpayer_id(b.taxpayer_id, type, options.uscc_mode, "buyer.taxpayer_id"));
  } else if (special) {
    check.error("buyer.taxpayer_id", field_code::special_fields_required,
                "A special VAT invoice (专用发票) needs the buyer's taxpayer ID.");
  } else if (enterprise && !options.names_only_ordinary) {
    check.error("buyer.taxpayer_id", field_code::taxpayer_id_required,
                "An enterprise buyer must give its taxpayer ID (SAT announcement 2017 No. 16).");
  }

  if (kind == InvoiceKind::vat_special) {
    const std::pair<const char*, const std::string*> required[] = {
        {"buyer.address", &b.address}, {"buyer.phone", &b.phone},
        {"buyer.bank_name", &b.bank_name}, {"buyer.bank_account", &b.bank_account}};
    for (const auto& [field, value] : required) {
      if (value->empty()) {
        check.error(field, field_code::special_fields_required,
                    std::string("A special VAT invoice (增值税专用发票) needs the buyer's ") + (field + 6) + ".");
      }
    }
  }

  if (!b.address.empty()) check.text("buyer.address", b.address, 0);
  if (!b.phone.empty()) {
    if (!gbk_length(b.phone)) {
      check.text("buyer.phone", b.phone, 0);
    } else if (!is_valid_landline(b.phone)) {
      check.error("buyer.phone", field_code::phone_format,
                  "A landline is 0, a 2-3 digit area code and 7-8 digits, e.g. 021-28986102, with an optional "
                  "extension.");
    }
  }
  check_combined_length(check, "buyer.address", b.address, b.phone, "Address and phone", kMaxAddressPlusPhone);
  if (!b.bank_name.empty()) check.text("buyer.bank_name", b.bank_name, 0);
  if (!b.bank_account.empty() && !is_valid_bank_account(b.bank_account)) {
    check.error("buyer.bank_account", field_code::bank_account_format, "A bank account number has 6 to 32 digits.");
  }
  check_combined_length(check, "buyer.bank_name", b.bank_name, b.bank_account, "Bank name and account",
                        kMaxBankPlusAccount);
  return report;
}

ValidationReport validate_delivery(InvoiceKind kind, const Delivery& input) {
  ValidationReport report;
  Checker check(report);
  const Delivery d = normalized(input);

  const DeliveryMethod method = d.method.value();
  bool allowed = true;
  if (d.method.empty()) {
    check.error("delivery.method", field_code::required,
                "Choose a delivery method: YUNDA, SF_FREIGHT_COLLECT or SELF_PICKUP for paper invoices, EMAIL for "
                "digital ones.");
    allowed = false;
  } else if (!d.method.is_known()) {
    check.error("delivery.method", field_code::invalid_value,
                "Unknown delivery method '" + std::string(d.method.wire()) + "'.");
    allowed = false;
  } else if (is_paper(kind) && method == DeliveryMethod::email) {
    check.error("delivery.method", field_code::delivery_not_allowed,
                "A paper invoice is sent by YUNDA, SF_FREIGHT_COLLECT (freight collect, 到付) or picked up "
                "(SELF_PICKUP), not by EMAIL.");
    allowed = false;
  } else if (is_digital(kind) && method != DeliveryMethod::email) {
    check.error("delivery.method", field_code::delivery_not_allowed,
                "A digital invoice (数电票) is delivered by EMAIL only.");
    allowed = false;
  }

  if (allowed) {
    std::vector<std::pair<const char*, const std::string*>> required;
    if (method == DeliveryMethod::yunda || method == DeliveryMethod::sf_freight_collect) {
      required = {{"delivery.recipient", &d.recipient}, {"delivery.mobile", &d.mobile},
                  {"delivery.province", &d.province},   {"delivery.city", &d.city},
                  {"delivery.street", &d.street},       {"delivery.postal_code", &d.postal_code}};
    } else if (method == DeliveryMethod::self_pickup) {
      required = {{"delivery.recipient", &d.recipient}, {"delivery.mobile", &d.mobile}};
    } else if (method == DeliveryMethod::email) {
      required = {{"delivery.email", &d.email}};
    }
    for (const auto& [field, value] : required) {
      if (value->empty()) {
        check.error(field, field_code::address_required,
                    std::string("Delivery by ") + std::string(d.method.wire()) + " needs " + (field + 9) + ".");
      }
    }
  }

  if (!d.recipient.empty()) check.text("delivery.recipient", d.recipient, kMaxRecipient);
  if (!d.mobile.empty() && !is_valid_mobile(d.mobile)) {
    check.error("delivery.mobile", field_code::mobile_format,
                "A mainland mobile number has 11 digits starting 13-19 (an optional +86 is dropped).");
  }
  if (!d.province.empty()) check.text("delivery.province", d.province, kMaxRegion);
  if (!d.city.empty()) check.text("delivery.city", d.city, kMaxRegion);
  if (!d.district.empty()) check.text("delivery.district", d.district, kMaxRegion);
  if (!d.street.empty()) check.text("delivery.street", d.street, kMaxStreet);
  if (!d.postal_code.empty() && !is_valid_postal_code(d.postal_code)) {
    check.error("delivery.postal_code", field_code::postal_code_format, "A postal code has 6 digits.");
  }
  if (!d.email.empty() && !is_valid_email(d.email)) {
    check.error("delivery.email", field_code::email_format, "Not an e-mail address of the form name@example.com.");
  }
  return report;
}

ValidationReport validate_application(const InvoiceApplication& app, const ValidationOptions& options) {
  ValidationReport report;
  Checker check(report);

  if (app.kind.empty()) {
    check.error("kind", field_code::required,
                "Choose the invoice kind: VAT_ORDINARY, VAT_SPECIAL, DIGITAL_ORDINARY or DIGITAL_SPECIAL.");
  } else if (!app.kind.is_known()) {
    check.error("kind", field_code::invalid_value, "Unknown invoice kind '" + std::string(app.kind.wire()) + "'.");
  }

  if (app.bill_ids.empty()) {
    check.error("bill_ids", field_code::empty_selection, "Select at least one bill to invoice.");
  }
  std::set<std::string> seen;
  bool duplicate = false;
  for (std::size_t i = 0; i < app.bill_ids.size(); ++i) {
    if (app.bill_ids[i].empty()) {
      check.error("bill_ids[" + std::to_string(i) + "]", field_code::required, "A bill id is empty.");
    } else if (!seen.insert(app.bill_ids[i]).second) {
      duplicate = true;
    }
  }
  if (duplicate) {
    check.error("bill_ids", field_code::split_requires_support,
                "A bill is listed twice; one payment is invoiced under one title, once. To split a bill across "
                "titles or amounts, file a SPLIT_BILL support ticket.");
  }
  for (const auto& [bill_id, amount] : app.amounts_fen) {
    if (seen.count(bill_id) == 0) {
      check.error("amounts_fen." + bill_id, field_code::invalid_value, "This bill is not in bill_ids.");
    } else if (amount <= 0) {
      check.error("amounts_fen." + bill_id, field_code::invalid_value, "An amount must be a positive number of fen.");
    }
  }

  const InvoiceKind kind = app.kind.value();
  check.merge(validate_buyer(kind, app.buyer, options));
  check.merge(validate_delivery(kind, app.delivery));
  if (!app.remark.empty()) check.text("remark", app.remark, kMaxRemark);
  return report;
}

ValidationReport validate_support_ticket(const NewSupportTicket& ticket) {
  ValidationReport report;
  Checker check(report);
  if (ticket.type.empty()) {
    check.error("type", field_code::required, "Choose SPLIT_BILL, TITLE_CHANGE, NOT_RECEIVED, PROGRESS or OTHER.");
  } else if (!ticket.type.is_known()) {
    check.error("type", field_code::invalid_value,
                "Unknown ticket type '" + std::string(ticket.type.wire()) +
                    "'; choose SPLIT_BILL, TITLE_CHANGE, NOT_RECEIVED, PROGRESS or OTHER.");
  }
  const bool split = ticket.type == TicketType::split_bill;
  if (split && ticket.bill_ids.size() != 1) {
    check.error("bill_ids", field_code::invalid_value, "A SPLIT_BILL ticket names exactly one bill.");
  }
  if (split && ticket.split_amounts_fen.size() < 2) {
    check.error("split_amounts_fen", field_code::required, "Give at least two amounts (fen) to split the bill into.");
  }
  for (std::size_t i = 0; i < ticket.split_amounts_fen.size(); ++i) {
    if (ticket.split_amounts_fen[i] < 1) {
      check.error("split_amounts_fen[" + std::to_string(i) + "]", field_code::invalid_value,
                  "Each amount must be at least 1 fen.");
    }
  }
  if (!sum_fen(ticket.split_amounts_fen)) {
    check.error("split_amounts_fen", field_code::invalid_value,
                "The amounts add up to more than any bill can hold; each part is at most the bill's amount.");
  }
  check.text("description", ticket.description, kMaxTicketDescription);
  return report;
}

}  // namespace fapiao
