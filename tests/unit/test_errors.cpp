#include <fapiao/result.hpp>

#include "core/error_table.hpp"
#include "pipeline/pipeline.hpp"

#include <gtest/gtest.h>

#include <string>

namespace fapiao {
namespace {

Result<int> half(int x) {
  if (x % 2 != 0) return Error(ErrorCode::invalid_argument, "odd");
  return x / 2;
}

TEST(Result, HoldsValueOrError) {
  const auto ok = half(4);
  ASSERT_TRUE(ok);
  EXPECT_EQ(*ok, 2);
  EXPECT_EQ(ok.value_or(9), 2);
  const auto bad = half(3);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::invalid_argument);
  EXPECT_EQ(bad.value_or(9), 9);
}

TEST(Result, ValueThrowsTheError) {
  try {
    (void)half(3).value();
    FAIL() << "no throw";
  } catch (const Error& e) {
    EXPECT_EQ(e.code, ErrorCode::invalid_argument);
    EXPECT_STREQ(e.what(), "odd");
  }
}

TEST(Result, ErrorOnSuccessIsAnInternalErrorNotACrash) {
  const auto ok = half(2);
  EXPECT_EQ(ok.error().code, ErrorCode::internal);
}

TEST(Result, VoidResult) {
  Result<void> ok;
  EXPECT_TRUE(ok);
  EXPECT_NO_THROW(ok.value());
  Result<void> bad = Error(ErrorCode::timeout, "late");
  EXPECT_FALSE(bad);
  EXPECT_THROW(bad.value(), Error);
}

TEST(Result, MoveOnlyFriendly) {
  Result<std::string> r = std::string(1000, 'x');
  std::string taken = std::move(r).value();
  EXPECT_EQ(taken.size(), 1000u);
}

TEST(Error, DescribeHasEverythingForALog) {
  Error e = validation_error({{"buyer.taxpayer_id", "USCC_CHECKSUM", "bad check"}, {"kind", "REQUIRED", "m"}});
  e.request_id = "req_123";
  e.http_status = 422;
  const std::string text = e.describe();
  EXPECT_NE(text.find("invalid_argument VALIDATION_FAILED (HTTP 422)"), std::string::npos) << text;
  EXPECT_NE(text.find("buyer.taxpayer_id: USCC_CHECKSUM"), std::string::npos);
  EXPECT_NE(text.find("req_123"), std::string::npos);
  EXPECT_NE(e.message.find("buyer.taxpayer_id (USCC_CHECKSUM); kind (REQUIRED)"), std::string::npos);
}

TEST(Error, CategoryNamesAreStable) {
  EXPECT_EQ(to_string(ErrorCode::ok), "ok");
  EXPECT_EQ(to_string(ErrorCode::rejected), "rejected");
  EXPECT_EQ(to_string(ErrorCode::tls), "tls");
  EXPECT_EQ(static_cast<int>(ErrorCode::rejected), 15);
}

TEST(ErrorFromResponse, AnEmptyOrMissingMessageStillSaysWhatHappened) {
  HttpResponse response;
  response.status = 429;
  response.body = R"({"error":{"code":"RATE_LIMITED","message":"","retryable":true,"details":{}}})";
  const Error empty = detail::error_from_response(response);
  EXPECT_EQ(empty.service_code, "RATE_LIMITED");
  EXPECT_EQ(empty.message, "The service answered HTTP 429 RATE_LIMITED without a message.");
  response.body = R"({"error":{"code":"RATE_LIMITED"}})";
  EXPECT_FALSE(detail::error_from_response(response).message.empty());
  response.body = R"({"error":{"code":"RATE_LIMITED","message":"Slow down."}})";
  EXPECT_EQ(detail::error_from_response(response).message, "Slow down.");
}

TEST(ErrorTable, ServiceCodesMapToCategories) {
  using detail::category_for;
  EXPECT_EQ(category_for("BILL_ALREADY_INVOICED", 409), ErrorCode::conflict);
  EXPECT_EQ(category_for("IDEMPOTENCY_KEY_REUSED", 409), ErrorCode::idempotency);
  EXPECT_EQ(category_for("VALIDATION_FAILED", 422), ErrorCode::invalid_argument);
  EXPECT_EQ(category_for("EMPTY_SELECTION", 422), ErrorCode::rejected);
  EXPECT_EQ(category_for("ACTIVATION_EXPIRED", 410), ErrorCode::not_found);
  EXPECT_EQ(category_for("TOO_MANY_ATTEMPTS", 429), ErrorCode::rate_limited);
  EXPECT_EQ(category_for("PASSWORD_CHANGE_REQUIRED", 403), ErrorCode::permission_denied);
  // The same code at another status follows the status.
  EXPECT_EQ(category_for("BILL_NOT_YET_AVAILABLE", 404), ErrorCode::not_found);
  EXPECT_EQ(category_for("BILL_NOT_YET_AVAILABLE", 422), ErrorCode::rejected);
  // A code from a newer service falls back on its status.
  EXPECT_EQ(category_for("SOMETHING_NEW", 409), ErrorCode::conflict);
  EXPECT_EQ(category_for("SOMETHING_NEW", 502), ErrorCode::unavailable);
  EXPECT_EQ(category_for("", 418), ErrorCode::protocol);
}

TEST(ErrorTable, RetryableAndStatuses) {
  EXPECT_TRUE(detail::is_retryable("IDEMPOTENCY_KEY_IN_USE", 409));
  EXPECT_TRUE(detail::is_retryable("RATE_LIMITED", 429));
  EXPECT_TRUE(detail::is_retryable("UNAVAILABLE", 503));
  EXPECT_FALSE(detail::is_retryable("IDEMPOTENCY_KEY_REUSED", 409));
  EXPECT_FALSE(detail::is_retryable("VALIDATION_FAILED", 422));
  EXPECT_TRUE(detail::is_retryable("TOO_MANY_ATTEMPTS", 429));
  // No code the table knows: the status decides, from the one list of statuses.
  for (int status : {408, 429, 500, 502, 503, 504}) EXPECT_TRUE(detail::is_retryable("", status)) << status;
  for (int status : {400, 401, 404, 409, 422, 501}) EXPECT_FALSE(detail::is_retryable("", status)) << status;
  EXPECT_EQ(detail::http_status_for("BODY_TOO_LARGE"), 413);
  EXPECT_EQ(detail::http_status_for("NOPE"), 0);
}

}  // namespace
}  // namespace fapiao
