// The authorisation matrix: every route of the table, for an anonymous client and for a
// user of each role, against an explicit expected decision. A route added without a rule
// here fails. Then every refusal of the per-camera and per-grant rules.
#include "api/authorize.h"

#include <gtest/gtest.h>

#include <map>

namespace custos::api {
namespace {

using access::Role;

// 2026-11-23T08:30:00Z.
constexpr int64_t kT0 = int64_t{1795422600} * kTicksPerSecond90k;
constexpr int64_t kSecond = kTicksPerSecond90k;

// One letter per column: A allow, 1 = 401, 3 = 403.
// Columns: anonymous, administrator, duty_operator, investigator, approver, auditor, maintainer.
const std::map<std::string, std::string>& Expectations() {
  static const std::map<std::string, std::string> rules = {
      {"GET /api/v1/health", "AAAAAAA"},
      {"GET /api/v1/status", "1AAAA3A"},
      {"POST /api/v1/login", "AAAAAAA"},
      {"POST /api/v1/logout", "1AAAAAA"},
      {"GET /api/v1/me", "1AAAAAA"},
      {"POST /api/v1/me/password", "1AAAAAA"},
      {"GET /api/v1/cameras", "1AAAA3A"},
      {"GET /api/v1/cameras/{id}", "1AAAA3A"},
      {"GET /api/v1/cameras/{id}/recordings", "133A333"},
      {"GET /api/v1/cameras/{id}/timeline", "133A333"},
      {"GET /api/v1/cameras/{id}/export.mp4", "133A333"},
      {"GET /api/v1/cameras/{id}/still.jpg", "133A333"},  // a picture of the footage: a grant
      {"GET /api/v1/cameras/{id}/live.jpg", "13A3333"},   // a picture of live: an assignment
      {"GET /api/v1/cameras/{id}/live", "13A3333"},
      {"GET /api/v1/cameras/{id}/privacy-zones", "1A33333"},
      {"PUT /api/v1/cameras/{id}/privacy-zones", "1A33333"},
      {"GET /{path*}", "AAAAAAA"},  // the web UI's files; its data needs the API
      {"GET /api/v1/users", "1A33333"},
      {"POST /api/v1/users", "1A33333"},
      {"POST /api/v1/users/{name}/disable", "1A33333"},
      {"POST /api/v1/users/{name}/password", "1A33333"},
      {"POST /api/v1/users/{name}/grant", "1A33333"},
      {"GET /api/v1/camera-groups", "1A33333"},
      {"POST /api/v1/camera-groups", "1A33333"},
      {"GET /api/v1/requests", "1A3AAA3"},
      {"POST /api/v1/requests", "133A333"},
      {"GET /api/v1/requests/{id}", "1A3AAA3"},
      {"POST /api/v1/requests/{id}/approve", "1333A33"},
      {"POST /api/v1/requests/{id}/reject", "1333A33"},
      // Govern (R408: the registry is itself confidential; the maintainer reads it to service cameras).
      {"POST /api/v1/cameras", "1A33333"},
      {"POST /api/v1/cameras/{id}/registry", "1A33333"},
      {"GET /api/v1/registry", "1A3333A"},
      {"GET /api/v1/site-categories", "1A3333A"},
      {"GET /api/v1/profiles", "1A333A3"},
      {"GET /api/v1/profile", "1A333A3"},
      {"GET /api/v1/compliance", "1A333A3"},
      {"GET /api/v1/filings", "1A33333"},
      {"POST /api/v1/filings/{id}/filed", "1A33333"},
      {"GET /api/v1/records", "1A33333"},
      {"POST /api/v1/records", "1A33333"},
      // The audit log: the auditor alone reads it (administrators are audited like everyone).
      {"GET /api/v1/audit", "13333A3"},
      {"GET /api/v1/audit/verify", "13333A3"},
      {"GET /api/v1/audit/register", "13333A3"},
      {"GET /api/v1/audit/inspection", "13333A3"},
      // Export jobs: starting one needs an export grant; the rest only the job's owner.
      {"POST /api/v1/exports", "133A333"},
      {"GET /api/v1/exports", "133A333"},
      {"GET /api/v1/exports/{id}", "133A333"},
      {"GET /api/v1/exports/{id}/download", "133A333"},
      {"DELETE /api/v1/exports/{id}", "133A333"},
  };
  return rules;
}

char Outcome(const Decision& d) {
  if (d.allowed) return 'A';
  if (d.reason.code() == StatusCode::kUnauthenticated) return '1';
  EXPECT_EQ(d.reason.code(), StatusCode::kPermissionDenied) << d.reason.ToString();
  return '3';
}

std::string Key(const RouteSpec& r) { return std::string(ToString(r.method)) + " " + std::string(r.pattern); }

RetrievalRequest Grant(const std::string& kind, int64_t id = 7) {
  RetrievalRequest g;
  g.id = id;
  g.requester = "u";
  g.kind = kind;
  g.camera_ids = {"gate"};
  g.from_wall_90k = WallTime90k{kT0};
  g.to_wall_90k = WallTime90k{kT0 + 3600 * kSecond};
  g.state = RequestState::kApproved;
  g.expires_wall_90k = WallTime90k{kT0 + 48 * 3600 * kSecond};
  return g;
}

// A user holding `roles`, assigned camera "gate", with an approved export grant for gate
// over [kT0, kT0 + 1 h): the matrix tests roles; the tests below take the rest away.
Principal User(std::vector<Role> roles) {
  Principal p;
  p.authenticated = true;
  p.user = "u";
  p.session_id = "sid";
  p.csrf_token = "token";
  p.roles = std::move(roles);
  p.live_cameras = {"gate"};
  p.grants = {Grant("export")};
  return p;
}

RequestContext Context(Method m, std::string csrf = "token") {
  RequestContext c;
  c.method = m;
  c.csrf_header = std::move(csrf);
  c.camera_id = "gate";
  c.from_wall_90k = WallTime90k{kT0 + 60 * kSecond};
  c.to_wall_90k = WallTime90k{kT0 + 120 * kSecond};
  c.now = WallTime90k{kT0 + 7200 * kSecond};
  return c;
}

const RouteSpec& RouteOf(const std::string& key) {
  for (const RouteSpec& r : Routes()) {
    if (Key(r) == key) return r;
  }
  ADD_FAILURE() << "no route " << key;
  return Routes().front();
}

TEST(Authorize, EveryRouteHasAnExpectedDecisionForEveryRole) {
  for (const RouteSpec& r : Routes()) {
    SCOPED_TRACE(Key(r));
    auto it = Expectations().find(Key(r));
    ASSERT_NE(it, Expectations().end()) << "new route without an authorisation rule in authorize_test.cc";
    const std::string& want = it->second;
    ASSERT_EQ(want.size(), 1 + access::kAllRoles.size());
    EXPECT_EQ(Outcome(Authorize(Principal{}, r, Context(r.method, ""))), want[0]) << "anonymous";
    for (size_t i = 0; i < access::kAllRoles.size(); ++i) {
      const Role role = access::kAllRoles[i];
      SCOPED_TRACE(std::string(access::ToString(role)));
      EXPECT_EQ(Outcome(Authorize(User({role}), r, Context(r.method))), want[i + 1]);
      if (r.method == Method::kGet) {  // HEAD is decided as GET
        EXPECT_EQ(Outcome(Authorize(User({role}), r, Context(Method::kHead, ""))), want[i + 1]);
      }
    }
  }
  EXPECT_EQ(Expectations().size(), Routes().size()) << "a rule names a route that no longer exists";
}

TEST(Authorize, AUserWithoutRolesGetsOnlyTheirSession) {
  for (const RouteSpec& r : Routes()) {
    SCOPED_TRACE(Key(r));
    const bool open = r.permission == Permission::kPublic || r.permission == Permission::kSession;
    EXPECT_EQ(Outcome(Authorize(User({}), r, Context(r.method))), open ? 'A' : '3');
  }
}

TEST(Authorize, StateChangingRequestsNeedTheCsrfToken) {
  const Principal admin = User({Role::kAdministrator, Role::kInvestigator, Role::kApprover});
  for (const RouteSpec& r : Routes()) {
    if ((r.method != Method::kPost && r.method != Method::kPut && r.method != Method::kDelete) ||
        r.permission == Permission::kPublic) {
      continue;
    }
    SCOPED_TRACE(Key(r));
    EXPECT_EQ(Outcome(Authorize(admin, r, Context(r.method, ""))), '3');
    EXPECT_EQ(Outcome(Authorize(admin, r, Context(r.method, "tokeN"))), '3');
    EXPECT_EQ(Outcome(Authorize(admin, r, Context(r.method, "token2"))), '3');
    const Decision d = Authorize(admin, r, Context(r.method, "x"));
    EXPECT_NE(d.reason.message().find(kCsrfHeader), std::string::npos);
  }
}

TEST(Authorize, ADutyOperatorSeesOnlyAssignedCamerasLive) {
  const RouteSpec& live = RouteOf("GET /api/v1/cameras/{id}/live");
  Principal op = User({Role::kDutyOperator});
  RequestContext yard = Context(Method::kGet);
  yard.camera_id = "yard";
  const Decision d = Authorize(op, live, yard);
  EXPECT_EQ(Outcome(d), '3');
  EXPECT_NE(d.reason.message().find("camera 'yard' is not assigned"), std::string::npos) << d.reason.message();
  op.live_cameras.clear();
  EXPECT_EQ(Outcome(Authorize(op, live, Context(Method::kGet))), '3');
}

TEST(Authorize, FootageNeedsAGrantCoveringCameraAndRange) {
  const RouteSpec& timeline = RouteOf("GET /api/v1/cameras/{id}/timeline");
  const RouteSpec& mp4 = RouteOf("GET /api/v1/cameras/{id}/export.mp4");
  Principal inv = User({Role::kInvestigator});
  const Decision ok = Authorize(inv, mp4, Context(Method::kGet));
  EXPECT_TRUE(ok.allowed);
  EXPECT_EQ(ok.grant_request_id, 7);

  inv.grants.clear();
  for (const RouteSpec* r : {&timeline, &mp4}) {
    const Decision d = Authorize(inv, *r, Context(Method::kGet));
    EXPECT_EQ(Outcome(d), '3');
    EXPECT_NE(d.reason.message().find("file one (POST /api/v1/requests)"), std::string::npos) << d.reason.message();
  }
  inv = User({Role::kInvestigator});
  RequestContext other = Context(Method::kGet);
  other.camera_id = "yard";
  EXPECT_EQ(Outcome(Authorize(inv, mp4, other)), '3');
  RequestContext wider = Context(Method::kGet);
  wider.to_wall_90k = WallTime90k{kT0 + 3601 * kSecond};
  EXPECT_EQ(Outcome(Authorize(inv, mp4, wider)), '3') << "the whole asked range must be granted";
  RequestContext no_range = Context(Method::kGet);
  no_range.from_wall_90k.reset();
  EXPECT_EQ(Authorize(inv, mp4, no_range).reason.code(), StatusCode::kInvalidArgument);
}

TEST(Authorize, AnExpiredRejectedOrPendingGrantIsNoGrant) {
  const RouteSpec& mp4 = RouteOf("GET /api/v1/cameras/{id}/export.mp4");
  Principal inv = User({Role::kInvestigator});
  RequestContext late = Context(Method::kGet);
  late.now = *inv.grants[0].expires_wall_90k;
  EXPECT_EQ(Outcome(Authorize(inv, mp4, late)), '3') << "expired";
  inv.grants[0].state = RequestState::kRejected;
  EXPECT_EQ(Outcome(Authorize(inv, mp4, Context(Method::kGet))), '3') << "rejected";
  inv.grants[0].state = RequestState::kPending;
  EXPECT_EQ(Outcome(Authorize(inv, mp4, Context(Method::kGet))), '3') << "pending, not an emergency";
  inv.grants[0].emergency = true;
  EXPECT_EQ(Outcome(Authorize(inv, mp4, Context(Method::kGet))), 'A') << "emergency: granted while pending";
}

TEST(Authorize, DownloadingACopyNeedsAnExportGrant) {
  const RouteSpec& mp4 = RouteOf("GET /api/v1/cameras/{id}/export.mp4");
  Principal inv = User({Role::kInvestigator});
  inv.grants = {Grant("playback")};
  RequestContext download = Context(Method::kGet);
  download.download = true;
  EXPECT_EQ(Outcome(Authorize(inv, mp4, Context(Method::kGet))), 'A') << "playback";
  const Decision d = Authorize(inv, mp4, download);
  EXPECT_EQ(Outcome(d), '3');
  EXPECT_NE(d.reason.message().find("export"), std::string::npos);
  inv.grants.push_back(Grant("export", 8));
  EXPECT_EQ(Authorize(inv, mp4, download).grant_request_id, 8);
}

// ?unmasked=1 on the picture routes: the same columns. Only investigators hold
// view_unmasked, so only their grant-covered stills may be unmasked; a duty operator's live
// pictures stay masked (docs/design/privacy.md).
TEST(Authorize, UnmaskedPicturesNeedViewUnmasked) {
  const std::map<std::string, std::string> unmasked = {
      {"GET /api/v1/cameras/{id}/still.jpg", "133A333"},
      {"GET /api/v1/cameras/{id}/export.mp4", "133A333"},
      {"GET /api/v1/cameras/{id}/live.jpg", "1333333"},
      {"GET /api/v1/cameras/{id}/live", "1333333"},
  };
  for (const auto& [key, want] : unmasked) {
    SCOPED_TRACE(key);
    const RouteSpec& r = RouteOf(key);
    RequestContext c = Context(r.method);
    c.unmasked = true;
    for (size_t i = 0; i < access::kAllRoles.size(); ++i) {
      SCOPED_TRACE(std::string(access::ToString(access::kAllRoles[i])));
      const Decision d = Authorize(User({access::kAllRoles[i]}), r, c);
      EXPECT_EQ(Outcome(d), want[i + 1]);
      EXPECT_EQ(d.unmasked, d.allowed);
      EXPECT_FALSE(Authorize(User({access::kAllRoles[i]}), r, Context(r.method)).unmasked) << "masked by default";
    }
  }
  const Decision refused = Authorize(User({Role::kDutyOperator}), RouteOf("GET /api/v1/cameras/{id}/live.jpg"),
                                     [] { RequestContext c = Context(Method::kGet); c.unmasked = true; return c; }());
  EXPECT_NE(refused.reason.message().find("view_unmasked"), std::string::npos) << refused.reason.message();
  EXPECT_NE(refused.reason.message().find("investigator"), std::string::npos) << refused.reason.message();
  // A user with both roles may watch live unmasked; other routes ignore the parameter.
  RequestContext c = Context(Method::kGet);
  c.unmasked = true;
  EXPECT_TRUE(Authorize(User({Role::kDutyOperator, Role::kInvestigator}), RouteOf("GET /api/v1/cameras/{id}/live"), c)
                  .unmasked);
  EXPECT_EQ(Outcome(Authorize(User({Role::kAdministrator}), RouteOf("GET /api/v1/cameras"), c)), 'A');
  for (Role role : access::kAllRoles) EXPECT_EQ(RoleHolds(role, Permission::kViewUnmasked), role == Role::kInvestigator);
}

TEST(Authorize, RefusalsNameTheMissingRole) {
  const Decision d = Authorize(User({Role::kAuditor}), RouteOf("POST /api/v1/users"), Context(Method::kPost));
  EXPECT_NE(d.reason.message().find("manage_users"), std::string::npos);
  EXPECT_NE(d.reason.message().find("administrator"), std::string::npos);
}

TEST(Authorize, TheRouterFillsCameraRangeAndDownload) {
  const RouteSpec& mp4 = RouteOf("GET /api/v1/cameras/{id}/export.mp4");
  const RequestContext c = MakeRequestContext(
      Method::kGet, "t", mp4, {{"id", "gate"}},
      {{"from", "2026-11-23T08:30:00Z"}, {"to", "2026-11-23T08:31:00Z"}, {"download", "1"}}, WallTime90k{kT0});
  EXPECT_EQ(c.camera_id, "gate");
  ASSERT_TRUE(c.from_wall_90k && c.to_wall_90k);
  EXPECT_EQ(c.from_wall_90k->ticks_90k, kT0);
  EXPECT_EQ(c.to_wall_90k->ticks_90k, kT0 + 60 * kSecond);
  EXPECT_TRUE(c.download);
  EXPECT_FALSE(c.unmasked);
  EXPECT_TRUE(MakeRequestContext(Method::kGet, "", mp4, {{"id", "gate"}}, {{"unmasked", "1"}}, WallTime90k{kT0})
                  .unmasked);
  const RequestContext u = MakeRequestContext(Method::kPost, "t", RouteOf("POST /api/v1/requests/{id}/approve"),
                                              {{"id", "3"}}, {{"from", "junk"}}, WallTime90k{kT0});
  EXPECT_EQ(u.camera_id, "") << "only camera routes name a camera";
  EXPECT_FALSE(u.from_wall_90k);
}

TEST(Authorize, ExportJobsNeedAnExportGrantAndOnlyTheirOwner) {
  const RouteSpec& create = RouteOf("POST /api/v1/exports");
  Principal inv = User({Role::kInvestigator});
  const std::string body = R"({"camera": "gate", "from": ")" + FormatIso8601(WallTime90k{kT0 + 60 * kSecond}) +
                           R"(", "to": ")" + FormatIso8601(WallTime90k{kT0 + 120 * kSecond}) +
                           R"(", "kind": "evidence_package"})";
  auto ctx = [&](const std::string& b) {
    return MakeRequestContext(Method::kPost, "token", create, {}, {}, WallTime90k{kT0 + 7200 * kSecond}, b);
  };
  const RequestContext c = ctx(body);
  EXPECT_EQ(c.camera_id, "gate");
  EXPECT_TRUE(c.download) << "a job's result always leaves";
  const Decision ok = Authorize(inv, create, c);
  EXPECT_TRUE(ok.allowed) << ok.reason.ToString();
  EXPECT_EQ(ok.grant_request_id, 7);
  // A playback grant does not let a copy leave.
  inv.grants = {Grant("playback")};
  Decision d = Authorize(inv, create, c);
  EXPECT_EQ(Outcome(d), '3');
  EXPECT_NE(d.reason.message().find("export request"), std::string::npos) << d.reason.message();
  // Outside the grant's range or camera.
  inv.grants = {Grant("export")};
  RequestContext wider = c;
  wider.to_wall_90k = WallTime90k{kT0 + 7200 * kSecond};
  EXPECT_EQ(Outcome(Authorize(inv, create, wider)), '3');
  RequestContext other = c;
  other.camera_id = "yard";
  EXPECT_EQ(Outcome(Authorize(inv, create, other)), '3');
  // A body without camera or range is a 400 that says what to send.
  for (const std::string& bad : {std::string("not json"), std::string(R"({"camera": "gate"})"),
                                 std::string(R"({"from": "x", "to": "y", "camera": "gate"})")}) {
    d = Authorize(inv, create, ctx(bad));
    EXPECT_EQ(d.reason.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_NE(d.reason.message().find("\"camera\""), std::string::npos) << d.reason.message();
  }
  // Another user's job: 403; one's own, or one not known (the handler says 404): allowed.
  for (const char* key : {"GET /api/v1/exports/{id}", "GET /api/v1/exports/{id}/download", "DELETE /api/v1/exports/{id}"}) {
    SCOPED_TRACE(key);
    RequestContext job = Context(RouteOf(key).method);
    job.resource_owner = "someone else";
    d = Authorize(inv, RouteOf(key), job);
    EXPECT_EQ(Outcome(d), '3');
    EXPECT_NE(d.reason.message().find("another user"), std::string::npos);
    job.resource_owner = "u";
    EXPECT_TRUE(Authorize(inv, RouteOf(key), job).allowed);
    job.resource_owner.reset();
    EXPECT_TRUE(Authorize(inv, RouteOf(key), job).allowed);
  }
}

}  // namespace
}  // namespace custos::api
