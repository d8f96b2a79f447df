// govern_test_util.h: a catalog on a fake clock in a temporary directory, with the shipped
// profiles and site categories (profiles/) loaded. Thread-safety: test thread only.
#pragma once

#include <gtest/gtest.h>

#include "audit/audit_log.h"
#include "audit/audit_store.h"
#include "catalog/catalog_test_util.h"
#include "crypto/node_key.h"
#include "govern/profile.h"
#include "govern/registry.h"
#include "govern/taxonomy.h"

namespace custos::govern::testing {

using custos::testing::TempDir;
using custos::testing::TestCamera;

inline const ProfileSet& Profiles() {
  static const ProfileSet set = [] {
    Result<ProfileSet> s = ProfileSet::Load(CUSTOS_PROFILES_DIR);
    EXPECT_TRUE(s) << s.error().ToString();
    return *s;
  }();
  return set;
}

inline const Taxonomy& Sites() {
  static const Taxonomy t = [] {
    Result<Taxonomy> s = Taxonomy::Load(CUSTOS_PROFILES_DIR);
    EXPECT_TRUE(s) << s.error().ToString();
    return *s;
  }();
  return t;
}

inline const Profile& P(std::string_view name) { return **Profiles().Find(name); }

inline CivilDate D(std::string_view text) { return *ParseCivilDate(text); }

// A complete registry entry of a camera in use at a square, accepted on 2026-01-05.
inline CameraRegistry InUseEntry() {
  CameraRegistry r;
  r.owning_unit = "Street Office No. 3";
  r.address = "1 Gate Road";
  r.latitude = 43.8;
  r.longitude = 87.6;
  r.site_category = "square";
  r.position = SitePosition::kEntrance;
  r.equipment_type = "bullet";
  r.equipment_model = "XC-200";
  r.commissioned_on = "2026-01-02";
  r.lifecycle = Lifecycle::kInUse;
  r.accepted_on = "2026-01-05";
  r.acceptance_ref = "ACC-7";
  r.signage = true;
  r.signage_evidence = "photo sign-1.jpg";
  return r;
}

class GovernTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Catalog>> c = Catalog::Open(dir_.File("custos.db"), clock_);
    ASSERT_TRUE(c) << c.error().ToString();
    catalog_ = std::move(*c);
  }
  // The node key and an empty audit log in dir_/data, as `custos serve` leaves them.
  void MakeAuditLog() {
    Result<NodeKey> key = NodeKey::LoadOrCreate(dir_.File("data"));
    ASSERT_TRUE(key) << key.error().ToString();
    Result<std::unique_ptr<AuditLog>> log = AuditLog::Open(AuditLogPath(dir_.File("data")), *key, clock_);
    ASSERT_TRUE(log) << log.error().ToString();
  }
  Registry MakeRegistry(CivilDate today, AuditSink* audit = nullptr) {
    return Registry(*catalog_, Sites(), audit, "tester", today);
  }

  TempDir dir_;
  FakeClock clock_{WallTime90k{custos::testing::kT0}};
  std::unique_ptr<Catalog> catalog_;
};

}  // namespace custos::govern::testing
