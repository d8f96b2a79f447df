// Registry refusals (R103, R206, R108) at registration and at change, the lifecycle, what
// the daemon records, the filings lifecycle events open, and the audit events.
#include <gtest/gtest.h>

#include "govern/govern_test_util.h"

namespace custos::govern::testing {
namespace {

class RegistryTest : public GovernTest {};

TEST_F(RegistryTest, RegistersACompleteCameraInUse) {
  MemoryAuditSink audit;
  Registry reg = MakeRegistry(D("2026-01-06"), &audit);
  ASSERT_TRUE(reg.Register(TestCamera("gate"), InUseEntry()).ok());
  Result<Camera> c = catalog_->GetCamera("gate");
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->registry);
  EXPECT_EQ(c->registry->site_category, "square");
  EXPECT_EQ(c->registry->latitude, 43.8);
  EXPECT_EQ(c->registry->lifecycle, Lifecycle::kInUse);
  EXPECT_EQ(c->registry->lifecycle_since, "2026-01-06");
  EXPECT_TRUE(IsRecorded(*c));
  ASSERT_EQ(audit.events().size(), 1u);
  EXPECT_EQ(audit.events()[0].action, "camera_change");
  EXPECT_EQ(audit.events()[0].actor, "tester");
  EXPECT_EQ(audit.events()[0].camera_ids, std::vector<std::string>{"gate"});
}

TEST_F(RegistryTest, AFailedWriteIsAuditedAsAnError) {
  MemoryAuditSink audit;
  Registry reg = MakeRegistry(D("2026-01-06"), &audit);
  ASSERT_TRUE(reg.Register(TestCamera("gate"), InUseEntry()).ok());
  EXPECT_EQ(reg.Register(TestCamera("gate"), InUseEntry()).code(), StatusCode::kAlreadyExists);
  ASSERT_EQ(audit.events().size(), 3u);
  EXPECT_EQ(audit.events()[2].outcome, "error");
}

TEST_F(RegistryTest, EveryPrivateCategoryIsRefusedAtRegistrationNamingR103) {
  MemoryAuditSink audit;
  Registry reg = MakeRegistry(D("2026-01-06"), &audit);
  for (std::string_view id : kPrivateCategories) {
    SCOPED_TRACE(id);
    CameraRegistry r = InUseEntry();
    r.site_category = std::string(id);
    Status s = reg.Register(TestCamera("cam"), r);
    EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
    EXPECT_NE(s.message().find("R103"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("N25 8"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("Nobody can override this"), std::string::npos);
    EXPECT_EQ(catalog_->GetCamera("cam").error().code(), StatusCode::kNotFound);
  }
  ASSERT_EQ(audit.events().size(), kPrivateCategories.size());
  EXPECT_EQ(audit.events()[0].action, "refused");
  EXPECT_EQ(audit.events()[0].outcome, "refused");
}

TEST_F(RegistryTest, APrivateCategoryIsRefusedAtAnyLaterChange) {
  Registry reg = MakeRegistry(D("2026-01-06"));
  CameraRegistry planned;
  planned.site_category = "hotel_public_area";
  ASSERT_TRUE(reg.Register(TestCamera("lobby"), planned).ok());
  for (const char* id : {"hotel_room", "toilet", "other_private"}) {
    RegistryChange change;
    change.site_category = id;
    Status s = reg.Change("lobby", change);
    EXPECT_EQ(s.code(), StatusCode::kPermissionDenied) << id;
    EXPECT_NE(s.message().find("R103"), std::string::npos);
  }
  EXPECT_EQ(catalog_->GetCamera("lobby")->registry->site_category, "hotel_public_area");
}

TEST_F(RegistryTest, UnknownCategoryAndBadFieldsAreInvalid) {
  Registry reg = MakeRegistry(D("2026-01-06"));
  CameraRegistry r = InUseEntry();
  r.site_category = "moon_base";
  EXPECT_EQ(reg.Register(TestCamera("a"), r).code(), StatusCode::kInvalidArgument);
  r = InUseEntry();
  r.latitude = 91;
  EXPECT_EQ(reg.Register(TestCamera("a"), r).code(), StatusCode::kInvalidArgument);
  r = InUseEntry();
  r.longitude.reset();
  EXPECT_EQ(reg.Register(TestCamera("a"), r).code(), StatusCode::kInvalidArgument);
  r = InUseEntry();
  r.commissioned_on = "yesterday";
  EXPECT_EQ(reg.Register(TestCamera("a"), r).code(), StatusCode::kInvalidArgument);
}

TEST_F(RegistryTest, R206NoUseBeforeAcceptance) {
  Registry reg = MakeRegistry(D("2026-01-06"));
  CameraRegistry r = InUseEntry();
  r.accepted_on.clear();
  Status s = reg.Register(TestCamera("gate"), r);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("R206"), std::string::npos) << s.message();

  r.lifecycle = Lifecycle::kPlanned;
  ASSERT_TRUE(reg.Register(TestCamera("gate"), r).ok());
  EXPECT_FALSE(IsRecorded(*catalog_->GetCamera("gate")));
  RegistryChange to_use;
  to_use.lifecycle = Lifecycle::kInUse;
  to_use.accepted_on = "2026-01-05";
  s = reg.Change("gate", to_use);  // planned -> in_use skips acceptance
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("R206"), std::string::npos) << s.message();

  RegistryChange accept;
  accept.lifecycle = Lifecycle::kAccepted;
  s = reg.Change("gate", accept);  // accepted without a date
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  accept.accepted_on = "2026-01-05";
  ASSERT_TRUE(reg.Change("gate", accept).ok());
  EXPECT_FALSE(IsRecorded(*catalog_->GetCamera("gate")));
  RegistryChange use;
  use.lifecycle = Lifecycle::kInUse;
  ASSERT_TRUE(reg.Change("gate", use).ok());
  EXPECT_TRUE(IsRecorded(*catalog_->GetCamera("gate")));
}

TEST_F(RegistryTest, LifecycleTransitions) {
  using L = Lifecycle;
  EXPECT_TRUE(CheckTransition(L::kPlanned, L::kAccepted).ok());
  EXPECT_TRUE(CheckTransition(L::kAccepted, L::kInUse).ok());
  EXPECT_TRUE(CheckTransition(L::kInUse, L::kChanged).ok());
  EXPECT_TRUE(CheckTransition(L::kChanged, L::kInUse).ok());
  EXPECT_TRUE(CheckTransition(L::kInUse, L::kDismantled).ok());
  EXPECT_TRUE(CheckTransition(L::kPlanned, L::kDismantled).ok());
  for (auto [from, to] : std::vector<std::pair<L, L>>{{L::kPlanned, L::kInUse},
                                                      {L::kPlanned, L::kChanged},
                                                      {L::kAccepted, L::kChanged},
                                                      {L::kInUse, L::kAccepted},
                                                      {L::kInUse, L::kPlanned},
                                                      {L::kDismantled, L::kInUse},
                                                      {L::kDismantled, L::kPlanned}}) {
    EXPECT_EQ(CheckTransition(from, to).code(), StatusCode::kFailedPrecondition)
        << ToString(from) << " -> " << ToString(to);
  }
  Registry reg = MakeRegistry(D("2026-01-06"));
  CameraRegistry r = InUseEntry();
  r.lifecycle = Lifecycle::kDismantled;
  EXPECT_EQ(reg.Register(TestCamera("x"), r).code(), StatusCode::kInvalidArgument);
}

TEST_F(RegistryTest, R108NeedsTheConsentReference) {
  Registry reg = MakeRegistry(D("2026-01-06"));
  CameraRegistry r = InUseEntry();
  r.near_military_zone = true;
  Status s = reg.Register(TestCamera("gate"), r);
  EXPECT_EQ(s.code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(s.message().find("R108"), std::string::npos);
  r.military_consent_ref = "PLA-2026-17";
  EXPECT_TRUE(reg.Register(TestCamera("gate"), r).ok());
}

TEST_F(RegistryTest, DismantledAndUnregisteredCamerasAreNotRecorded) {
  Registry reg = MakeRegistry(D("2026-01-06"));
  ASSERT_TRUE(reg.Register(TestCamera("gate"), InUseEntry()).ok());
  RegistryChange gone;
  gone.lifecycle = Lifecycle::kDismantled;
  ASSERT_TRUE(reg.Change("gate", gone).ok());
  EXPECT_FALSE(IsRecorded(*catalog_->GetCamera("gate")));
  RegistryChange back;
  back.lifecycle = Lifecycle::kInUse;
  EXPECT_EQ(reg.Change("gate", back).code(), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(catalog_->AddCamera(TestCamera("bare")).ok());
  EXPECT_FALSE(IsRecorded(*catalog_->GetCamera("bare")));
}

TEST_F(RegistryTest, LifecycleEventsOpenFilings) {
  Registry reg = MakeRegistry(D("2026-01-06"));
  CameraRegistry planned = InUseEntry();
  planned.lifecycle = Lifecycle::kPlanned;
  planned.accepted_on.clear();
  ASSERT_TRUE(reg.Register(TestCamera("planned"), planned).ok());
  EXPECT_TRUE(catalog_->ListFilings()->empty());  // nothing in use yet
  ASSERT_TRUE(reg.Register(TestCamera("gate"), InUseEntry()).ok());
  ASSERT_TRUE(reg.Register(TestCamera("yard"), InUseEntry()).ok());
  RegistryChange moved;
  moved.address = "2 Gate Road";
  Registry later = MakeRegistry(D("2026-02-02"));
  ASSERT_TRUE(later.Change("gate", moved).ok());
  RegistryChange unit;
  unit.owning_unit = "Street Office No. 4";  // not a change of site or equipment
  ASSERT_TRUE(later.Change("gate", unit).ok());
  RegistryChange gone;
  gone.lifecycle = Lifecycle::kDismantled;
  ASSERT_TRUE(later.Change("yard", gone).ok());
  std::vector<Filing> f = *catalog_->ListFilings();
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].filing.kind, FilingKind::kSystem);
  EXPECT_EQ(f[0].filing.camera_id, "gate");
  EXPECT_EQ(f[0].filing.trigger_on, "2026-01-06");
  EXPECT_EQ(f[0].filing.accepted_on, "2026-01-05");
  EXPECT_EQ(f[1].filing.kind, FilingKind::kChange);  // yard joins a filed system
  EXPECT_EQ(f[1].filing.camera_id, "yard");
  EXPECT_EQ(f[2].filing.kind, FilingKind::kChange);  // gate moved
  EXPECT_EQ(f[2].filing.trigger_on, "2026-02-02");
  EXPECT_EQ(f[3].filing.kind, FilingKind::kDismantling);
}

TEST_F(RegistryTest, ChangingARemovedOrUnknownCameraIsNotFound) {
  Registry reg = MakeRegistry(D("2026-01-06"));
  RegistryChange c;
  c.address = "x";
  EXPECT_EQ(reg.Change("ghost", c).code(), StatusCode::kNotFound);
  ASSERT_TRUE(reg.Register(TestCamera("gate"), InUseEntry()).ok());
  ASSERT_TRUE(catalog_->RemoveCamera("gate").ok());
  EXPECT_EQ(reg.Change("gate", c).code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->PutCameraRegistry("gate", InUseEntry()).code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace custos::govern::testing
