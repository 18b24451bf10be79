#include "domain/text.hpp"

#include <fapiao/validate.hpp>

#include <iconv.h>

#include <cerrno>
#include <vector>

namespace fapiao::detail {

long next_code_point(std::string_view text, std::size_t& pos) noexcept {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[i]); };
  const unsigned char lead = byte(pos);
  std::size_t length = 0;
  long cp = 0;
  long minimum = 0;
  if (lead < 0x80) {
    ++pos;
    return lead;
  } else if ((lead & 0xE0) == 0xC0) {
    length = 2, cp = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, cp = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, cp = lead & 0x07, minimum = 0x10000;
  } else {
    ++pos;
    return -1;
  }
  if (pos + length > text.size()) {
    ++pos;
    return -1;
  }
  for (std::size_t i = 1; i < length; ++i) {
    const unsigned char c = byte(pos + i);
    if ((c & 0xC0) != 0x80) {
      ++pos;
      return -1;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
  if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++pos;
    return -1;
  }
  pos += length;
  return cp;
}

void append_utf8(std::string& out, long cp) {
  const auto put = [&](long v) { out += static_cast<char>(static_cast<unsigned char>(v)); };
  if (cp < 0x80) {
    put(cp);
  } else if (cp < 0x800) {
    put(0xC0 | (cp >> 6)), put(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    put(0xE0 | (cp >> 12)), put(0x80 | ((cp >> 6) & 0x3F)), put(0x80 | (cp & 0x3F));
  } else {
    put(0xF0 | (cp >> 18)), put(0x80 | ((cp >> 12) & 0x3F)), put(0x80 | ((cp >> 6) & 0x3F)), put(0x80 | (cp & 0x3F));
  }
}

bool is_valid_utf8(std::string_view text) noexcept {
  for (std::size_t pos = 0; pos < text.size();) {
    if (next_code_point(text, pos) < 0) return false;
  }
  return true;
}

std::size_t code_point_count(std::string_view text) noexcept {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); ++count) next_code_point(text, pos);
  return count;
}

long to_half_width(long cp) noexcept {
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFF01 + 0x21;
  if (cp == 0x3000) return ' ';
  return cp;
}

}  // namespace fapiao::detail

namespace fapiao {
namespace {

bool is_space(long cp) noexcept { return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0x3000; }

// Rewrites text code point by code point; `keep` decides on each half-width
// code point. Invalid bytes become U+FFFD, which no identifier accepts.
template <typename Keep>
std::string rewrite(std::string_view text, bool upper, Keep keep) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    long cp = detail::next_code_point(text, pos);
    if (cp < 0) {
      // An invalid byte becomes U+FFFD: passing it through could let a later
      // pass join it with its neighbours into a different character, so
      // normalising twice would not give the same text.
      detail::append_utf8(out, 0xFFFD);
      continue;
    }
    cp = detail::to_half_width(cp);
    if (!keep(cp)) continue;
    if (upper && cp >= 'a' && cp <= 'z') cp -= 'a' - 'A';
    detail::append_utf8(out, cp);
  }
  return out;
}

}  // namespace

std::string trim(std::string_view text) {
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (begin < end) {
    std::size_t pos = begin;
    if (!is_space(detail::next_code_point(text, pos))) break;
    begin = pos;
  }
  // Walk back over trailing spaces: ASCII is one byte, U+3000 is E3 80 80.
  while (end > begin) {
    if (text[end - 1] == ' ' || text[end - 1] == '\t' || text[end - 1] == '\n' || text[end - 1] == '\r') {
      --end;
    } else if (end - begin >= 3 && text.substr(end - 3, 3) == "\xE3\x80\x80") {
      end -= 3;
    } else {
      break;
    }
  }
  return std::string(text.substr(begin, end - begin));
}

std::string normalize_identifier(std::string_view text) {
  return rewrite(text, true, [](long cp) { return !is_space(cp) && cp != '-'; });
}

std::string normalize_mobile(std::string_view text) {
  std::string digits = normalize_identifier(text);
  if (digits.rfind("+86", 0) == 0) {
    digits.erase(0, 3);
  } else if (digits.rfind("0086", 0) == 0) {
    digits.erase(0, 4);
  }
  return digits;
}

std::string normalize_phone(std::string_view text) {
  return trim(rewrite(text, false, [](long) { return true; }));
}

std::optional<std::size_t> gbk_length(std::string_view utf8) {
  if (!detail::is_valid_utf8(utf8)) return std::nullopt;
  std::size_t ascii = 0;
  bool all_ascii = true;
  for (const char c : utf8) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      all_ascii = false;
      break;
    }
    ++ascii;
  }
  if (all_ascii) return ascii;

  // glibc's iconv knows GBK; one converter per thread, reset before each use,
  // and closed when the thread ends (threads come and go: an AsyncClient's
  // I/O thread validates too, and leak checkers see an unclosed converter).
  struct Converter {
    iconv_t handle = iconv_open("GBK", "UTF-8");
    ~Converter() {
      if (handle != reinterpret_cast<iconv_t>(-1)) iconv_close(handle);
    }
  };
  thread_local const Converter owned;
  const iconv_t converter = owned.handle;
  if (converter == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  iconv(converter, nullptr, nullptr, nullptr, nullptr);
  std::vector<char> input(utf8.begin(), utf8.end());
  char* in = input.data();
  std::size_t in_left = input.size();
  std::size_t total = 0;
  char buffer[256];
  while (in_left > 0) {
    char* out = buffer;
    std::size_t out_left = sizeof buffer;
    const std::size_t rc = iconv(converter, &in, &in_left, &out, &out_left);
    total += sizeof buffer - out_left;
    if (rc == static_cast<std::size_t>(-1) && errno != E2BIG) return std::nullopt;  // EILSEQ: not in GBK
  }
  return total;
}

}  // namespace fapiao
