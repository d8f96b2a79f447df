// access_test_util.h: a catalog on a fake clock with cameras and users of every role, for
// the tests of src/access and src/api.
#pragma once

#include "access/users.h"
#include "catalog/catalog_test_util.h"

namespace custos::testing {

inline constexpr char kTestPassword[] = "correct horse battery";

// Adds cameras "gate" and "yard" and one user per role, named after it ("administrator",
// "duty_operator", "investigator", "approver", "auditor", "maintainer"), plus "approver2";
// the duty operator is assigned "gate".
inline void AddTestUsers(Catalog& catalog, const Clock& clock) {
  ASSERT_TRUE(catalog.AddCamera(TestCamera("gate")).ok());
  ASSERT_TRUE(catalog.AddCamera(TestCamera("yard")).ok());
  for (const char* role : {"administrator", "duty_operator", "investigator", "approver", "auditor", "maintainer"}) {
    access::NewUser u{role, std::string("Person ") + role, "Unit 1", kTestPassword, {role}, {}, {}};
    if (std::string(role) == "duty_operator") u.camera_ids = {"gate"};
    Status s = access::AddUser(catalog, clock, u);
    ASSERT_TRUE(s.ok()) << s.ToString();
  }
  Status s = access::AddUser(catalog, clock, {"approver2", "Second approver", "Unit 2", kTestPassword, {"approver"}, {}, {}});
  ASSERT_TRUE(s.ok()) << s.ToString();
}

// A complete playback request by "investigator" for gate over [kT0, kT0 + 1 h).
inline RetrievalRequest TestRequest(const std::string& kind = "playback") {
  RetrievalRequest r;
  r.requester = "investigator";
  r.kind = kind;
  r.camera_ids = {"gate"};
  r.from_wall_90k = WallTime90k{kT0};
  r.to_wall_90k = WallTime90k{kT0 + 3600 * kSecond};
  r.purpose = "bicycle theft at the gate";
  r.case_ref = "CASE-2026-17";
  r.approval_doc_ref = "APPROVAL-88";
  r.persons = {{"Li Wei", "110101199001011234", "WP-1"}, {"Zhang Min", "110101199202022345", "WP-2"}};
  r.destination = kind == "export" ? "District police station, USB stick 4" : "";
  return r;
}

}  // namespace custos::testing
