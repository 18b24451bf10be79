#include "client/file_name.hpp"

#include "core/encoding.hpp"

#include <optional>

namespace fapiao::detail {
namespace {

constexpr std::size_t kMaxFileName = 255;  // bytes: NAME_MAX on Linux

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

/// The value of parameter `name` ("filename" or "filename*"), unquoted.
std::optional<std::string> parameter(std::string_view header, std::string_view name) {
  std::size_t i = header.find(';');
  while (i != std::string_view::npos && i < header.size()) {
    ++i;
    while (i < header.size() && (header[i] == ' ' || header[i] == '\t')) ++i;
    const std::size_t eq = header.find('=', i);
    if (eq == std::string_view::npos) return std::nullopt;
    std::string_view key = header.substr(i, eq - i);
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t')) key.remove_suffix(1);
    bool same = key.size() == name.size();
    for (std::size_t k = 0; same && k < key.size(); ++k) same = lower(key[k]) == name[k];
    std::size_t v = eq + 1;
    while (v < header.size() && (header[v] == ' ' || header[v] == '\t')) ++v;
    std::string value;
    if (v < header.size() && header[v] == '"') {  // quoted-string with \-escapes
      for (++v; v < header.size() && header[v] != '"'; ++v) {
        if (header[v] == '\\' && v + 1 < header.size()) ++v;
        value += header[v];
      }
      i = header.find(';', v);
    } else {
      const std::size_t end = header.find(';', v);
      value = std::string(header.substr(v, end == std::string_view::npos ? std::string_view::npos : end - v));
      while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.pop_back();
      i = end;
    }
    if (same) return value;
  }
  return std::nullopt;
}

/// RFC 5987 ext-value: charset'language'percent-encoded; UTF-8 only.
std::optional<std::string> decode_ext_value(std::string_view value) {
  const std::size_t first = value.find('\'');
  if (first == std::string_view::npos) return std::nullopt;
  const std::size_t second = value.find('\'', first + 1);
  if (second == std::string_view::npos) return std::nullopt;
  std::string charset(value.substr(0, first));
  for (auto& c : charset) c = lower(c);
  if (charset != "utf-8") return std::nullopt;
  return percent_decode(value.substr(second + 1), false);
}

bool reserved(unsigned char c) {
  return c < 0x20 || c == 0x7F || c == '<' || c == '>' || c == ':' || c == '"' || c == '|' || c == '?' || c == '*';
}

}  // namespace

std::string safe_base_name(std::string_view name) {
  if (const auto slash = name.find_last_of("/\\"); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  std::string out;
  for (const char c : name) {
    if (!reserved(static_cast<unsigned char>(c))) out += c;
  }
  const auto first = out.find_first_not_of(". ");
  out.erase(0, first == std::string::npos ? out.size() : first);  // no hidden files, no "..", no leading space
  while (!out.empty() && (out.back() == ' ' || out.back() == '.')) out.pop_back();
  if (out.size() > kMaxFileName) {
    std::size_t cut = kMaxFileName;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;  // whole UTF-8 characters
    out.resize(cut);
  }
  return out;
}

std::string safe_file_name(std::string_view content_disposition, std::string_view fallback) {
  std::string name;
  if (auto extended = parameter(content_disposition, "filename*")) {
    if (auto decoded = decode_ext_value(*extended)) name = safe_base_name(*decoded);
  }
  if (name.empty()) {
    if (auto plain = parameter(content_disposition, "filename")) name = safe_base_name(*plain);
  }
  if (name.empty()) name = safe_base_name(fallback);
  return name.empty() ? std::string("document") : name;
}

}  // namespace fapiao::detail
