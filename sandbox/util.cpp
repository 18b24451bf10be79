#include "util.hpp"

#include "core/encoding.hpp"
#include "core/private_file.hpp"

#include <fapiao/time.hpp>


#include <chrono>
#include <fstream>
#include <stdexcept>

namespace sandbox {
namespace {

// Form decoding: '+' is a space, then %XX escapes (a malformed one is kept).
std::string url_decode(std::string_view s) {
  std::string spaced(s);
  for (auto& c : spaced) {
    if (c == '+') c = ' ';
  }
  return *fapiao::detail::percent_decode(spaced, false);
}

}  // namespace

std::optional<std::string> unless_empty(std::string text) {
  return text.empty() ? std::optional<std::string>() : std::optional<std::string>(std::move(text));
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::optional<std::int64_t> parse_int(std::string_view text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  std::int64_t value = 0;
  bool negative = false;
  std::size_t i = 0;
  if (text[0] == '-') {
    negative = true;
    i = 1;
    if (text.size() == 1) return std::nullopt;
  }
  for (; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return negative ? -value : value;
}

void split_target(const std::string& target, std::string& path, std::map<std::string, std::string>& query) {
  const auto q = target.find('?');
  path = url_decode(std::string_view(target).substr(0, q));
  if (q == std::string::npos) return;
  std::string_view rest = std::string_view(target).substr(q + 1);
  while (!rest.empty()) {
    const auto amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    const auto eq = pair.find('=');
    query[url_decode(pair.substr(0, eq))] = eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
}

void write_eml(const std::filesystem::path& file, const std::string& to, const std::string& subject,
               const std::string& body, std::int64_t sent_at, const std::string& pdf_attachment) {
  const std::string boundary = "fapiao-sandbox-boundary";
  std::string eml = "From: fapiao-sandbox <no-reply@fapiao.sandbox.invalid>\r\nTo: " + to +
                    "\r\nSubject: =?UTF-8?B?" + fapiao::detail::base64(subject) + "?=\r\nDate: " +
                    fapiao::format_rfc3339(fapiao::Timestamp(std::chrono::seconds(sent_at))) +
                    "\r\nMIME-Version: 1.0\r\n";
  const std::string text_part = "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
                                fapiao::detail::base64(body, 76) + "\r\n";
  if (pdf_attachment.empty()) {
    eml += text_part;
  } else {
    eml += "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n--" + boundary + "\r\n" + text_part +
           "--" + boundary +
           "\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=\"fapiao.pdf\"\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n" +
           fapiao::detail::base64(pdf_attachment, 76) + "\r\n--" + boundary + "--\r\n";
  }
  fapiao::detail::write_file_atomically(file, eml, 0600);  // customers' mail: private to the owner
}

}  // namespace sandbox
