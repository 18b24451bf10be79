// Small helpers for the sandbox: clock, text, files.
#pragma once

#include <fapiao/time.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sandbox {

/// Real time, Unix seconds.
std::int64_t unix_now();
/// Unix seconds (the database's and the clock's unit) to and from the models' timestamps.
inline fapiao::Timestamp ts(std::int64_t seconds) { return fapiao::Timestamp(std::chrono::seconds(seconds)); }
inline std::int64_t secs(fapiao::Timestamp t) { return t.time_since_epoch().count(); }
inline std::string rfc3339(std::int64_t seconds) { return fapiao::format_rfc3339(ts(seconds)); }
bool iequals(std::string_view a, std::string_view b);
/// The text, or nullopt when it is empty (a NULL column for an absent value).
std::optional<std::string> unless_empty(std::string text);
/// A whole decimal number, nothing else.
std::optional<std::int64_t> parse_int(std::string_view text);
/// Splits "/v1/bills?limit=5&state=X" into the path and the decoded query.
void split_target(const std::string& target, std::string& path, std::map<std::string, std::string>& query);
/// Writes a mail as an RFC 5322 .eml file (UTF-8, base64 parts), with an
/// optional PDF attachment.
void write_eml(const std::filesystem::path& file, const std::string& to, const std::string& subject,
               const std::string& body, std::int64_t sent_at, const std::string& pdf_attachment);

}  // namespace sandbox
