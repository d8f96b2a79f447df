// The shipped profiles carry every number of REQUIREMENTS.md's profile table with its
// source; bad files are refused with the file and field named.
#include <gtest/gtest.h>

#include <fstream>

#include "govern/govern_test_util.h"

namespace custos::govern::testing {
namespace {

TEST(Profiles, AllFiveAreShippedAndValid) {
  EXPECT_EQ(Profiles().Names(), (std::vector<std::string>{"liaoning-2008", "nanchang", "national-2025",
                                                          "national-draft-2016", "xinjiang-2014"}));
}

TEST(Profiles, National2025Numbers) {
  const Profile& p = P("national-2025");
  EXPECT_EQ(p.min_retention_days.value, 30);
  EXPECT_EQ(p.after_minimum.value, AfterMinimum::kDeleteWhenPurposeAchieved);
  EXPECT_FALSE(p.important_retention_days.value);
  EXPECT_EQ(p.system_filing.from, FilingStart::kInUse);
  EXPECT_EQ(p.system_filing.deadline.days, 30);
  EXPECT_EQ(p.pre_existing_filing_days.value, 90);
  EXPECT_TRUE(p.change_report.required);
  EXPECT_FALSE(p.change_report.deadline.days);  // promptly
  EXPECT_FALSE(p.dismantling_filing.required);
  EXPECT_FALSE(p.retrieval_min_persons.value);
  EXPECT_TRUE(p.subject_access.value);
  EXPECT_TRUE(p.tier2_lighter_duties.value);
  EXPECT_EQ(p.effective_on, D("2025-04-01"));
  EXPECT_NE(p.system_filing.source.find("N25 14"), std::string::npos);
}

TEST(Profiles, Xinjiang2014Numbers) {
  const Profile& p = P("xinjiang-2014");
  EXPECT_EQ(p.min_retention_days.value, 30);
  EXPECT_EQ(p.after_minimum.value, AfterMinimum::kKeep);
  EXPECT_EQ(p.important_retention_days.value, 730);
  EXPECT_EQ(p.system_filing.deadline.days, 30);
  EXPECT_EQ(p.pre_existing_filing_days.value, 60);
  EXPECT_FALSE(p.change_report.required);
  EXPECT_TRUE(p.dismantling_filing.required);
  EXPECT_EQ(p.dismantling_filing.deadline.days, 30);
  EXPECT_EQ(p.retrieval_min_persons.value, 2);
  EXPECT_EQ(p.RetrievalPersons(), 2);
  EXPECT_FALSE(p.subject_access.value);
  EXPECT_NE(p.important_retention_days.source.find("XJ 14"), std::string::npos);
}

TEST(Profiles, Liaoning2008Numbers) {
  const Profile& p = P("liaoning-2008");
  EXPECT_EQ(p.min_retention_days.value, 15);
  EXPECT_EQ(p.important_retention_days.value, 365);
  EXPECT_EQ(p.system_filing.deadline.days, 30);
  EXPECT_EQ(p.pre_existing_filing_days.value, 30);
  EXPECT_TRUE(p.change_report.required);
  EXPECT_EQ(p.change_report.deadline.days, 3);
  EXPECT_TRUE(p.change_report.deadline.working_days);
  EXPECT_FALSE(p.dismantling_filing.required);
  EXPECT_EQ(p.retrieval_min_persons.value, 2);
}

TEST(Profiles, DraftAndNanchangNumbers) {
  const Profile& nd = P("national-draft-2016");
  EXPECT_EQ(nd.min_retention_days.value, 30);
  EXPECT_EQ(nd.system_filing.from, FilingStart::kAcceptance);
  EXPECT_EQ(nd.system_filing.deadline.days, 30);
  EXPECT_FALSE(nd.pre_existing_filing_days.value);
  EXPECT_FALSE(nd.effective_on);
  EXPECT_EQ(nd.RetrievalPersons(), 1);
  const Profile& nc = P("nanchang");
  EXPECT_EQ(nc.min_retention_days.value, 30);  // cut from the text: ND's
  EXPECT_EQ(nc.system_filing.from, FilingStart::kAcceptance);
  EXPECT_FALSE(nc.system_filing.deadline.days);
  EXPECT_EQ(nc.pre_existing_filing_days.value, 90);
}

TEST(Profiles, EveryNumberHasASource) {
  for (const std::string& name : Profiles().Names()) {
    const Profile& p = P(name);
    SCOPED_TRACE(name);
    for (const std::string* s : {&p.min_retention_days.source, &p.after_minimum.source,
                                 &p.important_retention_days.source, &p.system_filing.source,
                                 &p.pre_existing_filing_days.source, &p.change_report.source,
                                 &p.dismantling_filing.source, &p.retrieval_min_persons.source,
                                 &p.subject_access.source, &p.tier2_lighter_duties.source}) {
      EXPECT_FALSE(s->empty());
    }
  }
}

std::string Shipped(const std::string& name) {
  std::ifstream in(std::string(CUSTOS_PROFILES_DIR) + "/" + name);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void ExpectRefused(std::string text, const std::string& field) {
  Result<Profile> p = ParseProfile(text, "bad.json");
  ASSERT_FALSE(p) << field;
  EXPECT_EQ(p.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(p.error().message().find("bad.json: field '" + field + "'"), std::string::npos) << p.error().message();
}

std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

TEST(Profiles, BadFilesNameTheField) {
  const std::string good = Shipped("liaoning-2008.json");
  ASSERT_TRUE(ParseProfile(good, "ok.json"));
  ExpectRefused(Replace(good, "\"value\": 15,", "\"value\": -1,"), "min_retention_days.value");
  ExpectRefused(Replace(good, "\"value\": 15,", "\"value\": \"15\","), "min_retention_days.value");
  ExpectRefused(Replace(good, "\"value\": 15,", "\"value\": null,"), "min_retention_days.value");
  ExpectRefused(Replace(good, "\"days\": 3, \"working_days\": true", "\"days\": 3, \"working_days\": \"yes\""),
                "change_report.working_days");
  ExpectRefused(Replace(good, "\"from\": \"in_use\"", "\"from\": \"later\""), "system_filing.from");
  ExpectRefused(Replace(good, "\"effective_on\": \"2008-01-01\"", "\"effective_on\": \"2008-02-30\""),
                "effective_on");
  ExpectRefused(Replace(good, "\"value\": \"keep\"", "\"value\": \"forever\""), "after_minimum.value");
  ExpectRefused(Replace(good, "\"value\": 365", "\"value\": 10"), "important_retention_days.value");
  ExpectRefused(Replace(good, "\"subject_access\"", "\"subject_acces\""), "subject_access");
  ExpectRefused(Replace(good, "custos-profile-1", "custos-profile-9"), "format");
  Result<Profile> p = ParseProfile("{not json", "bad.json");
  ASSERT_FALSE(p);
  EXPECT_NE(p.error().message().find("bad.json: not valid JSON"), std::string::npos);
}

TEST(Profiles, LoadRefusesAFolderWithABadFileOrNoDefault) {
  TempDir dir;
  std::ofstream(dir.File("liaoning-2008.json")) << Shipped("liaoning-2008.json");
  Result<ProfileSet> s = ProfileSet::Load(dir.File(""));
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message().find("no national-2025.json"), std::string::npos) << s.error().message();
  std::ofstream(dir.File("national-2025.json")) << Shipped("national-2025.json");
  ASSERT_TRUE(ProfileSet::Load(dir.File("")));
  std::ofstream(dir.File("renamed.json")) << Shipped("nanchang.json");
  s = ProfileSet::Load(dir.File(""));
  ASSERT_FALSE(s);
  EXPECT_NE(s.error().message().find("field 'name': must equal the file name 'renamed'"), std::string::npos);
  EXPECT_FALSE(ProfileSet::Load(dir.File("missing")));
}

TEST_F(GovernTest, TheActiveProfileIsStoredInTheCatalog) {
  EXPECT_EQ(*ActiveProfileName(*catalog_), "national-2025");
  EXPECT_EQ((*ActiveProfile(*catalog_, Profiles()))->name, "national-2025");
  ASSERT_TRUE(SetActiveProfile(*catalog_, Profiles(), "liaoning-2008").ok());
  EXPECT_EQ((*ActiveProfile(*catalog_, Profiles()))->min_retention_days.value, 15);
  Status s = SetActiveProfile(*catalog_, Profiles(), "atlantis");
  EXPECT_EQ(s.code(), StatusCode::kNotFound);
  EXPECT_NE(s.message().find("known: liaoning-2008, nanchang"), std::string::npos) << s.message();
  EXPECT_EQ(*ActiveProfileName(*catalog_), "liaoning-2008");
}

TEST(Taxonomy, ShippedFileMarksTheR103PlacesPrivate) {
  for (std::string_view id : kPrivateCategories) {
    const SiteCategory* c = Sites().Find(id);
    ASSERT_NE(c, nullptr) << id;
    EXPECT_TRUE(c->is_private);
    EXPECT_EQ(c->tier, SiteTier::kForbidden);
  }
  EXPECT_EQ(Sites().Find("road")->tier, SiteTier::kRequired);
  EXPECT_EQ(Sites().Find("school")->tier, SiteTier::kOptional);
}

TEST(Taxonomy, AFileCannotUnlockAPrivatePlace) {
  std::string text = Shipped("site-categories.json");
  const std::string toilet = R"("id": "toilet", "name": "Toilet", "tier": "forbidden", "private": true)";
  ASSERT_NE(text.find(toilet), std::string::npos);
  std::string relabelled = text;
  relabelled.replace(relabelled.find(toilet), toilet.size(),
                     R"("id": "toilet", "name": "Toilet", "tier": "optional", "private": false)");
  Result<Taxonomy> t = Taxonomy::Parse(relabelled, "sites.json");
  ASSERT_FALSE(t);
  EXPECT_NE(t.error().message().find("'toilet' (R103) must be listed"), std::string::npos) << t.error().message();
  std::string mixed = text;
  mixed.replace(mixed.find(toilet), toilet.size(),
                R"("id": "toilet", "name": "Toilet", "tier": "forbidden", "private": false)");
  EXPECT_FALSE(Taxonomy::Parse(mixed, "sites.json"));
}

}  // namespace
}  // namespace custos::govern::testing
