#include <fapiao/validate.hpp>

#include <gtest/gtest.h>

namespace fapiao {
namespace {

std::vector<std::string> codes(const std::vector<FieldError>& list) {
  std::vector<std::string> out;
  for (const auto& e : list) out.push_back(e.code);
  return out;
}

TEST(Normalize, IdentifiersDropSpacesHyphensAndFullWidth) {
  EXPECT_EQ(normalize_identifier(" 9133-0106 67395 9654p "), "91330106673959654P");
  // Full-width digits and letters, ideographic space.
  EXPECT_EQ(normalize_identifier("９１３３０１０６６７３９５９６５４Ｐ"), "91330106673959654P");
  EXPECT_EQ(normalize_identifier("\xE3\x80\x80" "91330106673959654P\xE3\x80\x80"), "91330106673959654P");
  EXPECT_EQ(normalize_identifier("９１３３－０１０６"), "91330106");
}

TEST(Normalize, IsIdempotentEvenOnInvalidUtf8) {
  // Found by fuzz_validate: dropping the hyphen used to join two stray bytes
  // into a full-width 'Ａ', which the next pass turned into 'A'.
  const std::string raw = "\xEF\xBC-\xA1";
  const std::string once = normalize_identifier(raw);
  EXPECT_EQ(normalize_identifier(once), once);
  EXPECT_EQ(once, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // one U+FFFD per stray byte
  EXPECT_FALSE(validate_taxpayer_id(raw, BuyerType::organization, UsccMode::lenient).ok());
}

TEST(Normalize, MobileDropsCountryCode) {
  EXPECT_EQ(normalize_mobile("+86 138-0013-8000"), "13800138000");
  EXPECT_EQ(normalize_mobile("0086 13800138000"), "13800138000");
  EXPECT_EQ(normalize_mobile("＋８６１３８００１３８０００"), "13800138000");
}

TEST(Normalize, PhoneOnlyTrimmedAndHalfWidth) {
  EXPECT_EQ(normalize_phone("  ０２１－２８９８６１０２ "), "021-28986102");
  EXPECT_EQ(normalize_phone("021 2898 6102"), "021 2898 6102");
}

TEST(Normalize, TrimKeepsInnerSpaces) {
  EXPECT_EQ(trim("  上海 有限公司\xE3\x80\x80"), "上海 有限公司");
  EXPECT_EQ(trim("   "), "");
}

TEST(Uscc, SpecExampleIsValid) {
  EXPECT_EQ(uscc_check_character("91330106673959654"), 'P');
  EXPECT_TRUE(is_valid_uscc("91330106673959654P"));
  EXPECT_TRUE(is_valid_uscc("91110000802100433B"));
  EXPECT_TRUE(is_valid_uscc("91310000MA1FL4B24G"));  // letters in the organisation code
  EXPECT_EQ(org_code_check_character("67395965"), '4');
}

TEST(Uscc, OrgCodeCheckCharacterMapsTenAndEleven) {
  EXPECT_EQ(org_code_check_character("00000001"), '9');  // Σ = 2, 11 - 2 = 9
  EXPECT_EQ(org_code_check_character("00000000"), '0');  // Σ = 0, 11 - 0 = 11 -> '0'
  EXPECT_EQ(org_code_check_character("00000006"), 'X');  // Σ = 12, 11 - 1 = 10 -> 'X'
  EXPECT_EQ(org_code_check_character("0000000a"), '\0'); // lower case is not normalised input
}

TEST(Uscc, ChecksumIsAWarningWhenLenientAndAnErrorWhenStrict) {
  const auto lenient = validate_taxpayer_id("91330106673959654Q", BuyerType::organization, UsccMode::lenient);
  EXPECT_TRUE(lenient.ok());
  EXPECT_EQ(codes(lenient.warnings), std::vector<std::string>{"USCC_CHECKSUM"});
  EXPECT_NE(lenient.warnings[0].message.find("'P'"), std::string::npos);

  const auto strict = validate_taxpayer_id("91330106673959654Q", BuyerType::organization, UsccMode::strict);
  EXPECT_FALSE(strict.ok());
  EXPECT_EQ(codes(strict.errors), std::vector<std::string>{"USCC_CHECKSUM"});
}

TEST(Uscc, EmbeddedOrganisationCodeIsChecked) {
  // Position 17 changed from 4 to 5 and the USCC check recomputed: only the
  // organisation code is wrong.
  const auto r = validate_taxpayer_id("91330106673959655T", BuyerType::organization, UsccMode::strict);
  EXPECT_EQ(codes(r.errors), std::vector<std::string>{"ORG_CODE_CHECKSUM"});
  const auto both = validate_taxpayer_id("911100001000024462", BuyerType::organization, UsccMode::lenient);
  EXPECT_EQ(codes(both.warnings), (std::vector<std::string>{"USCC_CHECKSUM", "ORG_CODE_CHECKSUM"}));
}

TEST(Uscc, ForbiddenLettersAreAFormatError) {
  for (const char* bad : {"91330106673959654I", "9133010667395965OP", "S1330106673959654P"}) {
    const auto r = validate_taxpayer_id(bad, BuyerType::organization, UsccMode::lenient);
    EXPECT_EQ(codes(r.errors), std::vector<std::string>{"USCC_FORMAT"}) << bad;
  }
}

TEST(TaxpayerId, NormalisesBeforeChecking) {
  EXPECT_TRUE(validate_taxpayer_id("９１３３ ０１０６-６７３９５９６５４ｐ", BuyerType::organization, UsccMode::strict)
                  .errors.empty());
}

TEST(TaxpayerId, OtherShapesByLength) {
  for (const char* ok : {"110105123456789", "11010512345678901", "11010512345678901234", "31011523A456789"}) {
    const auto r = validate_taxpayer_id(ok, BuyerType::organization, UsccMode::strict);
    EXPECT_TRUE(r.ok() && r.warnings.empty()) << ok;
  }
  for (const char* bad : {"12345", "1101051234567890", "110105123456789012345", "11010512345678!"}) {
    const auto r = validate_taxpayer_id(bad, BuyerType::organization, UsccMode::lenient);
    EXPECT_EQ(codes(r.errors), std::vector<std::string>{"TAXPAYER_ID_FORMAT"}) << bad;
  }
}

TEST(ResidentId, ChecksumAndBirthDate) {
  EXPECT_TRUE(is_valid_resident_id("11010519491231002X"));
  EXPECT_TRUE(is_valid_resident_id("440301199003071230"));
  EXPECT_TRUE(is_valid_resident_id("310115200002294567"));  // 29 Feb 2000 exists
  EXPECT_FALSE(is_valid_resident_id("110105194912310021"));  // wrong check digit
  EXPECT_FALSE(is_valid_resident_id("310115190002294561"));  // 29 Feb 1900 does not exist
  EXPECT_FALSE(is_valid_resident_id("44030119901307123X"));  // month 13
  EXPECT_FALSE(is_valid_resident_id("4403011990030712"));
}

TEST(ResidentId, IndividualsGetResidentIdRule) {
  const auto ok = validate_taxpayer_id("11010519491231002x", BuyerType::individual, UsccMode::strict);
  EXPECT_TRUE(ok.ok());
  const auto bad = validate_taxpayer_id("110105194912310021", BuyerType::individual, UsccMode::lenient);
  EXPECT_EQ(codes(bad.errors), std::vector<std::string>{"RESIDENT_ID_INVALID"});
  // An individual business may hold a USCC.
  EXPECT_TRUE(validate_taxpayer_id("91330106673959654P", BuyerType::individual, UsccMode::strict).ok());
}

TEST(Mobile, Shapes) {
  EXPECT_TRUE(is_valid_mobile(normalize_mobile("+86 139 1234 5678")));
  EXPECT_TRUE(is_valid_mobile("19912345678"));
  EXPECT_FALSE(is_valid_mobile("12912345678"));  // second digit 2
  EXPECT_FALSE(is_valid_mobile("1391234567"));
  EXPECT_FALSE(is_valid_mobile("139123456789"));
  EXPECT_FALSE(is_valid_mobile("2391234567a"));
}

TEST(Landline, Shapes) {
  for (const char* ok : {"021-28986102", "02128986102", "(021)28986102", "0571-8765432", "021 28986102",
                         "021-28986102-123", "021-28986102转8", "010-12345678 ext 99", "0755-1234567#12"}) {
    EXPECT_TRUE(is_valid_landline(ok)) << ok;
  }
  for (const char* bad : {"13800138000", "21-28986102", "021-123456", "021-123456789", "0-12345678",
                          "021-28986102-", "phone"}) {
    EXPECT_FALSE(is_valid_landline(bad)) << bad;
  }
}

TEST(PostalBankEmail, Shapes) {
  EXPECT_TRUE(is_valid_postal_code("200120"));
  EXPECT_FALSE(is_valid_postal_code("20012"));
  EXPECT_FALSE(is_valid_postal_code("20012a"));
  EXPECT_TRUE(is_valid_bank_account("622202"));
  EXPECT_TRUE(is_valid_bank_account(std::string(32, '9')));
  EXPECT_FALSE(is_valid_bank_account("62220"));
  EXPECT_FALSE(is_valid_bank_account(std::string(33, '9')));
  EXPECT_FALSE(is_valid_bank_account("6222 0212"));  // unnormalised
  EXPECT_TRUE(is_valid_email("finance@example.com.cn"));
  EXPECT_TRUE(is_valid_email("a.b+tag@sub-domain.example.cn"));
  for (const char* bad : {"", "no-at.example.com", "a@b", "a@@b.cn", "a b@c.cn", "a@-b.cn", ".a@b.cn",
                          "a..b@c.cn", "a@b.c", "a@b.123"}) {
    EXPECT_FALSE(is_valid_email(bad)) << bad;
  }
}

TEST(GbkLength, CountsBytes) {
  EXPECT_EQ(gbk_length("abc"), 3u);
  EXPECT_EQ(gbk_length("上海"), 4u);
  EXPECT_EQ(gbk_length("世纪互联 Ltd."), 13u);
  EXPECT_EQ(gbk_length(""), 0u);
  EXPECT_FALSE(gbk_length("发票😀"));       // emoji: not in GBK
  EXPECT_FALSE(gbk_length("\xFF\xFE"));   // not UTF-8
  EXPECT_FALSE(gbk_length("\xC0\xAF"));   // overlong
}

TEST(Password, Rule) {
  EXPECT_TRUE(validate_password("abcdefg1").ok());
  EXPECT_FALSE(validate_password("abcdefgh").ok());
  EXPECT_FALSE(validate_password("12345678").ok());
  EXPECT_FALSE(validate_password("abc1").ok());
  EXPECT_FALSE(validate_password(std::string(127, 'a') + "12").ok());
  EXPECT_EQ(validate_password("short", "new_password").errors.at(0).field, "new_password");
  EXPECT_EQ(validate_password("short").errors.at(0).code, "WEAK_PASSWORD");
}

}  // namespace
}  // namespace fapiao
