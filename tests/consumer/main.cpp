// A consumer of fapiao, compiled as C++17: validation, money, and a client
// whose bad endpoint is reported as a typed error (no network needed).
#include <fapiao/fapiao.hpp>

#include <iostream>

int main() {
  const bool valid = fapiao::is_valid_uscc("91330106673959654P");
  fapiao::ClientOptions options;
  options.endpoint = "http://not-https.example";
  fapiao::Client client(options);
  const auto r = client.resend_activation("a@example.cn");
  std::cout << "fapiao " << fapiao::version() << " " << fapiao::format_yuan(123456) << " uscc=" << valid
            << " error=" << fapiao::to_string(r.error().code) << "\n";
  return valid && !r && r.error().code == fapiao::ErrorCode::invalid_argument ? 0 : 1;
}
