// The fapiao CLI's events and webhook commands:
//   fapiao events [--type T] [--follow]         the account's events (following: new ones as they come)
//   fapiao listen --forward-to URL [--events T,...]
//                                               each new event POSTed to a local receiver, signed with a
//                                               local secret printed at start (no public URL needed)
//   fapiao webhooks create|list|delete|rotate   the account's webhook endpoints
#pragma once

#include "report.hpp"

#include <CLI/CLI.hpp>

#include <fapiao/fapiao.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cli {

class EventCommands {
 public:
  /// Declares the commands and their options on `app`.
  void add(CLI::App& app);
  /// Runs the command given, or nullopt when none of these was.
  std::optional<int> run(fapiao::Client& client, const fapiao::Session& session, const Globals& g);

 private:
  int list_events(fapiao::Client& client, const fapiao::Session& session, const Globals& g);
  int follow_events(fapiao::Client& client, const fapiao::Session& session, const Globals& g);
  int listen(fapiao::Client& client, const fapiao::Session& session, const Globals& g);

  CLI::App* events_ = nullptr;
  CLI::App* listen_ = nullptr;
  CLI::App* create_ = nullptr;
  CLI::App* list_ = nullptr;
  CLI::App* delete_ = nullptr;
  CLI::App* rotate_ = nullptr;
  std::string type_, forward_to_, url_, description_, id_;
  std::vector<std::string> event_types_;
  bool follow_ = false;
  double interval_ = 2;
  std::int64_t overlap_ = 86400;
  int max_events_ = 0;  // 0 = until interrupted (tests stop after a count)
};

}  // namespace cli
