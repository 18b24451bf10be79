// Document file names from Content-Disposition: a base name only, so a
// hostile server cannot choose where a download is written.
#include "client/file_name.hpp"

#include "fake_transport.hpp"

#include <fapiao/client.hpp>

#include <gtest/gtest.h>

namespace fapiao::detail {
namespace {

TEST(SafeFileName, KeepsAnOrdinaryName) {
  EXPECT_EQ(safe_file_name(R"(attachment; filename="fapiao-ir_1.pdf")", "x.pdf"), "fapiao-ir_1.pdf");
  EXPECT_EQ(safe_file_name("attachment; filename=plain.pdf", "x.pdf"), "plain.pdf");
}

TEST(SafeFileName, StripsDirectoriesAndParentReferences) {
  EXPECT_EQ(safe_file_name(R"(attachment; filename="../escaped.pdf")", "x.pdf"), "escaped.pdf");
  EXPECT_EQ(safe_file_name(R"(attachment; filename="/etc/cron.d/evil")", "x.pdf"), "evil");
  EXPECT_EQ(safe_file_name(R"(attachment; filename="..\\..\\win.pdf")", "x.pdf"), "win.pdf");
  EXPECT_EQ(safe_file_name(R"(attachment; filename="..")", "ir_1.pdf"), "ir_1.pdf");
  EXPECT_EQ(safe_file_name(R"(attachment; filename="sub/")", "ir_1.pdf"), "ir_1.pdf");
}

TEST(SafeFileName, DropsControlAndReservedCharactersAndLeadingDots) {
  EXPECT_EQ(safe_file_name("attachment; filename=\".bashrc\"", "x.pdf"), "bashrc");
  EXPECT_EQ(safe_file_name("attachment; filename=\"a\r\nb\x1b[31m.pdf\"", "x.pdf"), "ab[31m.pdf");
  EXPECT_EQ(safe_file_name(R"(attachment; filename="C:a|b?.pdf")", "x.pdf"), "Cab.pdf");
  EXPECT_EQ(safe_file_name(R"(attachment; filename="   . ")", "ir_9.pdf"), "ir_9.pdf");
}

TEST(SafeFileName, PrefersTheExtendedUtf8Form) {
  EXPECT_EQ(safe_file_name("attachment; filename=\"fallback.pdf\"; filename*=UTF-8''%E5%8F%91%E7%A5%A8.pdf", "x"),
            "\xE5\x8F\x91\xE7\xA5\xA8.pdf");  // 发票.pdf
  EXPECT_EQ(safe_file_name("attachment; filename*=UTF-8''..%2F..%2Fup.pdf", "x"), "up.pdf");
}

TEST(SafeFileName, IsAtMost255BytesOfWholeCharacters) {
  std::string long_name;
  for (int i = 0; i < 200; ++i) long_name += "\xE5\x8F\x91";  // 600 bytes
  const auto name = safe_file_name("attachment; filename=\"" + long_name + "\"", "x");
  EXPECT_LE(name.size(), 255u);
  EXPECT_EQ(name.size() % 3, 0u);
}

TEST(SafeFileName, TheFallbackIsMadeSafeToo) {
  EXPECT_EQ(safe_file_name("", "../../ir_1.pdf"), "ir_1.pdf");
  EXPECT_EQ(safe_file_name("inline", ".."), "document");
}

TEST(SafeFileName, TheClientsDocumentCarriesOnlyTheBaseName) {
  auto t = std::make_shared<testing_support::FakeTransport>();
  t->reply(200, "%PDF-1.4", {{"Content-Type", "application/pdf"},
                             {"Content-Disposition", R"(attachment; filename="../escaped.pdf")"}});
  ClientOptions o;
  o.endpoint = "https://fapiao.example";
  Client client(o, t);
  auto doc = client.download_invoice_document(Session{"tok", {}, false, {}}, "ir_1");
  ASSERT_TRUE(doc) << doc.error().message;
  EXPECT_EQ(doc->file_name, "escaped.pdf");
}

}  // namespace
}  // namespace fapiao::detail
