// The server in-process, on a loopback port, with an empty catalog: status mapping on the
// wire, session cookie and CSRF flow, and the 503 of a full work queue.
#include "api/api_server.h"
#include "api/route.h"
#include "govern/rule_numbers.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "access/access_test_util.h"

namespace custos::api {
namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using tcp = boost::asio::ip::tcp;

struct Response {
  int status = 0;
  http::response<http::string_body> raw;
};

Response Call(const std::string& endpoint, http::verb method, const std::string& target,
              std::vector<std::pair<std::string, std::string>> headers = {}, const std::string& body = "") {
  boost::asio::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  const auto colon = endpoint.rfind(':');
  stream.connect(resolver.resolve(endpoint.substr(0, colon), endpoint.substr(colon + 1)));
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "localhost");
  for (const auto& [n, v] : headers) req.set(n, v);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  Response r;
  http::response_parser<http::string_body> parser;
  parser.skip(method == http::verb::head);  // a HEAD response has no body to wait for
  http::read(stream, buffer, parser);
  r.raw = parser.release();
  r.status = static_cast<int>(r.raw.result_int());
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_both, ec);
  return r;
}

class ApiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("custos_api_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    if (server_) server_->Stop();
    std::filesystem::remove_all(dir_);
  }
  void Start(size_t max_queued = 16, const std::string& web_root = "", bool users = true) {
    if (users) {
      auto catalog = Catalog::Open((dir_ / "custos.db").string(), clock_);
      ASSERT_TRUE(catalog);
      testing::AddTestUsers(**catalog, clock_);
    }
    clock_.Advance(2 * 3600 * testing::kSecond);  // the footage asked for is in the past
    ApiServerOptions o;
    o.web_root = web_root;
    o.listen = "127.0.0.1:0";
    o.data_dir = dir_.string();
    o.catalog_path = (dir_ / "custos.db").string();
    o.max_queued = max_queued;
    o.audit = &audit_;
    o.retrieval_rules = [](Catalog&) -> Result<access::RetrievalRules> {
      auto set = govern::ProfileSet::Load(govern::FindProfilesDir());
      if (!set) return Err(set.error());
      return govern::RetrievalRulesOf(**set->Find("xinjiang-2014"));
    };
    auto s = ApiServer::Start(o, nullptr, clock_);
    ASSERT_TRUE(s) << s.error().ToString();
    server_ = std::move(*s);
  }
  std::string ep() const { return server_->endpoint(); }

  struct Session {
    std::string cookie;
    std::string csrf;
  };
  Session Login(const std::string& user, const std::string& password = testing::kTestPassword) {
    const nlohmann::json body = {{"user", user}, {"password", password}};
    Response r = Call(ep(), http::verb::post, "/api/v1/login", {}, body.dump());
    EXPECT_EQ(r.status, 200) << user << ": " << r.raw.body();
    if (r.status != 200) return {};
    const std::string set_cookie(r.raw[http::field::set_cookie]);
    return {set_cookie.substr(0, set_cookie.find(';')), nlohmann::json::parse(r.raw.body())["csrf_token"]};
  }
  Response Get(const Session& s, const std::string& target) {
    return Call(ep(), http::verb::get, target, {{"Cookie", s.cookie}});
  }
  Response Post(const Session& s, const std::string& target, const nlohmann::json& body) {
    return Call(ep(), http::verb::post, target, {{"Cookie", s.cookie}, {"X-Custos-CSRF", s.csrf}}, body.dump());
  }
  // The audit events with `action`.
  std::vector<AuditEvent> Audited(const std::string& action) {
    std::vector<AuditEvent> out;
    for (const AuditEvent& e : audit_.events()) {
      if (e.action == action) out.push_back(e);
    }
    return out;
  }
  static nlohmann::json RequestBody(const std::string& kind) {
    return {{"kind", kind},
            {"cameras", {"gate"}},
            {"from", "2026-11-23T08:30:00Z"},
            {"to", "2026-11-23T09:30:00Z"},
            {"purpose", "bicycle theft"},
            {"case_ref", "CASE-17"},
            {"approval_doc_ref", "APPROVAL-88"},
            {"destination", "District police station, USB stick 4"},
            {"persons",
             {{{"name", "Li Wei"}, {"id_number", "1101"}, {"work_permit", "WP-1"}},
              {{"name", "Zhang Min"}, {"id_number", "1102"}, {"work_permit", "WP-2"}}}}};
  }

  FakeClock clock_{WallTime90k{testing::kT0}};
  MemoryAuditSink audit_;
  std::filesystem::path dir_;
  std::unique_ptr<ApiServer> server_;
};

constexpr char kTimeline[] = "/api/v1/cameras/gate/timeline?from=2026-11-23T08:30:00Z&to=2026-11-23T08:40:00Z";
constexpr char kExport[] =
    "/api/v1/cameras/gate/export.mp4?from=2026-11-23T08:30:00Z&to=2026-11-23T08:40:00Z&download=1";

TEST_F(ApiServerTest, ErrorsHaveTheirStatusAndJsonBody) {
  Start();
  EXPECT_EQ(Call(ep(), http::verb::get, "/api/v1/health").status, 200);
  Response r = Call(ep(), http::verb::get, "/api/v1/cameras");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.raw[http::field::content_type], "application/json");
  EXPECT_NE(r.raw.body().find(R"("code":"unauthenticated")"), std::string::npos) << r.raw.body();
  ASSERT_EQ(Audited("refused").size(), 1u) << "every refusal is audited";
  EXPECT_EQ(Audited("refused")[0].client, "127.0.0.1");
  r = Call(ep(), http::verb::get, "/api/v1/nothing");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.raw.body().find(R"("code":"not_found")"), std::string::npos);
  r = Call(ep(), http::verb::put, "/api/v1/login");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.raw[http::field::allow], "POST");
  EXPECT_EQ(Call(ep(), http::verb::get, "/api/v1/%zz").status, 400);
}

TEST_F(ApiServerTest, ServesTheWebUiOutsideTheApiWithoutASession) {
  const auto web = dir_ / "web";
  std::filesystem::create_directories(web / "assets");
  std::ofstream(web / "index.html") << "<!doctype html><title>Custos</title>";
  std::ofstream(web / "assets" / "index-abc123.js") << "console.log(1)";
  Start(16, web.string());
  for (const char* target : {"/", "/live", "/playback?camera=gate"}) {
    SCOPED_TRACE(target);
    Response r = Call(ep(), http::verb::get, target);
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.raw[http::field::content_type], "text/html; charset=utf-8");
    EXPECT_EQ(r.raw.body(), "<!doctype html><title>Custos</title>");
    EXPECT_EQ(r.raw[http::field::cache_control], "no-cache");
    EXPECT_NE(r.raw["Content-Security-Policy"].find("default-src 'self'"), std::string::npos);
  }
  Response js = Call(ep(), http::verb::get, "/assets/index-abc123.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.raw[http::field::content_type], "text/javascript; charset=utf-8");
  EXPECT_EQ(js.raw[http::field::cache_control], "public, max-age=31536000, immutable");
  Response head = Call(ep(), http::verb::head, "/assets/index-abc123.js");
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.raw[http::field::content_length], "14");
  EXPECT_EQ(Call(ep(), http::verb::get, "/assets/gone.js").status, 404);
  EXPECT_EQ(Call(ep(), http::verb::get, "/assets/%2e%2e/%2e%2e/custos.db").status, 400);
  // The API keeps its JSON errors and its protection.
  Response api = Call(ep(), http::verb::get, "/api/v1/nothing");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.raw[http::field::content_type], "application/json");
  EXPECT_EQ(Call(ep(), http::verb::get, "/api/v1/cameras").status, 401);
  EXPECT_EQ(Call(ep(), http::verb::post, "/index.html").status, 404);
}

TEST_F(ApiServerTest, WithoutABuiltWebUiTheRootSaysHowToBuildIt) {
  Start(16, (dir_ / "no-such-folder").string());
  Response r = Call(ep(), http::verb::get, "/");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.raw[http::field::content_type], "text/plain; charset=utf-8");
  EXPECT_NE(r.raw.body().find("make build"), std::string::npos) << r.raw.body();
  EXPECT_NE(r.raw.body().find("--web-root"), std::string::npos) << r.raw.body();
}

TEST_F(ApiServerTest, LoginCookieAndCsrf) {
  Start();
  EXPECT_EQ(Call(ep(), http::verb::post, "/api/v1/login", {}, R"({"user":"administrator","password":"wrong"})").status,
            401);
  ASSERT_EQ(Audited("login_failed").size(), 1u);
  EXPECT_EQ(Audited("login_failed")[0].actor, "");
  const Session s = Login("administrator");
  EXPECT_EQ(Audited("login").size(), 1u);
  EXPECT_EQ(Get(s, "/api/v1/cameras").status, 200);
  EXPECT_EQ(Get(s, "/api/v1/cameras/nope").status, 404);
  Response me = Get(s, "/api/v1/me");
  EXPECT_NE(me.raw.body().find(R"("roles":["administrator"])"), std::string::npos) << me.raw.body();
  // The role table for the UI, as RoleHolds has it.
  const nlohmann::json holders = nlohmann::json::parse(me.raw.body())["permission_holders"];
  EXPECT_EQ(holders["view_audit"], nlohmann::json::array({"auditor"})) << holders.dump();
  EXPECT_EQ(holders["view_unmasked"], nlohmann::json::array({"investigator"})) << holders.dump();
  EXPECT_EQ(holders.size(), std::size(kRolePermissions));
  EXPECT_EQ(Call(ep(), http::verb::head, "/api/v1/me", {{"Cookie", s.cookie}}).status, 200);
  EXPECT_EQ(Call(ep(), http::verb::post, "/api/v1/logout", {{"Cookie", s.cookie}}).status, 403)
      << "wrong CSRF: no header";
  EXPECT_EQ(Call(ep(), http::verb::post, "/api/v1/logout", {{"Cookie", s.cookie}, {"X-Custos-CSRF", "x"}}).status,
            403);
  EXPECT_EQ(Post(s, "/api/v1/logout", nlohmann::json::object()).status, 204);
  EXPECT_EQ(Get(s, "/api/v1/me").status, 401);
}

TEST_F(ApiServerTest, FiveFailedLoginsLockTheAccount) {
  Start();
  Response unknown = Call(ep(), http::verb::post, "/api/v1/login", {}, R"({"user":"ghost","password":"x"})");
  for (int i = 0; i < 5; ++i) {
    Response r = Call(ep(), http::verb::post, "/api/v1/login", {}, R"({"user":"auditor","password":"x"})");
    EXPECT_EQ(r.status, 401);
    EXPECT_EQ(r.raw.body(), unknown.raw.body()) << "the same answer as for a user who does not exist";
  }
  const nlohmann::json right = {{"user", "auditor"}, {"password", testing::kTestPassword}};
  Response locked = Call(ep(), http::verb::post, "/api/v1/login", {}, right.dump());
  EXPECT_EQ(locked.status, 401);
  EXPECT_NE(locked.raw.body().find("locked for 15 minutes"), std::string::npos) << locked.raw.body();
  clock_.Advance(15 * 60 * testing::kSecond);
  EXPECT_EQ(Call(ep(), http::verb::post, "/api/v1/login", {}, right.dump()).status, 200);
}

TEST_F(ApiServerTest, ADutyOperatorWatchesOnlyAssignedCameras) {
  Start();
  const Session op = Login("duty_operator");
  Response other = Get(op, "/api/v1/cameras/yard/live");
  EXPECT_EQ(other.status, 403);
  EXPECT_NE(other.raw.body().find("not assigned"), std::string::npos);
  EXPECT_EQ(Audited("refused").back().camera_ids, std::vector<std::string>{"yard"});
  // Assigned: authorised and audited; then, without the WebSocket headers, 400.
  EXPECT_EQ(Get(op, "/api/v1/cameras/gate/live").status, 400);
  EXPECT_EQ(Audited("live_start").size(), 1u);
  EXPECT_EQ(Get(op, kTimeline).status, 403) << "no footage for a duty operator";
}

TEST_F(ApiServerTest, ExportNeedsARequestTwoApproversAndExpires) {
  Start();
  const Session inv = Login("investigator");
  const Session a1 = Login("approver");
  const Session a2 = Login("approver2");
  Response refused = Get(inv, kTimeline);
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.raw.body().find("POST /api/v1/requests"), std::string::npos) << refused.raw.body();

  nlohmann::json one_person = RequestBody("export");
  one_person["persons"].erase(1);
  Response few = Post(inv, "/api/v1/requests", one_person);
  EXPECT_EQ(few.status, 400);
  EXPECT_NE(few.raw.body().find("at least 2"), std::string::npos) << few.raw.body();

  Response filed = Post(inv, "/api/v1/requests", RequestBody("export"));
  ASSERT_EQ(filed.status, 201) << filed.raw.body();
  const std::string id = std::to_string(nlohmann::json::parse(filed.raw.body())["id"].get<int64_t>());
  EXPECT_EQ(Audited("request_filed").size(), 1u);
  Response self = Post(inv, "/api/v1/requests/" + id + "/approve", nlohmann::json::object());
  EXPECT_EQ(self.status, 403) << "an investigator holds no approve permission";
  EXPECT_EQ(Post(a1, "/api/v1/requests/" + id + "/approve", nlohmann::json::object()).status, 200);
  EXPECT_EQ(Get(inv, kExport).status, 403) << "one approver is not enough for an export";
  EXPECT_EQ(Post(a1, "/api/v1/requests/" + id + "/approve", nlohmann::json::object()).status, 403)
      << "the same approver twice";
  Response second = Post(a2, "/api/v1/requests/" + id + "/approve", nlohmann::json::object());
  ASSERT_EQ(second.status, 200) << second.raw.body();
  EXPECT_EQ(nlohmann::json::parse(second.raw.body())["state"], "approved");
  EXPECT_EQ(Audited("request_approved").size(), 2u);

  EXPECT_EQ(Get(inv, kTimeline).status, 200);
  ASSERT_EQ(Audited("footage_index").size(), 1u);
  EXPECT_EQ(Audited("footage_index")[0].request_id, id);
  EXPECT_EQ(Audited("footage_index")[0].purpose, "bicycle theft");
  // The camera has no recordings here: the export is authorised, audited, then 404.
  EXPECT_EQ(Get(inv, kExport).status, 404);
  ASSERT_EQ(Audited("export").size(), 1u);
  EXPECT_EQ(Audited("export")[0].destination, "District police station, USB stick 4");

  clock_.Advance(24 * 3600 * testing::kSecond);
  EXPECT_EQ(Get(inv, kTimeline).status, 401) << "the session ended too (12 h)";
  EXPECT_EQ(Get(Login("investigator"), kTimeline).status, 403) << "the grant expired";
}

TEST_F(ApiServerTest, RequestsAreRejectedWithAReasonAndEmergenciesFlagged) {
  Start();
  const Session inv = Login("investigator");
  const Session a1 = Login("approver");
  nlohmann::json e = RequestBody("playback");
  e["emergency"] = true;
  e["approval_doc_ref"] = "";
  Response filed = Post(inv, "/api/v1/requests", e);
  ASSERT_EQ(filed.status, 201) << filed.raw.body();
  const auto body = nlohmann::json::parse(filed.raw.body());
  EXPECT_TRUE(body["pending_after_the_fact"].get<bool>());
  EXPECT_EQ(Get(inv, kTimeline).status, 200) << "an emergency is granted at once";
  Response pending = Get(a1, "/api/v1/requests?state=pending");
  EXPECT_NE(pending.raw.body().find(R"("pending_after_the_fact":true)"), std::string::npos);
  const std::string id = std::to_string(body["id"].get<int64_t>());
  EXPECT_EQ(Post(a1, "/api/v1/requests/" + id + "/reject", nlohmann::json::object()).status, 400);
  EXPECT_EQ(Post(a1, "/api/v1/requests/" + id + "/reject", {{"reason", "no emergency"}}).status, 200);
  EXPECT_EQ(Get(inv, kTimeline).status, 403) << "rejected: the emergency grant ends";
  EXPECT_EQ(Audited("request_rejected").size(), 1u);
}

TEST_F(ApiServerTest, AdministratorsManageUsersAndADisabledUserIsOut) {
  Start();
  const Session admin = Login("administrator");
  const Session aud = Login("auditor");
  Response add = Post(admin, "/api/v1/users",
                      {{"name", "op2"}, {"password", "a long enough password"}, {"roles", {"duty_operator"}},
                       {"cameras", {"yard"}}});
  ASSERT_EQ(add.status, 201) << add.raw.body();
  EXPECT_EQ(Post(aud, "/api/v1/users", {{"name", "x"}}).status, 403);
  const Session op2 = Login("op2", "a long enough password");
  EXPECT_EQ(Get(op2, "/api/v1/cameras/gate/live").status, 403);
  EXPECT_EQ(Post(admin, "/api/v1/users/op2/grant", {{"roles", {"duty_operator"}}, {"cameras", {"gate"}}}).status, 200);
  EXPECT_EQ(Get(op2, "/api/v1/cameras/gate/live").status, 400) << "the new assignment applies at once (past 403)";
  EXPECT_EQ(Post(admin, "/api/v1/users/op2/disable", {{"disabled", true}}).status, 200);
  EXPECT_EQ(Get(op2, "/api/v1/me").status, 401) << "a disabled user's session ends";
  EXPECT_GE(Audited("user_change").size(), 3u);
  Response list = Get(admin, "/api/v1/users");
  EXPECT_NE(list.raw.body().find(R"("name":"op2")"), std::string::npos);
  EXPECT_EQ(list.raw.body().find("argon2"), std::string::npos) << "hashes never leave";
}

TEST_F(ApiServerTest, AFullQueueIs503WithRetryAfter) {
  Start(/*max_queued=*/0, "", /*users=*/false);
  Response r = Call(ep(), http::verb::get, "/api/v1/health");
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.raw[http::field::retry_after], "1");
  EXPECT_NE(r.raw.body().find(R"("code":"overloaded")"), std::string::npos);
}

TEST_F(ApiServerTest, AServerWithoutAnAuditSinkDoesNotStart) {
  ApiServerOptions o;
  o.listen = "127.0.0.1:0";
  o.catalog_path = (dir_ / "custos.db").string();
  auto s = ApiServer::Start(o, nullptr, clock_);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace custos::api
