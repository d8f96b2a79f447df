// Tests of camera configuration, validation, removal, the version counter and state.
#include "catalog/camera_validation.h"
#include "catalog/catalog_test_util.h"

namespace custos::testing {
namespace {

using CameraStoreTest = CatalogTest;

TEST_F(CameraStoreTest, AddThenGetAndList) {
  CameraConfig config = TestCamera("gate");
  config.transport = Transport::kUdp;
  config.extra_json = R"({"site":"north"})";
  ASSERT_TRUE(catalog_->AddCamera(config).ok());
  Result<Camera> camera = catalog_->GetCamera("gate");
  ASSERT_TRUE(camera) << camera.error().ToString();
  EXPECT_EQ(camera->config.name, config.name);
  EXPECT_EQ(camera->config.url, config.url);
  EXPECT_EQ(camera->config.username, "viewer");
  EXPECT_EQ(camera->config.password, "secret");
  EXPECT_EQ(camera->config.transport, Transport::kUdp);
  EXPECT_TRUE(camera->config.enabled);
  EXPECT_EQ(camera->config.extra_json, config.extra_json);
  EXPECT_EQ(camera->created_wall_90k.ticks_90k, kT0);
  EXPECT_FALSE(camera->deleted_wall_90k);
  EXPECT_FALSE(camera->status);

  ASSERT_TRUE(catalog_->AddCamera(TestCamera("door")).ok());
  Result<std::vector<Camera>> all = catalog_->ListCameras(CameraFilter::kActive);
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].config.id, "door");  // by id
  EXPECT_EQ((*all)[1].config.id, "gate");
}

TEST_F(CameraStoreTest, NameDefaultsToId) {
  CameraConfig config = TestCamera("gate");
  config.name.clear();
  ASSERT_TRUE(catalog_->AddCamera(config).ok());
  EXPECT_EQ(catalog_->GetCamera("gate")->config.name, "gate");
}

TEST_F(CameraStoreTest, RejectsBadIds) {
  for (const std::string& id : std::vector<std::string>{"", "Gate", "gate 1", "a/b", "a.b", "é", std::string(65, 'a')}) {
    Status s = catalog_->AddCamera(TestCamera(id));
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << "id '" << id << "': " << s.ToString();
  }
  EXPECT_TRUE(catalog_->AddCamera(TestCamera(std::string(64, 'a'))).ok());
  EXPECT_TRUE(catalog_->AddCamera(TestCamera("gate_1-b")).ok());
}

TEST(CameraValidationTest, Urls) {
  for (const char* url : {"rtsp://192.0.2.1:554/s", "RTSP://cam.local/x?a=b", "rtsps://[2001:db8::1]:322/x",
                          "rtsp://cam", "rtsp://cam/path@with-at"}) {
    EXPECT_TRUE(ValidateRtspUrl(url).ok()) << url << ": " << ValidateRtspUrl(url).ToString();
  }
  for (const char* url : {"", "http://cam/x", "rtsp://", "rtsp:///x", "rtsp://cam:99999/", "rtsp://cam:/x",
                          "rtsp://ca m/", "rtsp://cam/\n", "rtsp://[::1/x", "rtsp://cam:5a4/"}) {
    EXPECT_EQ(ValidateRtspUrl(url).code(), StatusCode::kInvalidArgument) << url;
  }
  // Some cameras take credentials as query parameters; errors never echo the URL.
  EXPECT_EQ(ValidateRtspUrl("rtsp://:554/x?password=hunter2").message().find("hunter2"), std::string::npos);
}

TEST_F(CameraStoreTest, RejectsCredentialsInUrlWithoutEchoingThem) {
  CameraConfig config = TestCamera("gate");
  config.url = "rtsp://admin:hunter2@192.0.2.1/stream";
  Status s = catalog_->AddCamera(config);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message().find("hunter2"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("username and password"), std::string::npos) << s.message();
}

TEST_F(CameraStoreTest, RejectsExtraJsonThatIsNotAnObject) {
  for (const char* json : {"[1]", "not json", "\"text\""}) {
    CameraConfig config = TestCamera("gate");
    config.extra_json = json;
    EXPECT_EQ(catalog_->AddCamera(config).code(), StatusCode::kInvalidArgument) << json;
  }
}

TEST_F(CameraStoreTest, DuplicateIsAlreadyExistsWithAHint) {
  ASSERT_TRUE(catalog_->AddCamera(TestCamera("gate")).ok());
  Status s = catalog_->AddCamera(TestCamera("gate"));
  EXPECT_EQ(s.code(), StatusCode::kAlreadyExists);
  EXPECT_NE(s.message().find("update it, or choose another id"), std::string::npos) << s.message();
}

TEST_F(CameraStoreTest, UpdateReplacesTheConfig) {
  ASSERT_TRUE(catalog_->AddCamera(TestCamera("gate")).ok());
  clock_.Advance(kSecond);
  CameraConfig config = TestCamera("gate");
  config.url = "rtsp://192.0.2.99/main";
  config.enabled = false;
  ASSERT_TRUE(catalog_->UpdateCamera(config).ok());
  Result<Camera> camera = catalog_->GetCamera("gate");
  EXPECT_EQ(camera->config.url, "rtsp://192.0.2.99/main");
  EXPECT_FALSE(camera->config.enabled);
  EXPECT_EQ(camera->created_wall_90k.ticks_90k, kT0);
  EXPECT_EQ(camera->updated_wall_90k.ticks_90k, kT0 + kSecond);
  EXPECT_EQ(catalog_->UpdateCamera(TestCamera("nope")).code(), StatusCode::kNotFound);
}

TEST_F(CameraStoreTest, RemoveMarksTheCameraAndKeepsItsRecordings) {
  const int64_t recording = InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  clock_.Advance(kSecond);
  ASSERT_TRUE(catalog_->RemoveCamera("gate").ok());

  EXPECT_TRUE(catalog_->ListCameras(CameraFilter::kActive)->empty());
  Result<std::vector<Camera>> all = catalog_->ListCameras(CameraFilter::kIncludeRemoved);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].deleted_wall_90k, WallTime90k{kT0 + kSecond});
  EXPECT_TRUE(catalog_->GetCamera("gate")->deleted_wall_90k);
  EXPECT_TRUE(catalog_->GetRecording(recording));
  EXPECT_EQ(catalog_->ListRecordings("gate", WallTime90k{kT0}, WallTime90k{kT0 + 60 * kSecond})->size(), 1u);

  Status again = catalog_->RemoveCamera("gate");
  EXPECT_EQ(again.code(), StatusCode::kNotFound);
  EXPECT_NE(again.message().find("was removed"), std::string::npos) << again.message();
  EXPECT_EQ(catalog_->UpdateCamera(TestCamera("gate")).code(), StatusCode::kNotFound);
  EXPECT_EQ(catalog_->RemoveCamera("never").code(), StatusCode::kNotFound);
}

TEST_F(CameraStoreTest, AddingARemovedIdBringsItBack) {
  const int64_t recording = InsertFinished("gate", kT0, kT0 + 60 * kSecond);
  ASSERT_TRUE(catalog_->RemoveCamera("gate").ok());
  CameraConfig config = TestCamera("gate");
  config.url = "rtsp://192.0.2.77/new";
  ASSERT_TRUE(catalog_->AddCamera(config).ok());
  Result<Camera> camera = catalog_->GetCamera("gate");
  EXPECT_FALSE(camera->deleted_wall_90k);
  EXPECT_EQ(camera->config.url, "rtsp://192.0.2.77/new");
  EXPECT_EQ(catalog_->GetRecording(recording)->camera_id, "gate");
}

TEST_F(CameraStoreTest, VersionMovesWhenAnotherConnectionEditsCameras) {
  std::unique_ptr<Catalog> cli = OpenCatalog();
  ASSERT_TRUE(cli);
  int64_t seen = *catalog_->CamerasVersion();

  auto expect_moved = [&](const char* what) {
    const int64_t now = *catalog_->CamerasVersion();
    EXPECT_GT(now, seen) << what;
    seen = now;
  };
  ASSERT_TRUE(cli->AddCamera(TestCamera("gate")).ok());
  expect_moved("add");
  ASSERT_TRUE(cli->UpdateCamera(TestCamera("gate")).ok());
  expect_moved("update");
  ASSERT_TRUE(cli->RemoveCamera("gate").ok());
  expect_moved("remove");

  // Neither the daemon's state reports nor failed edits are configuration changes.
  ASSERT_TRUE(catalog_->SetCameraState("gate", {CameraState::kOffline, "", {}}).ok());
  EXPECT_FALSE(cli->UpdateCamera(TestCamera("gate")).ok());
  EXPECT_EQ(*catalog_->CamerasVersion(), seen);
}

TEST_F(CameraStoreTest, StateKeepsSinceWhileUnchanged) {
  ASSERT_TRUE(catalog_->AddCamera(TestCamera("gate")).ok());
  ASSERT_TRUE(catalog_->SetCameraState("gate", {CameraState::kRecording, "", {10, 1000, 0, 0}}).ok());
  clock_.Advance(kSecond);
  ASSERT_TRUE(catalog_->SetCameraState("gate", {CameraState::kRecording, "", {35, 3000, 2, 0}}).ok());
  std::optional<CameraStatus> status = catalog_->GetCamera("gate")->status;
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, CameraState::kRecording);
  EXPECT_EQ(status->since_wall_90k.ticks_90k, kT0);
  EXPECT_EQ(status->updated_wall_90k.ticks_90k, kT0 + kSecond);
  EXPECT_EQ(status->counters.frames, 35);
  EXPECT_EQ(status->counters.lost_packets, 2);

  clock_.Advance(kSecond);
  ASSERT_TRUE(catalog_->SetCameraState("gate", {CameraState::kAuthFailed, "401 Unauthorized", {35, 3000, 2, 1}}).ok());
  status = catalog_->ListCameras(CameraFilter::kActive)->at(0).status;
  ASSERT_TRUE(status);
  EXPECT_EQ(status->state, CameraState::kAuthFailed);
  EXPECT_EQ(status->last_error, "401 Unauthorized");
  EXPECT_EQ(status->since_wall_90k.ticks_90k, kT0 + 2 * kSecond);
  EXPECT_EQ(status->counters.reconnects, 1);

  EXPECT_EQ(catalog_->SetCameraState("nope", {}).code(), StatusCode::kFailedPrecondition);
}

TEST_F(CameraStoreTest, RegistryEntriesRoundTripAndMoveTheCamerasVersion) {
  ASSERT_TRUE(catalog_->AddCamera(TestCamera("gate")).ok());
  EXPECT_FALSE(catalog_->GetCamera("gate")->registry);  // unregistered
  EXPECT_FALSE(IsRecorded(*catalog_->GetCamera("gate")));
  const int64_t before = *catalog_->CamerasVersion();
  CameraRegistry r;
  r.owning_unit = "Office";
  r.latitude = -33.5;
  r.longitude = 151.25;
  r.site_category = "square";
  r.position = SitePosition::kKeyPart;
  r.lifecycle = Lifecycle::kInUse;
  r.accepted_on = "2026-01-05";
  r.signage = true;
  r.near_military_zone = true;
  r.military_consent_ref = "C-1";
  ASSERT_TRUE(catalog_->PutCameraRegistry("gate", r).ok());
  EXPECT_GT(*catalog_->CamerasVersion(), before) << "the daemon must notice lifecycle changes";
  Result<Camera> c = catalog_->GetCamera("gate");
  ASSERT_TRUE(c && c->registry);
  EXPECT_EQ(c->registry->latitude, -33.5);
  EXPECT_EQ(c->registry->position, SitePosition::kKeyPart);
  EXPECT_EQ(c->registry->military_consent_ref, "C-1");
  EXPECT_TRUE(c->registry->near_military_zone);
  EXPECT_TRUE(IsRecorded(*c));
  CameraConfig disabled = TestCamera("gate");
  disabled.enabled = false;
  ASSERT_TRUE(catalog_->UpdateCamera(disabled).ok());
  EXPECT_FALSE(IsRecorded(*catalog_->GetCamera("gate")));
  r.latitude = 95;  // the schema's CHECK holds even if the code's does not
  EXPECT_FALSE(catalog_->PutCameraRegistry("gate", r).ok());
  EXPECT_EQ(catalog_->ListCameras(CameraFilter::kActive)->at(0).registry->latitude, -33.5);
}

TEST_F(CameraStoreTest, GovernSettings) {
  EXPECT_FALSE(catalog_->GetGovernSetting("profile")->has_value());
  ASSERT_TRUE(catalog_->SetGovernSetting("profile", "xinjiang-2014").ok());
  ASSERT_TRUE(catalog_->SetGovernSetting("profile", "liaoning-2008").ok());
  EXPECT_EQ(**catalog_->GetGovernSetting("profile"), "liaoning-2008");
}

}  // namespace
}  // namespace custos::testing
