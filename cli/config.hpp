// Configuration of the fapiao CLI, by precedence: flags, then environment
// (FAPIAO_ENDPOINT, FAPIAO_CA_FILE, FAPIAO_SESSION_FILE, FAPIAO_INSECURE),
// then the config file (FAPIAO_CONFIG or ~/.config/fapiao/config, KEY=value).
#pragma once

#include <optional>
#include <string>

namespace cli {

struct Config {
  std::string endpoint;
  std::string ca_file;
  std::string session_file;
  bool insecure = false;
};

/// Fills what the flags left empty from the environment, then the file.
Config resolve(Config from_flags);

/// Stores the session text in a file readable only by the user (0600).
void save_session(const std::string& path, const std::string& text);
std::optional<std::string> load_session(const std::string& path);
void forget_session(const std::string& path);

}  // namespace cli
