#include "server/daemon.h"

#include <csignal>
#include <ctime>
#include <iostream>
#include <map>

#include "api/api_server.h"
#include "base/clock.h"
#include "base/log.h"
#include "catalog/catalog.h"
#include "govern/civil_date.h"
#include "govern/profile.h"
#include "govern/taxonomy.h"
#include "ingest/recorder.h"
#include "server/admin_secret.h"
#include "server/data_dir.h"
#include "server/demo_camera.h"
#include "storage/catalog_index.h"
#include "storage/disk_writer.h"
#include "storage/recovery.h"

namespace custos {

namespace {

std::vector<CameraSpec> EnabledCameras(const std::vector<Camera>& cameras) {
  std::vector<CameraSpec> out;
  for (const Camera& c : cameras) {
    if (!IsRecorded(c)) continue;  // enabled, not removed, in use or changed (R206)
    out.push_back(CameraSpec{c.config.id, c.config.url, c.config.username, c.config.password,
                             std::string(ToString(c.config.transport))});
  }
  return out;
}

CameraState ToCameraState(const std::string& s) {
  if (s == "stopped") return CameraState::kOffline;
  return ParseCameraState(s).value_or(CameraState::kError);
}

// Writes each session's state to the catalog, for `camera list` and the API.
void ReportStates(Catalog& catalog, const Recorder& recorder, DiskWriter& writer) {
  for (const auto& [id, st] : recorder.Statuses()) {
    CameraStateUpdate u;
    u.state = ToCameraState(st.state);
    u.last_error = st.last_error;
    const std::string storage_error = writer.CameraError(id);
    if (!storage_error.empty()) u.last_error = "storage: " + storage_error;
    u.counters = CameraCounters{static_cast<int64_t>(st.frames), static_cast<int64_t>(st.bytes),
                                static_cast<int64_t>(st.lost_packets), static_cast<int64_t>(st.reconnects)};
    Status s = catalog.SetCameraState(id, u);
    if (!s.ok() && s.code() != StatusCode::kNotFound) spdlog::warn("camera {}: state: {}", id, s.ToString());
  }
}

sigset_t StopSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// Waits up to `ms` for SIGINT/SIGTERM; true if one came.
bool WaitForStop(const sigset_t& set, int ms) {
  timespec ts{ms / 1000, (ms % 1000) * 1'000'000L};
  int sig = sigtimedwait(&set, nullptr, &ts);
  return sig == SIGINT || sig == SIGTERM;
}

// The admin is the only user until the issue "Govern" brings a user store.
api::PasswordVerifier AdminPasswordVerifier(const std::string& data_dir) {
  return [data_dir](const std::string& user, const std::string& password) -> Result<bool> {
    auto ok = VerifyAdminPassword(data_dir, password);  // always hashed: same cost for any user name
    if (!ok) return ok;
    return *ok && user == "admin";
  };
}

int Fail(const Status& s) {
  spdlog::error("{}", s.ToString());
  std::cerr << "custos serve: " << s.message() << "\n";
  return 1;
}

}  // namespace

int RunDaemon(const DaemonOptions& o) {
  InitLogging(o.log_level);
  // Signals are taken synchronously by the control loop; every thread started below
  // inherits the mask.
  const sigset_t stop_signals = StopSignals();
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  auto lock = DataDirLock::Acquire(o.data_dir);
  if (!lock) return Fail(lock.error());
  auto secret = EnsureAdminSecret(o.data_dir);
  if (!secret) return Fail(secret.error().With("creating the admin password"));
  auto control = Catalog::Open(CatalogPath(o.data_dir));
  if (!control) return Fail(control.error().With("opening the catalog"));
  auto writer_catalog = Catalog::Open(CatalogPath(o.data_dir));
  if (!writer_catalog) return Fail(writer_catalog.error().With("opening the catalog"));

  // Govern's data files are validated before anything runs: a bad file names its field.
  const std::string profiles_dir = govern::FindProfilesDir();
  auto profiles = govern::ProfileSet::Load(profiles_dir);
  if (!profiles) return Fail(profiles.error().With("loading the jurisdiction profiles"));
  auto taxonomy = govern::Taxonomy::Load(profiles_dir);
  if (!taxonomy) return Fail(taxonomy.error().With("loading the site categories"));
  auto profile = govern::ActiveProfile(**control, *profiles);
  if (!profile) return Fail(profile.error().With("custos profile set NAME chooses one"));
  spdlog::info("jurisdiction profile {} ({}), from {}", (*profile)->name, (*profile)->title, profiles_dir);

  // Invariant 5: recover before any camera writes.
  const int64_t recovery_start_ns = RealClock::Get().MonotonicNanos();
  auto recovered = RecoverOpenRecordings(**control, o.data_dir);
  if (!recovered) return Fail(recovered.error().With("recovering recordings after a crash"));
  for (const auto& note : recovered->notes) spdlog::info("recovery: {}", note);
  if (recovered->recovered + recovered->removed > 0) {
    spdlog::info("recovery: {} recovered, {} removed, {} torn bytes cut, in {} ms", recovered->recovered,
                 recovered->removed, recovered->bytes_cut,
                 (RealClock::Get().MonotonicNanos() - recovery_start_ns) / 1'000'000);
  }

  std::unique_ptr<DemoCamera> demo;
  if (o.demo) {
    auto d = DemoCamera::Start(o.data_dir, o.demo_clip, **control, *taxonomy);
    if (!d) return Fail(d.error().With("starting the demo camera"));
    demo = std::move(*d);
  }

  CatalogIndex index(**writer_catalog);
  DiskWriter writer(DiskWriterOptions{o.data_dir}, index, RealClock::Get());
  writer.Start();
  RecorderOptions ropts;
  ropts.loops = o.loops;
  ropts.recording.rotate_after_90k = int64_t{o.recording_seconds} * kTicksPerSecond90k;
  ropts.stall_timeout = std::chrono::milliseconds(o.stall_timeout_ms);
  auto recorder = std::make_unique<Recorder>(ropts, writer, RealClock::Get());

  api::ApiServerOptions api_options;
  api_options.listen = o.listen;
  api_options.data_dir = o.data_dir;
  api_options.catalog_path = CatalogPath(o.data_dir);
  api_options.profiles = &*profiles;
  api_options.taxonomy = &*taxonomy;
#ifdef CUSTOS_VERSION
  api_options.version = CUSTOS_VERSION;
#endif
  Recorder* live = recorder.get();
  auto http = api::ApiServer::Start(
      api_options, AdminPasswordVerifier(o.data_dir), [live] { return live->Statuses(); }, RealClock::Get(),
      [live](const std::string& id, std::function<void()> wake) { return live->Subscribe(id, std::move(wake)); });
  if (!http) {
    recorder->Stop();
    writer.Stop();
    return Fail(http.error().With("starting the HTTP API on " + o.listen));
  }
  std::cout << "Custos is recording. Data: " << o.data_dir << "\n"
            << "Listening on http://" << (*http)->endpoint() << "/ (API under /api/v1)\n";
  if (*secret) {
    std::cout << "Administrator: admin, password: " << **secret << "\n"
              << "  (shown once; only its Argon2id hash is kept in " << o.data_dir << "/secrets/)\n";
  }
  std::cout.flush();

  int64_t seen_version = -1;
  for (int tick = 0;; ++tick) {
    auto version = (*control)->CamerasVersion();
    if (version && *version != seen_version) {
      auto cameras = (*control)->ListCameras(CameraFilter::kActive);
      if (cameras) {
        recorder->Reconcile(EnabledCameras(*cameras));
        seen_version = *version;
      } else {
        spdlog::warn("reading the camera list: {}", cameras.error().ToString());
      }
    }
    if (tick % 2 == 0) ReportStates(**control, *recorder, writer);
    if (WaitForStop(stop_signals, 1000)) break;
  }

  spdlog::info("stopping: closing recordings");
  (*http)->Stop();
  const auto last = recorder->Statuses();
  recorder->Stop();
  writer.Stop();
  for (const auto& [id, st] : last) {
    CameraStateUpdate u;
    u.state = CameraState::kOffline;
    u.last_error = "Custos was stopped";
    u.counters = CameraCounters{static_cast<int64_t>(st.frames), static_cast<int64_t>(st.bytes),
                                static_cast<int64_t>(st.lost_packets), static_cast<int64_t>(st.reconnects)};
    (void)(*control)->SetCameraState(id, u);
  }
  demo.reset();
  spdlog::info("stopped");
  return 0;
}

}  // namespace custos
