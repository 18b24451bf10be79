// fapiao: validation of Chinese identifiers and invoice applications.
// Pure functions, no I/O. The SDK runs them before sending; the service runs
// the same rules again, with the same field codes.
#pragma once

#include <fapiao/error.hpp>
#include <fapiao/generated/field_codes.hpp>
#include <fapiao/models.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fapiao {

// The stable field codes of FieldError::code, shared with the service
// (field_code::required, ...), are generated from the contract.

/// How a Unified Social Credit Code whose check characters do not match is
/// treated. Some legal pilot-era codes fail the check, hence lenient by default.
enum class UsccMode { lenient, strict };

struct ValidationOptions {
  UsccMode uscc_mode = UsccMode::lenient;
  /// The 2016 guide's looser rule: ordinary kinds need only the buyer name,
  /// even for enterprises (SAT 2017 No. 16 made the taxpayer ID required).
  bool names_only_ordinary = false;
};

/// Every problem found, each with its field path and code.
struct ValidationReport {
  std::vector<FieldError> errors;    ///< refuse the request
  std::vector<FieldError> warnings;  ///< accept, but tell the customer
  bool ok() const noexcept { return errors.empty(); }
};

// ---- Normalisation --------------------------------------------------------

/// Identifier normalisation: trim, drop spaces and hyphens, full-width ASCII
/// to half-width, upper-case. " 9133-0106 67395 9654ｐ " -> "91330106673959654P".
std::string normalize_identifier(std::string_view text);
/// Mobile: identifier normalisation, then a leading +86 or 0086 is dropped.
std::string normalize_mobile(std::string_view text);
/// Landline and names: trimmed (ASCII and ideographic spaces), full-width ASCII made half-width.
std::string normalize_phone(std::string_view text);
/// Trims ASCII and ideographic (U+3000) white space.
std::string trim(std::string_view text);

/// The buyer with taxpayer_id and bank_account normalised, phone trimmed and
/// half-width, text fields trimmed (as the service stores it).
Buyer normalized(const Buyer& buyer);
/// The delivery with mobile and postal_code normalised, text trimmed.
Delivery normalized(const Delivery& delivery);

// ---- Single values (expect normalised input) ------------------------------

/// Length in GBK bytes (ASCII 1, Chinese 2); nullopt when some character
/// cannot be encoded in GBK (emoji) or the text is not valid UTF-8.
std::optional<std::size_t> gbk_length(std::string_view utf8);

/// The check character of a USCC from its first 17 characters (GB 32100-2015),
/// or '\0' when they are not all from the code's alphabet.
char uscc_check_character(std::string_view first17);
/// The check character of a 9-character organisation code from its first 8
/// (GB 11714), or '\0' when malformed.
char org_code_check_character(std::string_view first8);
/// A well-formed USCC whose check character and embedded organisation code both check.
bool is_valid_uscc(std::string_view code);
/// An 18-character resident ID (GB 11643) with a valid birth date and check digit.
bool is_valid_resident_id(std::string_view id);
/// A mainland mobile number, after normalize_mobile: ^1[3-9]\d{9}$.
bool is_valid_mobile(std::string_view mobile);
/// A landline: 0 + 2–3 digit area code + 7–8 digits, optional extension;
/// the area code may be in parentheses or followed by '-' or a space.
bool is_valid_landline(std::string_view phone);
bool is_valid_postal_code(std::string_view code);   ///< 6 digits
bool is_valid_bank_account(std::string_view acct);  ///< 6–32 digits
bool is_valid_email(std::string_view email);        ///< local@domain.tld, no spaces, ≤ 254 bytes

/// Checks a taxpayer ID (normalising it first) for a buyer of the given
/// type: 18 characters are a USCC (a resident ID for individuals); 15, 17
/// or 20 characters of [0-9A-Z] are accepted by shape. Problems go to
/// `field` in the report.
ValidationReport validate_taxpayer_id(std::string_view taxpayer_id, BuyerType type, UsccMode mode,
                                      std::string_view field = "taxpayer_id");

/// Password rule: 8–128 characters with at least one letter and one digit.
ValidationReport validate_password(std::string_view password, std::string_view field = "password");

// ---- Whole objects -------------------------------------------------------

/// The buyer for an invoice kind: required fields (R9), formats, GBK lengths.
ValidationReport validate_buyer(InvoiceKind kind, const Buyer& buyer, const ValidationOptions& options = {});
/// The delivery for an invoice kind: allowed methods (R13) and required parts.
ValidationReport validate_delivery(InvoiceKind kind, const Delivery& delivery);
/// Everything that can be checked without the service: kind, selection,
/// buyer, delivery, remark. Returns every problem at once.
ValidationReport validate_application(const InvoiceApplication& application, const ValidationOptions& options = {});
/// A new support ticket: its type, the one bill and at least two amounts of
/// at least 1 fen each (summing without overflow) for SPLIT_BILL, and the
/// description's length. The service checks the amounts against the bill.
ValidationReport validate_support_ticket(const NewSupportTicket& ticket);

}  // namespace fapiao
