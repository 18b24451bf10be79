// The SDK's logging: the user's callback behind a level check. Messages are
// composed by the SDK from allow-listed parts only (see redact.hpp).
#pragma once

#include "core/log_text.hpp"

#include <fapiao/options.hpp>

#include <string>

namespace fapiao::detail {

class Logger {
 public:
  Logger(LogCallback callback, LogLevel level) : callback_(std::move(callback)), level_(level) {}
  bool enabled(LogLevel level) const { return callback_ && level >= level_ && level != LogLevel::off; }
  /// Control characters in the message (a server's text, a path) are
  /// escaped, so no value can forge a line of the user's log.
  void log(LogLevel level, const std::string& message) const {
    if (enabled(level)) callback_(level, printable(message));
  }

 private:
  LogCallback callback_;
  LogLevel level_;
};

}  // namespace fapiao::detail
