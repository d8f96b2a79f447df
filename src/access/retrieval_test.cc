// Retrieval requests: what a request must hold (R405, per profile), who may approve,
// the two-person rule for exports, expiry, emergencies (R406) and rejections.
#include "access/retrieval.h"

#include "access/access_test_util.h"
#include "govern/rule_numbers.h"

namespace custos::testing {
namespace {

using access::RetrievalOptions;

// The shipped profile files (profiles/*.json), as the daemon loads them.
const govern::ProfileSet& Profiles() {
  static const govern::ProfileSet set = *govern::ProfileSet::Load(govern::FindProfilesDir());
  return set;
}
access::RetrievalRules RulesOf(const std::string& name) { return govern::RetrievalRulesOf(**Profiles().Find(name)); }

class RetrievalTest : public CatalogTest {
 protected:
  void SetUp() override {
    CatalogTest::SetUp();
    AddTestUsers(*catalog_, clock_);
    clock_.Advance(2 * 3600 * kSecond);  // the footage asked for is in the past
  }
  Result<RetrievalRequest> File(RetrievalRequest r, const std::string& profile = "national-2025") {
    return access::FileRequest(*catalog_, clock_, std::move(r), RulesOf(profile), options_);
  }
  Result<RetrievalRequest> Approve(int64_t id, const std::string& who) {
    return access::ApproveRequest(*catalog_, clock_, id, who, options_);
  }
  bool Granted(int64_t id, const std::string& camera = "gate") {
    auto r = catalog_->GetRetrievalRequest(id);
    return r && access::Grants(*r, clock_.Now()) &&
           access::Covers(*r, camera, WallTime90k{kT0}, WallTime90k{kT0 + 60 * kSecond});
  }
  RetrievalOptions options_;
};

TEST_F(RetrievalTest, TheProfileTableHasFiveProfiles) {
  EXPECT_EQ(RulesOf("xinjiang-2014").min_persons, 2);
  EXPECT_EQ(RulesOf("liaoning-2008").min_persons, 2);
  EXPECT_EQ(RulesOf("national-2025").min_persons, 1);
  EXPECT_EQ(RulesOf("national-draft-2016").min_persons, 1);
  EXPECT_EQ(RulesOf("nanchang").min_persons, 1);
  EXPECT_EQ(govern::ActiveRetrievalRules(*catalog_, Profiles())->profile, "national-2025");
  ASSERT_TRUE(govern::SetActiveProfile(*catalog_, Profiles(), "liaoning-2008").ok());
  EXPECT_EQ(govern::ActiveRetrievalRules(*catalog_, Profiles())->min_persons, 2);
}

TEST_F(RetrievalTest, FewerPersonsThanTheProfileDemandsIsRefused) {
  RetrievalRequest one = TestRequest();
  one.persons.resize(1);
  auto xj = File(one, "xinjiang-2014");
  ASSERT_FALSE(xj);
  EXPECT_EQ(xj.error().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(xj.error().message().find("at least 2"), std::string::npos) << xj.error().message();
  EXPECT_FALSE(File(one, "liaoning-2008"));
  EXPECT_TRUE(File(one, "national-2025")) << "one person is enough where the profile states no number";
  one.persons.clear();
  EXPECT_FALSE(File(one, "national-2025"));
  EXPECT_TRUE(File(TestRequest(), "xinjiang-2014"));
}

TEST_F(RetrievalTest, EveryRequiredFieldIsChecked) {
  auto refused = [&](auto change, const std::string& field) {
    RetrievalRequest r = TestRequest("export");
    change(r);
    auto f = File(r);
    ASSERT_FALSE(f) << field;
    EXPECT_EQ(f.error().code(), StatusCode::kInvalidArgument) << field;
    EXPECT_NE(f.error().message().find(field), std::string::npos) << f.error().message();
  };
  refused([](RetrievalRequest& r) { r.purpose.clear(); }, "purpose");
  refused([](RetrievalRequest& r) { r.case_ref.clear(); }, "case_ref");
  refused([](RetrievalRequest& r) { r.approval_doc_ref.clear(); }, "approval_doc_ref");
  refused([](RetrievalRequest& r) { r.destination.clear(); }, "destination");
  refused([](RetrievalRequest& r) { r.persons[1].work_permit.clear(); }, "work_permit");
  refused([](RetrievalRequest& r) { r.persons[0].id_number.clear(); }, "id_number");
  refused([](RetrievalRequest& r) { r.persons[1].id_number = r.persons[0].id_number; }, "identity number");
  refused([](RetrievalRequest& r) { r.camera_ids.clear(); }, "camera");
  refused([](RetrievalRequest& r) { r.camera_ids = {"nowhere"}; }, "nowhere");
  refused([](RetrievalRequest& r) { r.to_wall_90k = r.from_wall_90k; }, "after");
  refused([](RetrievalRequest& r) { r.kind = "copy"; }, "kind");
}

TEST_F(RetrievalTest, PlaybackNeedsOneApproverWhoIsNotTheRequester) {
  auto r = File(TestRequest());
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_FALSE(Granted(r->id)) << "nothing before approval";
  auto self = Approve(r->id, "investigator");
  ASSERT_FALSE(self);
  EXPECT_EQ(self.error().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(self.error().message().find("not the requester"), std::string::npos);
  auto ok = Approve(r->id, "approver");
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->state, RequestState::kApproved);
  EXPECT_TRUE(Granted(r->id));
  EXPECT_FALSE(Granted(r->id, "yard")) << "only the cameras asked for";
  EXPECT_EQ(Approve(r->id, "approver2").error().code(), StatusCode::kFailedPrecondition);
}

TEST_F(RetrievalTest, ExportNeedsTwoDifferentApprovers) {
  auto r = File(TestRequest("export"));
  ASSERT_TRUE(r);
  ASSERT_TRUE(Approve(r->id, "approver"));
  EXPECT_FALSE(Granted(r->id)) << "one approval is not enough for an export";
  auto again = Approve(r->id, "approver");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(again.error().message().find("two-person rule"), std::string::npos);
  auto second = Approve(r->id, "approver2");
  ASSERT_TRUE(second);
  EXPECT_EQ(second->state, RequestState::kApproved);
  EXPECT_TRUE(Granted(r->id));
}

TEST_F(RetrievalTest, GrantsExpire) {
  options_.grant_validity_90k = 3600 * kSecond;
  auto r = File(TestRequest());
  ASSERT_TRUE(Approve(r->id, "approver"));
  clock_.Advance(3599 * kSecond);
  EXPECT_TRUE(Granted(r->id));
  EXPECT_EQ(catalog_->ActiveGrants("investigator", clock_.Now())->size(), 1u);
  clock_.Advance(kSecond);
  EXPECT_FALSE(Granted(r->id));
  EXPECT_TRUE(catalog_->ActiveGrants("investigator", clock_.Now())->empty());
}

TEST_F(RetrievalTest, AGrantCoversOnlyItsRange) {
  auto r = File(TestRequest());
  ASSERT_TRUE(Approve(r->id, "approver"));
  auto stored = *catalog_->GetRetrievalRequest(r->id);
  EXPECT_TRUE(access::Covers(stored, "gate", WallTime90k{kT0}, WallTime90k{kT0 + 3600 * kSecond}));
  EXPECT_FALSE(access::Covers(stored, "gate", WallTime90k{kT0 - 1}, WallTime90k{kT0 + kSecond}));
  EXPECT_FALSE(access::Covers(stored, "gate", WallTime90k{kT0}, WallTime90k{kT0 + 3600 * kSecond + 1}));
}

TEST_F(RetrievalTest, AnEmergencyIsGrantedAtOnceAndFlaggedUntilApproved) {
  RetrievalRequest e = TestRequest("export");
  e.emergency = true;
  e.approval_doc_ref.clear();  // comes afterwards (R406)
  auto r = File(e);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_TRUE(Granted(r->id));
  EXPECT_TRUE(access::PendingAfterTheFact(*r));
  ASSERT_TRUE(Approve(r->id, "approver"));
  EXPECT_TRUE(access::PendingAfterTheFact(*catalog_->GetRetrievalRequest(r->id)));
  ASSERT_TRUE(Approve(r->id, "approver2"));
  auto done = *catalog_->GetRetrievalRequest(r->id);
  EXPECT_FALSE(access::PendingAfterTheFact(done));
  EXPECT_EQ(done.expires_wall_90k, r->expires_wall_90k) << "approval afterwards does not extend the grant";
}

TEST_F(RetrievalTest, RejectionNeedsAReasonAndEndsAnEmergencyGrant) {
  RetrievalRequest e = TestRequest();
  e.emergency = true;
  auto r = File(e);
  ASSERT_TRUE(Granted(r->id));
  EXPECT_EQ(access::RejectRequest(*catalog_, clock_, r->id, "approver", "").error().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(access::RejectRequest(*catalog_, clock_, r->id, "investigator", "mine").error().code(),
            StatusCode::kPermissionDenied);
  auto rej = access::RejectRequest(*catalog_, clock_, r->id, "approver", "no case behind it");
  ASSERT_TRUE(rej);
  EXPECT_EQ(rej->state, RequestState::kRejected);
  EXPECT_FALSE(Granted(r->id));
  EXPECT_EQ(Approve(r->id, "approver2").error().code(), StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace custos::testing
