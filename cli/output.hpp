// Output of the fapiao CLI: aligned tables (Chinese text measured by its
// display width) for people, JSON for scripts.
#pragma once

#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace cli {

/// Columns a terminal uses for the text: East Asian wide characters count 2.
std::size_t display_width(std::string_view utf8);

class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void add(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

/// "key: value" lines with the keys aligned.
void print_fields(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& fields);

}  // namespace cli
