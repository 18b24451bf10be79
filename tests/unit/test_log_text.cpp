// Log lines cannot be forged: control characters from the network are escaped
// before any line reaches the SDK's log callback or the sandbox's log.
#include "core/log_text.hpp"
#include "fake_transport.hpp"

#include <fapiao/client.hpp>

#include <gtest/gtest.h>

#include <mutex>

namespace fapiao::detail {
namespace {

TEST(LogText, EscapesControlCharactersAndKeepsChineseText) {
  EXPECT_EQ(printable("GET /v1/bills 200"), "GET /v1/bills 200");
  EXPECT_EQ(printable("a\nFORGED 200\r"), "a\\x0aFORGED 200\\x0d");
  EXPECT_EQ(printable("\x1b[2Jcls"), "\\x1b[2Jcls");
  EXPECT_EQ(printable("tab\there\x7f"), "tab\\x09here\\x7f");
  EXPECT_EQ(printable("back\\slash"), "back\\\\slash");  // so an escape in the input cannot pass for ours
  EXPECT_EQ(printable("上海示例科技有限公司"), "上海示例科技有限公司");
  EXPECT_EQ(printable("\xC2\x9B" "31m"), "\\xc2\\x9b31m");  // C1 CSI, encoded as UTF-8
  EXPECT_EQ(printable(std::string("nul\0byte", 8)), "nul\\x00byte");
}

TEST(LogText, AServerMessageCannotForgeALineOfTheSdkLog) {
  auto t = std::make_shared<testing_support::FakeTransport>();
  t->reply(409, R"({"error":{"code":"CONFLICT\nFAKE INFO line","message":"m\r\nsecond","request_id":"r","retryable":false,"details":{}}})");
  ClientOptions o;
  o.endpoint = "https://fapiao.example";
  o.retry.max_attempts = 1;
  o.log_level = LogLevel::debug;
  std::mutex m;
  std::vector<std::string> lines;
  o.log = [&](LogLevel, std::string_view line) {
    std::lock_guard lock(m);
    lines.emplace_back(line);
  };
  Client client(o, t);
  EXPECT_FALSE(client.get_account(Session{"tok", {}, false, {}}));
  ASSERT_FALSE(lines.empty());
  for (const auto& line : lines) {
    EXPECT_EQ(line.find('\n'), std::string::npos) << line;
    EXPECT_EQ(line.find('\r'), std::string::npos) << line;
  }
}

}  // namespace
}  // namespace fapiao::detail
