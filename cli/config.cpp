#include "config.hpp"

#include "core/private_file.hpp"

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

namespace cli {
namespace {

std::string home_path(const std::string& rest) {
  const char* home = std::getenv("HOME");
  return std::string(home ? home : ".") + "/" + rest;
}

std::map<std::string, std::string> read_file(const std::string& path) {
  std::map<std::string, std::string> values;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(" \t"));
      s.erase(s.find_last_not_of(" \t\r") + 1);
      return s;
    };
    values[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
  }
  return values;
}

void fill(std::string& field, const char* env, const std::map<std::string, std::string>& file, const char* key) {
  if (!field.empty()) return;
  if (const char* v = std::getenv(env); v && *v) {
    field = v;
  } else if (const auto it = file.find(key); it != file.end()) {
    field = it->second;
  }
}

}  // namespace

Config resolve(Config c) {
  const char* config_path = std::getenv("FAPIAO_CONFIG");
  const auto file = read_file(config_path ? config_path : home_path(".config/fapiao/config"));
  fill(c.endpoint, "FAPIAO_ENDPOINT", file, "endpoint");
  fill(c.ca_file, "FAPIAO_CA_FILE", file, "ca_file");
  fill(c.session_file, "FAPIAO_SESSION_FILE", file, "session_file");
  if (c.session_file.empty()) c.session_file = home_path(".config/fapiao/session");
  if (!c.insecure) {
    std::string insecure;
    fill(insecure, "FAPIAO_INSECURE", file, "insecure");
    c.insecure = insecure == "1" || insecure == "true";
  }
  return c;
}

void save_session(const std::string& path, const std::string& text) {
  const auto parent = std::filesystem::path(path).parent_path();
  // A missing folder is made 0700; an existing one (/tmp, say) is left as it is.
  if (!parent.empty() && !std::filesystem::exists(parent)) fapiao::detail::ensure_private_directory(parent, false);
  // Created 0600 exclusively beside the target, fsynced, renamed: never
  // readable by others, not even for a moment, and never half-written.
  fapiao::detail::write_file_atomically(path, text + "\n", 0600);
}

std::optional<std::string> load_session(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  if (!in || !std::getline(in, text) || text.empty()) return std::nullopt;
  return text;
}

void forget_session(const std::string& path) {
  std::error_code ignored;
  std::filesystem::remove(path, ignored);
}

}  // namespace cli
