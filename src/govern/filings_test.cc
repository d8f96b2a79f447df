// Deadlines under each profile (calendar and working days, pre-existing systems), overdue
// filings, the filing package, document hashes and operations records.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "govern/filings.h"
#include "govern/govern_test_util.h"

namespace custos::govern::testing {
namespace {

Filing MakeFiling(FilingKind kind, const std::string& on, const std::string& accepted = "") {
  Filing f;
  f.id = 1;
  f.filing.kind = kind;
  f.filing.trigger_on = on;
  f.filing.accepted_on = accepted;
  return f;
}

TEST(Deadlines, SystemFilingPerProfile) {
  const Filing f = MakeFiling(FilingKind::kSystem, "2026-01-06", "2025-12-20");
  FilingStatus n25 = EvaluateFiling(f, P("national-2025"), D("2026-02-05"));
  EXPECT_EQ(n25.due, D("2026-02-05"));  // 30 days after going into use
  EXPECT_FALSE(n25.overdue);
  EXPECT_TRUE(EvaluateFiling(f, P("national-2025"), D("2026-02-06")).overdue);
  EXPECT_EQ(EvaluateFiling(f, P("xinjiang-2014"), D("2026-01-06")).due, D("2026-02-05"));
  EXPECT_EQ(EvaluateFiling(f, P("liaoning-2008"), D("2026-01-06")).due, D("2026-02-05"));
  // ND counts from acceptance.
  EXPECT_EQ(EvaluateFiling(f, P("national-draft-2016"), D("2026-01-06")).due, D("2026-01-19"));
  FilingStatus nc = EvaluateFiling(f, P("nanchang"), D("2027-01-06"));
  EXPECT_FALSE(nc.due);  // no number of days in the text
  EXPECT_EQ(nc.due_text, "no deadline stated");
  EXPECT_FALSE(nc.overdue);
}

TEST(Deadlines, SystemsInUseBeforeTheRulesGetTheLongerDeadline) {
  const Filing f = MakeFiling(FilingKind::kSystem, "2020-05-01", "2020-04-01");
  FilingStatus n25 = EvaluateFiling(f, P("national-2025"), D("2025-06-01"));
  EXPECT_TRUE(n25.pre_existing);
  EXPECT_EQ(n25.due, D("2025-06-30"));  // 2025-04-01 + 90
  EXPECT_NE(n25.source.find("90 days"), std::string::npos);
  FilingStatus xj = EvaluateFiling(MakeFiling(FilingKind::kSystem, "2013-05-01"), P("xinjiang-2014"), D("2014-07-01"));
  EXPECT_EQ(xj.due, D("2014-08-30"));  // 2014-07-01 + 60
  FilingStatus ln = EvaluateFiling(MakeFiling(FilingKind::kSystem, "2007-05-01"), P("liaoning-2008"), D("2008-01-01"));
  EXPECT_EQ(ln.due, D("2008-01-31"));  // 2008-01-01 + 30
}

TEST(Deadlines, ChangeReportsInWorkingDaysUnderLiaoning) {
  // Thursday 2026-11-26 + 3 working days = Tuesday 2026-12-01.
  const Filing f = MakeFiling(FilingKind::kChange, "2026-11-26");
  FilingStatus ln = EvaluateFiling(f, P("liaoning-2008"), D("2026-12-01"));
  EXPECT_EQ(ln.due, D("2026-12-01"));
  EXPECT_FALSE(ln.overdue);
  EXPECT_NE(ln.due_text.find("3 working days"), std::string::npos) << ln.due_text;
  EXPECT_TRUE(EvaluateFiling(f, P("liaoning-2008"), D("2026-12-02")).overdue);
  FilingStatus n25 = EvaluateFiling(f, P("national-2025"), D("2027-01-01"));
  EXPECT_EQ(n25.due_text, "promptly");
  EXPECT_FALSE(n25.due);
  FilingStatus xj = EvaluateFiling(f, P("xinjiang-2014"), D("2027-01-01"));
  EXPECT_FALSE(xj.required);
  EXPECT_FALSE(xj.overdue);
}

TEST(Deadlines, DismantlingOnlyUnderXinjiang) {
  const Filing f = MakeFiling(FilingKind::kDismantling, "2026-03-01");
  FilingStatus xj = EvaluateFiling(f, P("xinjiang-2014"), D("2026-04-01"));
  EXPECT_EQ(xj.due, D("2026-03-31"));
  EXPECT_TRUE(xj.overdue);
  for (const char* other : {"national-2025", "liaoning-2008", "national-draft-2016", "nanchang"}) {
    EXPECT_FALSE(EvaluateFiling(f, P(other), D("2027-01-01")).required) << other;
  }
}

TEST(Deadlines, AFiledFilingIsNeverOverdue) {
  Filing f = MakeFiling(FilingKind::kSystem, "2026-01-06");
  f.filed_on = "2026-03-01";
  FilingStatus s = EvaluateFiling(f, P("national-2025"), D("2026-06-01"));
  EXPECT_FALSE(s.open);
  EXPECT_FALSE(s.overdue);
}

class FilingsTest : public GovernTest {};

TEST_F(FilingsTest, OverdueFilingsAndMarkingThemFiled) {
  Registry reg = MakeRegistry(D("2026-01-06"));
  ASSERT_TRUE(reg.Register(TestCamera("gate"), InUseEntry()).ok());
  auto list = ListFilingStatus(*catalog_, P("national-2025"), D("2026-03-01"));
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_TRUE((*list)[0].overdue);
  const int64_t id = (*list)[0].filing.id;
  ASSERT_TRUE(catalog_->MarkFiled(id, "2026-03-02", "PSB-123").ok());
  EXPECT_EQ(catalog_->MarkFiled(id, "2026-03-03", "again").code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(catalog_->MarkFiled(999, "2026-03-03", "x").code(), StatusCode::kNotFound);
  list = ListFilingStatus(*catalog_, P("national-2025"), D("2026-03-05"));
  EXPECT_FALSE((*list)[0].overdue);
  EXPECT_EQ((*list)[0].filing.receipt_ref, "PSB-123");
}

std::string ReadAll(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST_F(FilingsTest, PackageListsEquipmentPointsUnitsCountAndRetention) {
  Registry reg = MakeRegistry(D("2026-01-06"));
  ASSERT_TRUE(reg.Register(TestCamera("gate"), InUseEntry()).ok());
  CameraRegistry dome = InUseEntry();
  dome.equipment_type = "dome";
  dome.equipment_model = "D-9, \"night\"";
  dome.latitude = 43.9;
  ASSERT_TRUE(reg.Register(TestCamera("yard"), dome).ok());
  ASSERT_TRUE(reg.Register(TestCamera("hall"), InUseEntry()).ok());
  const std::string out = dir_.File("package");
  auto files = WriteFilingPackage(*catalog_, P("liaoning-2008"), Sites(), out, D("2026-02-01"));
  ASSERT_TRUE(files) << files.error().ToString();
  EXPECT_EQ(files->size(), 4u);
  const std::string equipment = ReadAll(out + "/equipment.csv");
  EXPECT_EQ(equipment,
            "equipment_type,equipment_model,cameras\nbullet,XC-200,2\ndome,\"D-9, \"\"night\"\"\",1\n");
  const std::string cameras = ReadAll(out + "/cameras.csv");
  EXPECT_NE(cameras.find("gate,Camera gate,Street Office No. 3,1 Gate Road,43.8,87.6,square,required,entrance"),
            std::string::npos)
      << cameras;
  EXPECT_EQ(cameras.find("rtsp://"), std::string::npos);
  EXPECT_EQ(cameras.find("secret"), std::string::npos);
  nlohmann::json points = nlohmann::json::parse(ReadAll(out + "/points.geojson"));
  ASSERT_EQ(points["features"].size(), 3u);
  EXPECT_EQ(points["features"][2]["properties"]["id"], "yard");
  EXPECT_EQ(points["features"][2]["geometry"]["coordinates"][1], 43.9);
  nlohmann::json summary = nlohmann::json::parse(ReadAll(out + "/summary.json"));
  EXPECT_EQ(summary["cameras"], 3);
  EXPECT_EQ(summary["cameras_in_use"], 3);
  EXPECT_EQ(summary["retention_days"]["minimum"], 15);
  EXPECT_EQ(summary["units"][0]["owning_unit"], "Street Office No. 3");
  EXPECT_EQ(summary["units"][0]["cameras"], 3);
  EXPECT_EQ(summary["profile"], "liaoning-2008");
}

TEST_F(FilingsTest, DocumentsAreArchivedWithTheirHashAndChangesAreFound) {
  const std::string src = dir_.File("acceptance report.pdf");
  std::ofstream(src) << "abc";
  auto d = ArchiveDocument(*catalog_, dir_.File("data"), src, DocumentKind::kAcceptance, "", "Builder Co.");
  ASSERT_TRUE(d) << d.error().ToString();
  EXPECT_EQ(d->sha256_hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(d->bytes, 3);
  EXPECT_EQ(d->title, "acceptance_report.pdf");
  EXPECT_EQ(ReadAll(dir_.File("data") + "/" + d->file_path), "abc");
  auto listed = catalog_->ListDocuments();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].sha256_hex, d->sha256_hex);
  EXPECT_EQ((*listed)[0].parties, "Builder Co.");
  EXPECT_TRUE(VerifyDocuments(*catalog_, dir_.File("data"))->empty());
  std::ofstream(dir_.File("data") + "/" + d->file_path) << "abd";
  auto problems = VerifyDocuments(*catalog_, dir_.File("data"));
  ASSERT_EQ(problems->size(), 1u);
  EXPECT_NE((*problems)[0].find("changed"), std::string::npos);
  std::remove((dir_.File("data") + "/" + d->file_path).c_str());
  EXPECT_NE((*VerifyDocuments(*catalog_, dir_.File("data")))[0].find("missing"), std::string::npos);
  auto again = ArchiveDocument(*catalog_, dir_.File("data"), src, DocumentKind::kAcceptance, "", "");
  EXPECT_EQ(again.error().code(), StatusCode::kAlreadyExists);
  EXPECT_FALSE(ArchiveDocument(*catalog_, dir_.File("data"), dir_.File("nope"), DocumentKind::kDesign, "", ""));
}

TEST_F(FilingsTest, OperationsRecords) {
  OpsRecord r;
  r.kind = OpsRecordKind::kTraining;
  r.on_date = "2026-03-01";
  r.persons = "Li, Wang";
  r.description = "confidentiality law, 2 h";
  ASSERT_TRUE(AddOpsRecord(*catalog_, r));
  r.kind = OpsRecordKind::kDuty;
  r.on_date = "2026-02-01";
  ASSERT_TRUE(AddOpsRecord(*catalog_, r));
  auto all = catalog_->ListOpsRecords();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].kind, OpsRecordKind::kDuty);  // by date
  EXPECT_EQ((*all)[1].persons, "Li, Wang");
  r.on_date = "March";
  EXPECT_EQ(AddOpsRecord(*catalog_, r).error().code(), StatusCode::kInvalidArgument);
  r.on_date = "2026-03-01";
  r.description.clear();
  EXPECT_EQ(AddOpsRecord(*catalog_, r).error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace custos::govern::testing
