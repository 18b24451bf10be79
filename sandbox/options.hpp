// How the sandbox was started (fapiao-sandbox's flags, main.cpp).
#pragma once

#include <fapiao/validate.hpp>

#include <filesystem>
#include <string>

namespace sandbox {

struct Options {
  std::filesystem::path data_dir;
  bool virtual_clock = true;
  bool auto_process = false;
  bool strict_uscc = false;
  bool names_only_ordinary = false;
  int pbkdf2_iterations = 120000;
  std::string operator_token;
  bool log_requests = true;
  /// Where the activation mail's link points; the token is appended as
  /// `?token=` (or `&token=`). A partner portal sets its own activation page.
  std::string activation_url = "https://fapiao.sandbox.invalid/activate";

  /// The SDK's validation rules as these switches set them.
  fapiao::ValidationOptions validation() const {
    fapiao::ValidationOptions o;
    o.uscc_mode = strict_uscc ? fapiao::UsccMode::strict : fapiao::UsccMode::lenient;
    o.names_only_ordinary = names_only_ordinary;
    return o;
  }
};

}  // namespace sandbox
