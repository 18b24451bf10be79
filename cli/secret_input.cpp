#include "secret_input.hpp"

#include <CLI/CLI.hpp>

#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace cli {
namespace {

/// Echo off on the terminal for as long as it lives; restored however we leave.
class EchoOff {
 public:
  EchoOff() {
    if (tcgetattr(STDIN_FILENO, &saved_) != 0) return;
    termios quiet = saved_;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    quiet.c_lflag |= ECHONL;
    active_ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
  }
  ~EchoOff() {
    if (active_) tcsetattr(STDIN_FILENO, TCSANOW, &saved_);  // keep what was typed ahead
  }
  EchoOff(const EchoOff&) = delete;
  EchoOff& operator=(const EchoOff&) = delete;

 private:
  termios saved_{};
  bool active_ = false;
};

std::optional<std::string> prompt(const std::string& label) {
  // Echo goes off before the prompt appears: whatever is typed once it shows
  // is never echoed (nor discarded by the TCSAFLUSH that turns echo off).
  EchoOff quiet;
  std::cerr << label << ": " << std::flush;
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

std::string read_secret(const SecretSource& source, const char* env_name, const std::string& label, bool confirm) {
  if (source.from_stdin) {
    std::string line;
    if (!std::getline(std::cin, line)) {
      throw CLI::ValidationError("--password-stdin", "standard input ended before the " + label + " was read");
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
  }
  if (const char* value = std::getenv(env_name); value != nullptr && *value != '\0') return value;
  if (!isatty(STDIN_FILENO)) {
    throw CLI::ValidationError(label, std::string("no password given: pipe it with --password-stdin or set ") + env_name +
                                          " (passwords are never taken on the command line)");
  }
  auto first = prompt(label);
  if (!first) throw CLI::ValidationError(label, "no password was typed");
  if (confirm) {
    auto again = prompt("Repeat the " + label);
    if (!again || *again != *first) throw CLI::ValidationError(label, "the two passwords typed differ");
  }
  return *first;
}

}  // namespace cli
