// The status machine of fapiao/lifecycle.hpp against the spec's diagram,
// transition by transition.
#include <fapiao/lifecycle.hpp>

#include <gtest/gtest.h>

#include <set>
#include <tuple>

namespace {

using fapiao::DeliveryMethod;
using fapiao::InvoiceKind;
using S = fapiao::RequestStatus;

std::vector<S> all_statuses() {
  const auto known = fapiao::known_values<S>();
  return {known.begin(), known.end()};
}

// Every (from, to) the issuer may take for one kind and delivery.
std::set<std::pair<S, S>> advances(InvoiceKind kind, DeliveryMethod method) {
  std::set<std::pair<S, S>> out;
  for (const S from : all_statuses()) {
    for (const S to : all_statuses()) {
      if (fapiao::can_advance(from, to, kind, method)) out.insert({from, to});
    }
  }
  return out;
}

TEST(Lifecycle, CourierPaperFollowsPrintedShippedDelivered) {
  const std::set<std::pair<S, S>> expected{{S::submitted, S::processing}, {S::processing, S::printed},
                                           {S::printed, S::shipped},       {S::shipped, S::delivered},
                                           {S::submitted, S::rejected},    {S::processing, S::rejected}};
  EXPECT_EQ(advances(InvoiceKind::vat_special, DeliveryMethod::yunda), expected);
  EXPECT_EQ(advances(InvoiceKind::vat_ordinary, DeliveryMethod::sf_freight_collect), expected);
  EXPECT_EQ(fapiao::status_path(InvoiceKind::vat_ordinary, DeliveryMethod::yunda),
            (std::vector<S>{S::submitted, S::processing, S::printed, S::shipped, S::delivered}));
}

TEST(Lifecycle, PickupPaperWaitsForTheCustomer) {
  const std::set<std::pair<S, S>> expected{{S::submitted, S::processing}, {S::processing, S::printed},
                                           {S::printed, S::ready_for_pickup}, {S::ready_for_pickup, S::picked_up},
                                           {S::submitted, S::rejected},    {S::processing, S::rejected}};
  EXPECT_EQ(advances(InvoiceKind::vat_ordinary, DeliveryMethod::self_pickup), expected);
  EXPECT_FALSE(fapiao::back_office_moves(S::ready_for_pickup));
  EXPECT_FALSE(fapiao::back_office_moves(S::shipped));
  EXPECT_TRUE(fapiao::back_office_moves(S::printed));
}

TEST(Lifecycle, DigitalKindsAreIssuedAndEmailed) {
  const std::set<std::pair<S, S>> expected{{S::submitted, S::processing}, {S::processing, S::issued},
                                           {S::issued, S::delivered},      {S::submitted, S::rejected},
                                           {S::processing, S::rejected}};
  EXPECT_EQ(advances(InvoiceKind::digital_ordinary, DeliveryMethod::email), expected);
  EXPECT_EQ(fapiao::next_status(S::processing, InvoiceKind::digital_special, DeliveryMethod::email), S::issued);
}

TEST(Lifecycle, ADeliveryTheKindDoesNotAllowHasNoPath) {
  EXPECT_TRUE(fapiao::status_path(InvoiceKind::digital_ordinary, DeliveryMethod::yunda).empty());
  EXPECT_TRUE(fapiao::status_path(InvoiceKind::vat_ordinary, DeliveryMethod::email).empty());
  EXPECT_FALSE(fapiao::can_advance(S::processing, S::printed, InvoiceKind::vat_ordinary, DeliveryMethod::email));
  EXPECT_FALSE(fapiao::can_advance(S::submitted, S::processing, InvoiceKind::unknown, DeliveryMethod::yunda));
}

TEST(Lifecycle, TitleChangeNeedsAnIssuedInvoice) {
  for (const S s : all_statuses()) {
    const bool paper = s == S::printed || s == S::shipped || s == S::ready_for_pickup || s == S::picked_up ||
                       s == S::delivered;
    const bool digital = s == S::issued || s == S::delivered;
    EXPECT_EQ(fapiao::can_change_title(s, InvoiceKind::vat_ordinary), paper) << fapiao::to_wire(s);
    EXPECT_EQ(fapiao::can_change_title(s, InvoiceKind::digital_special), digital) << fapiao::to_wire(s);
  }
  EXPECT_TRUE(fapiao::title_change_awaits_return(InvoiceKind::vat_special));
  EXPECT_FALSE(fapiao::title_change_awaits_return(InvoiceKind::digital_ordinary));
}

TEST(Lifecycle, OnlyIssuedDigitalRequestsHaveADocument) {
  EXPECT_TRUE(fapiao::has_document(S::issued, InvoiceKind::digital_ordinary));
  EXPECT_TRUE(fapiao::has_document(S::reversed, InvoiceKind::digital_ordinary));
  EXPECT_FALSE(fapiao::has_document(S::processing, InvoiceKind::digital_ordinary));
  EXPECT_FALSE(fapiao::has_document(S::delivered, InvoiceKind::vat_ordinary));
}

TEST(Lifecycle, FinalStatusesAndCancel) {
  EXPECT_EQ(fapiao::final_statuses(),
            (std::vector<S>{S::delivered, S::picked_up, S::rejected, S::cancelled, S::reversed}));
  EXPECT_FALSE(fapiao::is_final(S::issued));
  EXPECT_FALSE(fapiao::is_final(S::awaiting_return));
  for (const S s : all_statuses()) EXPECT_EQ(fapiao::can_cancel(s), s == S::submitted) << fapiao::to_wire(s);
  // Every path ends in a final status and passes through none before.
  for (const auto& [kind, method] : {std::pair{InvoiceKind::vat_ordinary, DeliveryMethod::yunda},
                                     std::pair{InvoiceKind::vat_ordinary, DeliveryMethod::self_pickup},
                                     std::pair{InvoiceKind::digital_ordinary, DeliveryMethod::email}}) {
    const auto path = fapiao::status_path(kind, method);
    ASSERT_FALSE(path.empty());
    EXPECT_TRUE(fapiao::is_final(path.back()));
    for (std::size_t i = 0; i + 1 < path.size(); ++i) EXPECT_FALSE(fapiao::is_final(path[i]));
  }
}

TEST(Lifecycle, AnnouncementsWithNoKindsAffectEveryKind) {
  fapiao::Announcement a;
  EXPECT_TRUE(fapiao::announcement_affects(a, InvoiceKind::vat_special));
  a.affects_kinds = {InvoiceKind::vat_special};
  EXPECT_TRUE(fapiao::announcement_affects(a, InvoiceKind::vat_special));
  EXPECT_FALSE(fapiao::announcement_affects(a, InvoiceKind::vat_ordinary));
}

}  // namespace
