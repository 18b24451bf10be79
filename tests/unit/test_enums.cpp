#include <fapiao/enums.hpp>

#include <gtest/gtest.h>

namespace fapiao {
namespace {

template <typename E>
void expect_round_trip_of_every_known_value() {
  for (std::size_t i = 0; i < EnumNames<E>::names.size(); ++i) {
    const auto value = static_cast<E>(i + 1);
    const auto parsed = OpenEnum<E>::from_wire(to_wire(value));
    EXPECT_EQ(parsed, value);
    EXPECT_EQ(parsed.wire(), EnumNames<E>::names[i]);
    EXPECT_TRUE(parsed.is_known());
  }
}

TEST(OpenEnum, EveryKnownValueRoundTrips) {
  expect_round_trip_of_every_known_value<AccountStatus>();
  expect_round_trip_of_every_known_value<PaymentMethod>();
  expect_round_trip_of_every_known_value<BillState>();
  expect_round_trip_of_every_known_value<BuyerType>();
  expect_round_trip_of_every_known_value<OrganizationKind>();
  expect_round_trip_of_every_known_value<DeliveryMethod>();
  expect_round_trip_of_every_known_value<InvoiceKind>();
  expect_round_trip_of_every_known_value<RequestStatus>();
  expect_round_trip_of_every_known_value<AnnouncementCategory>();
  expect_round_trip_of_every_known_value<TicketType>();
  expect_round_trip_of_every_known_value<TicketStatus>();
  expect_round_trip_of_every_known_value<MailKind>();
}

TEST(OpenEnum, NamesMatchTheContract) {
  EXPECT_EQ(to_wire(RequestStatus::ready_for_pickup), "READY_FOR_PICKUP");
  EXPECT_EQ(to_wire(DeliveryMethod::sf_freight_collect), "SF_FREIGHT_COLLECT");
  EXPECT_EQ(to_wire(InvoiceKind::digital_special), "DIGITAL_SPECIAL");
  EXPECT_EQ(to_wire(RequestStatus::reversed), "REVERSED");
}

TEST(OpenEnum, UnknownValuesAreKeptVerbatim) {
  const auto status = OpenEnum<RequestStatus>::from_wire("RETURNED_TO_SENDER");
  EXPECT_EQ(status.value(), RequestStatus::unknown);
  EXPECT_FALSE(status.is_known());
  EXPECT_FALSE(status.empty());
  EXPECT_EQ(status.wire(), "RETURNED_TO_SENDER");
  EXPECT_NE(status, RequestStatus::unknown);  // unknown-but-present is not the unknown enumerator
  EXPECT_NE(status, OpenEnum<RequestStatus>::from_wire("OTHER_NEW"));
  EXPECT_EQ(status, OpenEnum<RequestStatus>::from_wire("RETURNED_TO_SENDER"));
}

TEST(OpenEnum, DefaultIsUnset) {
  const OpenEnum<BillState> unset;
  EXPECT_TRUE(unset.empty());
  EXPECT_EQ(unset.wire(), "");
  EXPECT_EQ(unset, BillState::unknown);
}

TEST(OpenEnum, CaseMatters) {
  EXPECT_FALSE(OpenEnum<BillState>::from_wire("uninvoiced").is_known());
}

TEST(Labels, ChineseStatusLabels) {
  EXPECT_EQ(status_label(RequestStatus::printed), "已打印");
  EXPECT_EQ(status_label(RequestStatus::shipped), "已寄出");
  EXPECT_EQ(status_label(RequestStatus::ready_for_pickup), "待自取");
  EXPECT_EQ(status_label(RequestStatus::issued), "已开具");
  EXPECT_EQ(status_label(RequestStatus::unknown), "");
  for (std::size_t i = 1; i <= EnumNames<RequestStatus>::names.size(); ++i) {
    EXPECT_FALSE(status_label(static_cast<RequestStatus>(i)).empty()) << i;
  }
  EXPECT_EQ(kind_label(InvoiceKind::vat_special), "增值税专用发票");
}

TEST(OpenEnum, KnownValuesAreEveryEnumeratorButUnknownInOrder) {
  constexpr auto kinds = known_values<InvoiceKind>();
  static_assert(kinds.size() == 4);
  EXPECT_EQ(kinds.front(), InvoiceKind::vat_ordinary);
  EXPECT_EQ(kinds.back(), InvoiceKind::digital_special);
  for (const auto status : known_values<RequestStatus>()) EXPECT_TRUE(OpenEnum<RequestStatus>(status).is_known());
}

TEST(Kinds, PaperDigitalSpecial) {
  EXPECT_TRUE(is_paper(InvoiceKind::vat_ordinary));
  EXPECT_FALSE(is_paper(InvoiceKind::digital_ordinary));
  EXPECT_TRUE(is_digital(InvoiceKind::digital_special));
  EXPECT_TRUE(is_special(InvoiceKind::vat_special));
  EXPECT_TRUE(is_special(InvoiceKind::digital_special));
  EXPECT_FALSE(is_special(InvoiceKind::vat_ordinary));
  EXPECT_FALSE(is_paper(InvoiceKind::unknown) || is_digital(InvoiceKind::unknown));
}

}  // namespace
}  // namespace fapiao
