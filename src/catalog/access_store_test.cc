// The access tables: users with roles and assignments, lockout counting, groups, and
// retrieval requests with their compare-and-set decisions.
#include "catalog/catalog_test_util.h"

namespace custos::testing {
namespace {

constexpr char kHash[] = "$argon2id$v=19$m=65536,t=2,p=1$c2FsdA$aGFzaA";

UserRecord User(const std::string& name, std::vector<std::string> roles) {
  UserRecord u;
  u.name = name;
  u.display_name = "Person " + name;
  u.unit = "Unit 1";
  u.password_hash = kHash;
  u.created_wall_90k = u.updated_wall_90k = u.password_changed_wall_90k = WallTime90k{kT0};
  u.roles = std::move(roles);
  return u;
}

RetrievalRequest Request(const std::string& requester) {
  RetrievalRequest r;
  r.requester = requester;
  r.kind = "export";
  r.camera_ids = {"gate"};
  r.from_wall_90k = WallTime90k{kT0};
  r.to_wall_90k = WallTime90k{kT0 + 60 * kSecond};
  r.purpose = "theft at the gate";
  r.case_ref = "CASE-1";
  r.approval_doc_ref = "DOC-1";
  r.persons = {{"Li Wei", "110101199001011234", "P-77"}, {"Wang \"Fang\"", "2201", "P-78"}};
  r.destination = "Police station 3, DVD";
  r.profile = "xinjiang-2014";
  r.created_wall_90k = WallTime90k{kT0};
  return r;
}

class AccessStoreTest : public CatalogTest {};

TEST_F(AccessStoreTest, UsersKeepRolesAndAssignments) {
  ASSERT_TRUE(catalog_->AddCamera(TestCamera("gate")).ok());
  ASSERT_TRUE(catalog_->AddCamera(TestCamera("yard")).ok());
  ASSERT_TRUE(catalog_->PutCameraGroup(CameraGroup{"north", "north side", {"yard"}}).ok());
  UserRecord u = User("op1", {"duty_operator"});
  u.camera_ids = {"gate"};
  u.camera_groups = {"north"};
  ASSERT_TRUE(catalog_->AddUser(u).ok());
  EXPECT_EQ(catalog_->AddUser(u).code(), StatusCode::kAlreadyExists);
  auto got = catalog_->GetUser("op1");
  ASSERT_TRUE(got) << got.error().ToString();
  EXPECT_EQ(got->display_name, "Person op1");
  EXPECT_EQ(got->roles, std::vector<std::string>{"duty_operator"});
  EXPECT_EQ(got->camera_ids, std::vector<std::string>{"gate"});
  EXPECT_EQ(got->camera_groups, std::vector<std::string>{"north"});
  EXPECT_EQ(*catalog_->AssignedCameras("op1"), (std::vector<std::string>{"gate", "yard"}));
  EXPECT_EQ(*catalog_->CountUsers(), 1);
  auto all = catalog_->ListUsers();
  ASSERT_TRUE(all) << all.error().ToString();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ(all->front().camera_groups, std::vector<std::string>{"north"});
  auto groups = catalog_->ListCameraGroups();
  ASSERT_TRUE(groups);
  ASSERT_EQ(groups->size(), 1u);
  EXPECT_EQ(groups->front().camera_ids, std::vector<std::string>{"yard"});

  got->roles = {"approver", "investigator"};
  got->camera_ids.clear();
  got->disabled = true;
  ASSERT_TRUE(catalog_->UpdateUser(*got).ok());
  auto again = catalog_->GetUser("op1");
  EXPECT_TRUE(again->disabled);
  EXPECT_EQ(again->roles, (std::vector<std::string>{"approver", "investigator"}));
  EXPECT_EQ(*catalog_->AssignedCameras("op1"), std::vector<std::string>{"yard"});
  EXPECT_EQ(catalog_->GetUser("nobody").error().code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->UpdateUser(User("nobody", {})).code(), StatusCode::kNotFound);
}

TEST_F(AccessStoreTest, TheSchemaRefusesBadNamesRolesAndUnknownCameras) {
  EXPECT_FALSE(catalog_->AddUser(User("Bad Name", {})).ok());
  EXPECT_FALSE(catalog_->AddUser(User("x", {"superuser"})).ok());
  EXPECT_EQ(catalog_->GetUser("x").error().code(), StatusCode::kNotFound);  // rolled back
  UserRecord u = User("y", {});
  u.camera_ids = {"no-such-camera"};
  EXPECT_EQ(catalog_->AddUser(u).code(), StatusCode::kFailedPrecondition);
  UserRecord plain = User("z", {});
  plain.password_hash = "plaintext";
  EXPECT_FALSE(catalog_->AddUser(plain).ok());
}

TEST_F(AccessStoreTest, FailedLoginsLockAtTheLimitAndRestartTheCount) {
  ASSERT_TRUE(catalog_->AddUser(User("inv", {"investigator"})).ok());
  const WallTime90k until{kT0 + 900 * kSecond};
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(catalog_->RecordFailedLogin("inv", 5, until).ok());
  EXPECT_EQ(catalog_->GetUser("inv")->failed_logins, 4);
  EXPECT_EQ(catalog_->GetUser("inv")->locked_until_wall_90k.ticks_90k, 0);
  ASSERT_TRUE(catalog_->RecordFailedLogin("inv", 5, until).ok());
  EXPECT_EQ(catalog_->GetUser("inv")->failed_logins, 0);
  EXPECT_EQ(catalog_->GetUser("inv")->locked_until_wall_90k, until);
  ASSERT_TRUE(catalog_->RecordFailedLogin("inv", 5, until).ok());
  ASSERT_TRUE(catalog_->RecordGoodLogin("inv").ok());
  EXPECT_EQ(catalog_->GetUser("inv")->failed_logins, 0);
  EXPECT_TRUE(catalog_->RecordFailedLogin("unknown", 5, until).ok());
}

TEST_F(AccessStoreTest, RequestsRoundTripAndDecisionsAreCompareAndSet) {
  ASSERT_TRUE(catalog_->AddUser(User("inv", {"investigator"})).ok());
  auto id = catalog_->AddRetrievalRequest(Request("inv"));
  ASSERT_TRUE(id) << id.error().ToString();
  auto r = catalog_->GetRetrievalRequest(*id);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->persons.size(), 2u);
  EXPECT_EQ(r->persons[1].name, "Wang \"Fang\"");
  EXPECT_EQ(r->camera_ids, std::vector<std::string>{"gate"});
  EXPECT_EQ(r->state, RequestState::kPending);
  EXPECT_FALSE(r->expires_wall_90k);
  EXPECT_TRUE(catalog_->ActiveGrants("inv", WallTime90k{kT0})->empty());

  RetrievalRequest approved = *r;
  approved.state = RequestState::kApproved;
  approved.approver1 = "a1";
  approved.approved1_wall_90k = WallTime90k{kT0 + kSecond};
  approved.expires_wall_90k = WallTime90k{kT0 + 100 * kSecond};
  ASSERT_TRUE(catalog_->UpdateRetrievalDecision(approved, *r).ok());
  // A second decision made from the same stale copy loses.
  EXPECT_EQ(catalog_->UpdateRetrievalDecision(approved, *r).code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(catalog_->ActiveGrants("inv", WallTime90k{kT0 + 99 * kSecond})->size(), 1u);
  EXPECT_TRUE(catalog_->ActiveGrants("inv", WallTime90k{kT0 + 100 * kSecond})->empty());
  EXPECT_TRUE(catalog_->ActiveGrants("other", WallTime90k{kT0})->empty());
  EXPECT_EQ(catalog_->ListRetrievalRequests("")->size(), 1u);
  EXPECT_TRUE(catalog_->ListRetrievalRequests("other")->empty());
  EXPECT_EQ(catalog_->GetRetrievalRequest(99).error().code(), StatusCode::kNotFound);
}

TEST_F(AccessStoreTest, AnEmergencyRequestGrantsWhilePending) {
  ASSERT_TRUE(catalog_->AddUser(User("inv", {"investigator"})).ok());
  RetrievalRequest r = Request("inv");
  r.emergency = true;
  r.expires_wall_90k = WallTime90k{kT0 + 50 * kSecond};
  ASSERT_TRUE(catalog_->AddRetrievalRequest(r));
  EXPECT_EQ(catalog_->ActiveGrants("inv", WallTime90k{kT0 + kSecond})->size(), 1u);
}

}  // namespace
}  // namespace custos::testing
