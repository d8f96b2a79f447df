// Govern end to end: a real `custos serve` and the rtsp-camera of ../shared/peers. R103
// refusals by every route (CLI and HTTP, at registration and at change, for the
// administrator), R206 (a planned camera is not recorded; once accepted and in use it is),
// the profile and the compliance report over HTTP; the lists the web UI's forms offer.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <set>
#include <thread>
#include <vector>

#include "custos_fixture.h"

namespace custos::testing {
namespace {

using std::chrono::seconds;

class GovernHttpTest : public CustosTest {
 protected:
  void StartAndLogIn() {
    StartServe();
    port_ = HttpPort();
    ASSERT_GT(port_, 0) << ServeOutput();
    session_ = Login(port_);
    ASSERT_FALSE(session_.csrf.empty());
  }
  HttpResponse Get(const std::string& target) {
    return HttpRequest(port_, "GET", target, {{"Cookie", session_.cookie}});
  }
  HttpResponse Post(const std::string& target, const nlohmann::json& body) {
    return HttpRequest(port_, "POST", target, {{"Cookie", session_.cookie}, {"X-Custos-CSRF", session_.csrf}},
                       body.dump());
  }

  int port_ = 0;
  ApiSession session_;
};

nlohmann::json Entry(const std::string& site, const std::string& lifecycle) {
  return {{"site_category", site}, {"lifecycle", lifecycle}, {"owning_unit", "Office 3"},
          {"address", "1 Gate Rd"}, {"latitude", 43.8}, {"longitude", 87.6}};
}

TEST_F(GovernHttpTest, R103IsRefusedByEveryRouteEvenForTheAdministrator) {
  StartAndLogIn();
  // HTTP, at registration.
  HttpResponse r = Post("/api/v1/cameras", {{"id", "wc"}, {"url", "rtsp://192.0.2.1/a"},
                                            {"registry", Entry("toilet", "planned")}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("R103"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find("N25 8"), std::string::npos) << r.body;
  EXPECT_EQ(Get("/api/v1/cameras/wc").status, 404);
  // CLI, at registration.
  CommandResult cli = Custos({"camera", "add", "--id", "wc", "--url", "rtsp://192.0.2.1/a", "--site", "nursing_room"});
  EXPECT_EQ(cli.exit_code, 1);
  EXPECT_NE(cli.out.find("R103"), std::string::npos) << cli.out;
  // A lawful camera, then changes to private places by both routes.
  r = Post("/api/v1/cameras", {{"id", "lobby"}, {"url", "rtsp://192.0.2.1/b"},
                               {"registry", Entry("hotel_public_area", "planned")}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.body.find("192.0.2.1"), std::string::npos) << "never the URL: " << r.body;
  r = Post("/api/v1/cameras/lobby/registry", {{"site_category", "hotel_room"}});
  EXPECT_EQ(r.status, 403) << r.body;
  EXPECT_NE(r.body.find("R103"), std::string::npos) << r.body;
  cli = Custos({"camera", "update", "lobby", "--site", "changing_room"});
  EXPECT_EQ(cli.exit_code, 1);
  EXPECT_NE(cli.out.find("R103"), std::string::npos) << cli.out;
  nlohmann::json reg = nlohmann::json::parse(Get("/api/v1/registry").body);
  ASSERT_EQ(reg["cameras"].size(), 1u);
  EXPECT_EQ(reg["cameras"][0]["registry"]["site_category"], "hotel_public_area");
  // Bad input is 400, an unknown field too.
  EXPECT_EQ(Post("/api/v1/cameras/lobby/registry", {{"site_categry", "square"}}).status, 400);
  // Without the CSRF header: 403 before anything happens.
  EXPECT_EQ(HttpRequest(port_, "POST", "/api/v1/cameras/lobby/registry", {{"Cookie", session_.cookie}},
                        R"({"address": "x"})")
                .status,
            403);
}

TEST_F(GovernHttpTest, R206APlannedCameraIsRecordedOnlyOnceAcceptedAndInUse) {
  std::unique_ptr<Camera> cam = StartCamera({});
  ASSERT_TRUE(cam);
  StartAndLogIn();
  HttpResponse r = Post("/api/v1/cameras", {{"id", "gate"}, {"url", cam->Url()}, {"registry", Entry("square", "planned")}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body)["recorded"], false);
  r = Post("/api/v1/cameras/gate/registry", {{"lifecycle", "in_use"}, {"accepted_on", "2026-01-05"}});
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("R206"), std::string::npos) << r.body;
  // Absence cannot be awaited: give the daemon three of its 1 s camera-list polls.
  std::this_thread::sleep_for(seconds(3));
  EXPECT_TRUE(Recordings("gate").empty()) << "a planned camera must not be recorded";
  ASSERT_EQ(Post("/api/v1/cameras/gate/registry", {{"lifecycle", "accepted"}, {"accepted_on", "2026-01-05"}}).status,
            200);
  r = Post("/api/v1/cameras/gate/registry", {{"lifecycle", "in_use"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(nlohmann::json::parse(r.body)["recorded"], true);
  EXPECT_TRUE(WaitForFinished("gate", 1, seconds(30))) << ServeOutput();
  // The first camera in use opened the system filing, due 30 days later under national-2025.
  nlohmann::json filings = nlohmann::json::parse(Get("/api/v1/filings").body);
  ASSERT_EQ(filings["filings"].size(), 1u);
  EXPECT_EQ(filings["filings"][0]["kind"], "system");
  EXPECT_EQ(filings["profile"], "national-2025");
  EXPECT_EQ(nlohmann::json::parse(Get("/api/v1/filings?overdue=1").body)["filings"].size(), 0u);
}

TEST_F(GovernHttpTest, ProfileAndComplianceOverHttp) {
  StartAndLogIn();
  nlohmann::json p = nlohmann::json::parse(Get("/api/v1/profile").body);
  EXPECT_EQ(p["name"], "national-2025");
  EXPECT_EQ(p["active"], true);
  EXPECT_EQ(p["min_retention_days"]["value"], 30);
  // The daemon's retention rules are fixed at its start: no change under it.
  CommandResult running = Custos({"profile", "set", "liaoning-2008"});
  EXPECT_NE(running.exit_code, 0);
  EXPECT_NE(running.out.find("stop it, set the profile"), std::string::npos) << running.out;
  StopServe();
  CommandResult set = Custos({"profile", "set", "liaoning-2008"});
  ASSERT_EQ(set.exit_code, 0) << set.out;
  EXPECT_NE(set.out.find("was national-2025"), std::string::npos) << set.out;
  CommandResult audited = Custos({"audit", "list"});
  EXPECT_NE(audited.out.find("jurisdiction profile national-2025 -> liaoning-2008"), std::string::npos) << audited.out;
  StartAndLogIn();
  p = nlohmann::json::parse(Get("/api/v1/profile").body);
  EXPECT_EQ(p["name"], "liaoning-2008");
  EXPECT_EQ(p["change_report"]["days"], 3);
  EXPECT_EQ(p["change_report"]["working_days"], true);
  EXPECT_EQ(Get("/api/v1/profile?name=atlantis").status, 404);
  nlohmann::json c = nlohmann::json::parse(Get("/api/v1/compliance?profile=xinjiang-2014").body);
  EXPECT_EQ(c["profile"], "xinjiang-2014");
  EXPECT_EQ(c["requirements"].size(), 47u);
  EXPECT_EQ(c["requirements"][2]["id"], "R103");
  EXPECT_EQ(c["requirements"][2]["state"], "met");
  HttpResponse add = Post("/api/v1/records", {{"kind", "duty"}, {"on", "2026-11-20"}, {"description", "night watch"}});
  EXPECT_EQ(add.status, 201) << add.body;
  nlohmann::json records = nlohmann::json::parse(Get("/api/v1/records").body);
  ASSERT_EQ(records["records"].size(), 1u);
  EXPECT_EQ(records["records"][0]["entered_by"], "admin");
  const std::string log = Custos({"audit", "list", "--csv", "--actor", "admin"}).out;
  EXPECT_NE(log.find(",admin,record_add,ok,"), std::string::npos) << log;
  EXPECT_EQ(HttpRequest(port_, "GET", "/api/v1/compliance").status, 401);
}

// What the web UI's forms offer: the taxonomy (private places flagged, so the registry
// form can say they are refused) and the shipped profiles (the compliance page's selector).
TEST_F(GovernHttpTest, SiteCategoriesAndProfilesAreListedForTheRolesThatUseThem) {
  StartAndLogIn();
  HttpResponse r = Get("/api/v1/site-categories");
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json categories = nlohmann::json::parse(r.body)["categories"];
  ASSERT_GT(categories.size(), 13u);
  std::set<std::string> private_ids;
  for (const nlohmann::json& c : categories) {
    EXPECT_FALSE(c["name"].get<std::string>().empty()) << c;
    EXPECT_FALSE(c["source"].get<std::string>().empty()) << c;
    EXPECT_EQ(c["private"].get<bool>(), c["tier"] == "forbidden") << c;
    if (c["private"].get<bool>()) private_ids.insert(c["id"].get<std::string>());
  }
  // At least the 13 compiled in (govern::kPrivateCategories); the file may add more.
  EXPECT_GE(private_ids.size(), 13u);
  for (const char* id : {"toilet", "hotel_room", "changing_room", "home"}) EXPECT_TRUE(private_ids.contains(id)) << id;
  EXPECT_FALSE(private_ids.contains("square"));

  r = Get("/api/v1/profiles");
  ASSERT_EQ(r.status, 200) << r.body;
  const nlohmann::json profiles = nlohmann::json::parse(r.body);
  EXPECT_EQ(profiles["active"], "national-2025");
  std::vector<std::string> names;
  for (const nlohmann::json& p : profiles["profiles"]) {
    names.push_back(p["name"]);
    EXPECT_EQ(p["active"], p["name"] == "national-2025") << p;
    EXPECT_FALSE(p["title"].get<std::string>().empty()) << p;
    // Every listed name is one the profile and compliance routes take.
    EXPECT_EQ(Get("/api/v1/compliance?profile=" + p["name"].get<std::string>()).status, 200) << p;
  }
  EXPECT_EQ(names, (std::vector<std::string>{"liaoning-2008", "nanchang", "national-2025", "national-draft-2016",
                                             "xinjiang-2014"}));

  // A maintainer services cameras: categories yes, profiles no; an auditor the reverse.
  const ApiSession maintainer = AddUserAndLogIn(port_, "maint1", "maintainer");
  const ApiSession auditor = AddUserAndLogIn(port_, "audit1", "auditor");
  auto status = [&](const ApiSession& s, const std::string& target) {
    return HttpRequest(port_, "GET", target, {{"Cookie", s.cookie}}).status;
  };
  EXPECT_EQ(status(maintainer, "/api/v1/site-categories"), 200);
  EXPECT_EQ(status(maintainer, "/api/v1/profiles"), 403);
  EXPECT_EQ(status(auditor, "/api/v1/site-categories"), 403);
  EXPECT_EQ(status(auditor, "/api/v1/profiles"), 200);
  EXPECT_EQ(HttpRequest(port_, "GET", "/api/v1/profiles").status, 401);
}

}  // namespace
}  // namespace custos::testing
