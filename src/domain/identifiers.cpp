// Chinese identifiers: USCC (GB 32100-2015), organisation code (GB 11714),
// resident ID (GB 11643), phone numbers, postal codes, bank accounts, e-mail.
#include <fapiao/validate.hpp>

#include "domain/text.hpp"

#include <array>
#include <regex>

namespace fapiao {
namespace {

constexpr std::string_view kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr std::array<int, 17> kUsccWeights{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
constexpr std::array<int, 8> kOrgCodeWeights{3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::array<int, 17> kResidentWeights{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_upper_alnum(char c) noexcept { return is_digit(c) || (c >= 'A' && c <= 'Z'); }

bool all_of(std::string_view s, bool (*pred)(char) noexcept) noexcept {
  for (const char c : s) {
    if (!pred(c)) return false;
  }
  return true;
}

// Value of an organisation-code character: digits 0–9, letters A=10 … Z=35.
int org_code_value(char c) noexcept { return is_digit(c) ? c - '0' : c - 'A' + 10; }

void add(ValidationReport& report, bool as_error, std::string_view field, std::string_view code,
         std::string message) {
  auto& list = as_error ? report.errors : report.warnings;
  list.push_back(FieldError{std::string(field), std::string(code), std::move(message)});
}

}  // namespace

char uscc_check_character(std::string_view first17) {
  if (first17.size() < 17) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    const auto index = kUsccAlphabet.find(first17[i]);
    if (index == std::string_view::npos) return '\0';
    sum += static_cast<int>(index) * kUsccWeights[i];
  }
  return kUsccAlphabet[static_cast<std::size_t>((31 - sum % 31) % 31)];
}

char org_code_check_character(std::string_view first8) {
  if (first8.size() < 8) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) {
    if (!is_upper_alnum(first8[i])) return '\0';
    sum += org_code_value(first8[i]) * kOrgCodeWeights[i];
  }
  const int check = 11 - sum % 11;
  if (check == 10) return 'X';
  if (check == 11) return '0';
  return static_cast<char>('0' + check);
}

bool is_valid_uscc(std::string_view code) {
  if (code.size() != 18) return false;
  for (const char c : code) {
    if (kUsccAlphabet.find(c) == std::string_view::npos) return false;
  }
  return uscc_check_character(code) == code[17] && org_code_check_character(code.substr(8)) == code[16];
}

bool is_valid_resident_id(std::string_view id) {
  if (id.size() != 18 || !all_of(id.substr(0, 17), is_digit) || !(is_digit(id[17]) || id[17] == 'X')) return false;
  const int year = std::stoi(std::string(id.substr(6, 4)));
  const auto month = static_cast<unsigned>(std::stoi(std::string(id.substr(10, 2))));
  const auto day = static_cast<unsigned>(std::stoi(std::string(id.substr(12, 2))));
  if (year < 1900 || !is_valid_date(year, month, day)) return false;
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) sum += (id[i] - '0') * kResidentWeights[i];
  const int check = (12 - sum % 11) % 11;
  return id[17] == (check == 10 ? 'X' : static_cast<char>('0' + check));
}

bool is_valid_mobile(std::string_view mobile) {
  return mobile.size() == 11 && all_of(mobile, is_digit) && mobile[0] == '1' && mobile[1] >= '3';
}

bool is_valid_landline(std::string_view phone) {
  // 0 + 2–3 digit area code (optionally in parentheses, then '-' or a
  // space), 7–8 digits, and an optional extension after -, 转, ext, x or #.
  static const std::regex pattern(
      R"(^(\(0[0-9]{2,3}\)|0[0-9]{2,3})[- ]?[0-9]{7,8}(( ?(-|转|ext\.?|x|#) ?)[0-9]{1,6})?$)",
      std::regex::ECMAScript | std::regex::icase);
  return std::regex_match(phone.begin(), phone.end(), pattern);
}

bool is_valid_postal_code(std::string_view code) { return code.size() == 6 && all_of(code, is_digit); }

bool is_valid_bank_account(std::string_view acct) {
  return acct.size() >= 6 && acct.size() <= 32 && all_of(acct, is_digit);
}

bool is_valid_email(std::string_view email) {
  if (email.empty() || email.size() > 254) return false;
  const auto at = email.find('@');
  if (at == std::string_view::npos || at == 0 || at > 64 || email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  for (const char c : email) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F || c == '<' || c == '>' || c == ',' || c == ';' || c == '"') return false;
  }
  const std::string_view local = email.substr(0, at);
  const std::string_view domain = email.substr(at + 1);
  if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos) return false;
  // The domain: dot-separated labels of letters, digits and inner hyphens,
  // ending in a top-level label of at least two letters.
  std::size_t start = 0;
  std::size_t labels = 0;
  while (true) {
    const std::size_t dot = domain.find('.', start);
    const std::string_view label = domain.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') return false;
    for (const char c : label) {
      if (!(is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-')) return false;
    }
    ++labels;
    if (dot == std::string_view::npos) {
      if (labels < 2 || label.size() < 2) return false;
      for (const char c : label) {
        if (is_digit(c)) return false;
      }
      return true;
    }
    start = dot + 1;
  }
}

ValidationReport validate_taxpayer_id(std::string_view taxpayer_id, BuyerType type, UsccMode mode,
                                      std::string_view field) {
  ValidationReport report;
  const std::string id = normalize_identifier(taxpayer_id);
  // An individual gives a resident ID; one running an individual business
  // may give that business's USCC, which can also start with 17 digits.
  if (id.size() == 18 && type == BuyerType::individual && all_of(std::string_view(id).substr(0, 17), is_digit) &&
      !is_valid_uscc(id)) {
    if (!is_valid_resident_id(id)) {
      add(report, true, field, field_code::resident_id_invalid,
          "Not a valid resident ID number: the birth date or the check digit is wrong (GB 11643).");
    }
    return report;
  }
  if (id.size() == 18) {
    for (const char c : id) {
      if (kUsccAlphabet.find(c) == std::string_view::npos) {
        add(report, true, field, field_code::uscc_format,
            std::string("A Unified Social Credit Code has 18 characters from 0-9 and A-Y without I, O, S, V, Z; '") +
                c + "' is not allowed.");
        return report;
      }
    }
    const bool strict = mode == UsccMode::strict;
    if (uscc_check_character(id) != id[17]) {
      add(report, strict, field, field_code::uscc_checksum,
          std::string("The check character of this Unified Social Credit Code should be '") +
              uscc_check_character(id) + "', not '" + id[17] + "' (GB 32100-2015).");
    }
    const char org_check = org_code_check_character(std::string_view(id).substr(8));
    if (org_check != id[16]) {
      add(report, strict, field, field_code::org_code_checksum,
          std::string("The organisation code inside this Unified Social Credit Code (positions 9-17) should end in '") +
              org_check + "', not '" + id[16] + "' (GB 11714).");
    }
    return report;
  }
  if ((id.size() == 15 || id.size() == 17 || id.size() == 20) && all_of(id, is_upper_alnum)) return report;
  add(report, true, field, field_code::taxpayer_id_format,
      "A taxpayer ID is an 18-character Unified Social Credit Code, or 15, 17 or 20 characters of 0-9 and A-Z.");
  return report;
}

ValidationReport validate_password(std::string_view password, std::string_view field) {
  ValidationReport report;
  const std::size_t length = detail::code_point_count(password);
  bool letter = false;
  bool digit = false;
  for (const char c : password) {
    letter = letter || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    digit = digit || is_digit(c);
  }
  if (length < 8 || length > 128 || !letter || !digit) {
    add(report, true, field, field_code::weak_password,
        "A password needs 8 to 128 characters with at least one letter and one digit.");
  }
  return report;
}

}  // namespace fapiao
