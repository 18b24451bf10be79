// Passwords for the CLI, never from the command line (argv is visible in ps
// and kept in shell history): a prompt without echo on a terminal, the lines
// of standard input with --password-stdin (as docker login does), or an
// environment variable for scripts.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace cli {

/// Where the passwords of one command come from.
struct SecretSource {
  bool from_stdin = false;  // --password-stdin: one password per line, in the order asked
};

/// One password: the next line of standard input (--password-stdin), else
/// the environment variable `env_name` if set, else a prompt on the terminal
/// without echo (`label`, asked twice when `confirm`). Throws CLI::ValidationError
/// with what to do when none of them can give one.
std::string read_secret(const SecretSource& source, const char* env_name, const std::string& label, bool confirm);

}  // namespace cli
