// Every line of the compliance report is computed from the data: each test changes the
// data and watches the line move.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "govern/compliance.h"
#include "govern/filings.h"
#include "govern/govern_test_util.h"

namespace custos::govern::testing {
namespace {

class ComplianceTest : public GovernTest {
 protected:
  void SetUp() override {
    GovernTest::SetUp();
    MakeAuditLog();
  }
  ComplianceLine Line(std::string_view id, std::string_view profile = "national-2025",
                      std::string_view today = "2026-01-10") {
    auto in = ReadComplianceInput(*catalog_, P(profile), Sites(), dir_.File("data"), D(today));
    EXPECT_TRUE(in) << in.error().ToString();
    for (ComplianceLine& l : RunComplianceChecks(*in)) {
      if (l.id == id) return l;
    }
    ADD_FAILURE() << "no line " << id;
    return {};
  }
};

TEST(ComplianceTable, ListsEveryRequirementOnceInOrder) {
  std::vector<std::string> ids;
  for (const auto& e : ComplianceChecks()) ids.emplace_back(e.id);
  EXPECT_EQ(ids.size(), 47u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(ids.front(), "R101");
  EXPECT_EQ(ids.back(), "R705");
}

TEST_F(ComplianceTest, UnimplementedRequirementsSaySo) {
  ComplianceLine l = Line("R106");
  EXPECT_EQ(l.state, ComplianceState::kNotImplemented);
}

TEST_F(ComplianceTest, RetentionAndAuditLinesReadTheProfileAndTheVerifiedAuditLog) {
  ComplianceLine l = Line("R501");
  EXPECT_EQ(l.state, ComplianceState::kMet) << l.evidence;
  EXPECT_NE(l.evidence.find("minimum 30 days"), std::string::npos) << l.evidence;
  EXPECT_NE(Line("R501", "liaoning-2008").evidence.find("minimum 15 days"), std::string::npos);
  l = Line("R703");
  EXPECT_EQ(l.state, ComplianceState::kMet) << l.evidence;
  EXPECT_NE(l.evidence.find("verifies intact"), std::string::npos) << l.evidence;
  std::filesystem::remove(dir_.File("data") + "/audit.db");
  l = Line("R403");
  EXPECT_EQ(l.state, ComplianceState::kNotMet);
  EXPECT_NE(l.evidence.find("audit log could not be read"), std::string::npos) << l.evidence;
  EXPECT_EQ(Line("R502", "national-2025").state, ComplianceState::kNotApplicable) << "holds need no audit log";
}

TEST_F(ComplianceTest, R103CountsCamerasAndFindsAPrivateOneWrittenBehindItsBack) {
  Registry reg = MakeRegistry(D("2026-01-06"));
  ASSERT_TRUE(reg.Register(TestCamera("gate"), InUseEntry()).ok());
  ComplianceLine l = Line("R103");
  EXPECT_EQ(l.state, ComplianceState::kMet);
  EXPECT_NE(l.evidence.find("1 cameras, none in a private category"), std::string::npos) << l.evidence;
  CameraRegistry bad = InUseEntry();
  bad.site_category = "toilet";
  ASSERT_TRUE(catalog_->PutCameraRegistry("gate", bad).ok());  // bypassing govern, as a direct edit would
  l = Line("R103");
  EXPECT_EQ(l.state, ComplianceState::kNotMet);
  EXPECT_NE(l.evidence.find("gate (toilet)"), std::string::npos) << l.evidence;
}

TEST_F(ComplianceTest, R101AndR206FollowTheRegistry) {
  ASSERT_TRUE(catalog_->AddCamera(TestCamera("old")).ok());
  CameraRegistry legacy;  // as the schema upgrade leaves a camera that was recording
  legacy.lifecycle = Lifecycle::kInUse;
  ASSERT_TRUE(catalog_->PutCameraRegistry("old", legacy).ok());
  EXPECT_EQ(Line("R101").state, ComplianceState::kNotMet);
  ComplianceLine r206 = Line("R206");
  EXPECT_EQ(r206.state, ComplianceState::kNotMet);
  EXPECT_NE(r206.evidence.find("old"), std::string::npos);
  Registry reg = MakeRegistry(D("2026-01-06"));
  RegistryChange fill;
  const CameraRegistry full = InUseEntry();
  fill.owning_unit = full.owning_unit;
  fill.address = full.address;
  fill.latitude = full.latitude;
  fill.longitude = full.longitude;
  fill.site_category = full.site_category;
  fill.equipment_type = full.equipment_type;
  fill.equipment_model = full.equipment_model;
  fill.commissioned_on = full.commissioned_on;
  fill.accepted_on = full.accepted_on;
  ASSERT_TRUE(reg.Change("old", fill).ok());
  EXPECT_EQ(Line("R101").state, ComplianceState::kMet);
  EXPECT_EQ(Line("R206").state, ComplianceState::kMet);
}

TEST_F(ComplianceTest, R201FollowsTheFilingDeadline) {
  EXPECT_EQ(Line("R201").state, ComplianceState::kNotApplicable);  // nothing in use
  Registry reg = MakeRegistry(D("2026-01-06"));
  ASSERT_TRUE(reg.Register(TestCamera("gate"), InUseEntry()).ok());
  ComplianceLine l = Line("R201", "national-2025", "2026-02-05");
  EXPECT_EQ(l.state, ComplianceState::kMet);
  EXPECT_NE(l.evidence.find("not yet due"), std::string::npos) << l.evidence;
  l = Line("R201", "national-2025", "2026-02-06");
  EXPECT_EQ(l.state, ComplianceState::kNotMet);
  EXPECT_NE(l.evidence.find("overdue"), std::string::npos);
  ASSERT_TRUE(catalog_->MarkFiled(catalog_->ListFilings()->at(0).id, "2026-02-07", "R-1").ok());
  EXPECT_EQ(Line("R201", "national-2025", "2026-03-01").state, ComplianceState::kMet);
}

TEST_F(ComplianceTest, R202AndR203DependOnTheProfile) {
  Registry reg = MakeRegistry(D("2026-11-26"));
  ASSERT_TRUE(reg.Register(TestCamera("gate"), InUseEntry()).ok());
  ASSERT_TRUE(reg.Register(TestCamera("yard"), InUseEntry()).ok());  // a change report
  EXPECT_EQ(Line("R202", "xinjiang-2014", "2026-12-01").state, ComplianceState::kNotApplicable);
  EXPECT_EQ(Line("R202", "liaoning-2008", "2026-12-01").state, ComplianceState::kMet);
  EXPECT_EQ(Line("R202", "liaoning-2008", "2026-12-02").state, ComplianceState::kNotMet);
  ComplianceLine promptly = Line("R202", "national-2025", "2026-11-26");
  EXPECT_EQ(promptly.state, ComplianceState::kNotMet);
  EXPECT_NE(promptly.evidence.find("not filed yet"), std::string::npos) << promptly.evidence;
  EXPECT_EQ(Line("R203", "national-2025").state, ComplianceState::kNotApplicable);
  EXPECT_EQ(Line("R203", "xinjiang-2014").state, ComplianceState::kMet);  // nothing dismantled
}

TEST_F(ComplianceTest, R205AndRecordsFollowTheData) {
  EXPECT_EQ(Line("R205").state, ComplianceState::kNotMet);
  EXPECT_EQ(Line("R303").state, ComplianceState::kNotMet);
  for (DocumentKind k : {DocumentKind::kDesign, DocumentKind::kConstruction, DocumentKind::kAcceptance,
                         DocumentKind::kMaintenance}) {
    const std::string src = dir_.File(std::string(ToString(k)) + ".txt");
    std::ofstream(src) << ToString(k);
    ASSERT_TRUE(ArchiveDocument(*catalog_, dir_.File("data"), src, k, "", ""));
  }
  EXPECT_EQ(Line("R205").state, ComplianceState::kMet);
  const std::string stored = dir_.File("data") + "/" + catalog_->ListDocuments()->at(0).file_path;
  std::ofstream(stored) << "edited";
  ComplianceLine l = Line("R205");
  EXPECT_EQ(l.state, ComplianceState::kNotMet);
  EXPECT_NE(l.evidence.find("changed"), std::string::npos);
  OpsRecord r;
  r.kind = OpsRecordKind::kTraining;
  r.on_date = "2026-01-02";
  r.description = "law and confidentiality";
  ASSERT_TRUE(AddOpsRecord(*catalog_, r));
  l = Line("R303");
  EXPECT_EQ(l.state, ComplianceState::kMet);
  EXPECT_NE(l.evidence.find("2026-01-02"), std::string::npos);
}

TEST_F(ComplianceTest, ProfileDependentLines) {
  EXPECT_EQ(Line("R412", "national-2025").state, ComplianceState::kNotImplemented);
  EXPECT_EQ(Line("R412", "xinjiang-2014").state, ComplianceState::kNotApplicable);
  EXPECT_EQ(Line("R503", "xinjiang-2014").state, ComplianceState::kNotApplicable);
  EXPECT_EQ(Line("R502", "national-2025").state, ComplianceState::kNotApplicable);
  EXPECT_NE(Line("R502", "xinjiang-2014").evidence.find("730 days"), std::string::npos);
  EXPECT_NE(Line("R405", "liaoning-2008").evidence.find("2 person"), std::string::npos);
}

}  // namespace
}  // namespace custos::govern::testing
