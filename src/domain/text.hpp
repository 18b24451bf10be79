// UTF-8 helpers shared by normalisation and validation.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fapiao::detail {

/// Decodes the code point at text[pos] and advances pos; returns -1 for an
/// invalid sequence (pos then advances by one byte).
long next_code_point(std::string_view text, std::size_t& pos) noexcept;

/// Appends a code point as UTF-8.
void append_utf8(std::string& out, long code_point);

/// True for well-formed UTF-8.
bool is_valid_utf8(std::string_view text) noexcept;

/// Number of code points (invalid bytes count one each).
std::size_t code_point_count(std::string_view text) noexcept;

/// Full-width ASCII (U+FF01..U+FF5E) to ASCII, ideographic space to space.
long to_half_width(long code_point) noexcept;

}  // namespace fapiao::detail
