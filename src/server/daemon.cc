#include "server/daemon.h"

#include <csignal>
#include <ctime>
#include <filesystem>
#include <iostream>
#include <map>

#include <boost/asio/ip/address.hpp>

#include "api/api_server.h"
#include "audit/audit_log.h"
#include "base/clock.h"
#include "base/log.h"
#include "catalog/catalog.h"
#include "crypto/node_key.h"
#include "govern/civil_date.h"
#include "govern/profile.h"
#include "govern/rule_numbers.h"
#include "govern/taxonomy.h"
#include "ingest/recorder.h"
#include "privacy/zone.h"
#include "jobs/export_jobs.h"
#include "server/admin_secret.h"
#include "server/data_dir.h"
#include "server/demo_camera.h"
#include "server/retention_runner.h"
#include "storage/catalog_index.h"
#include "storage/chain_sealer.h"
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

// The catalog's privacy zones of `camera_ids` into the recorder, which routes masked live
// viewers by them (every second: `custos privacy zone` writes the catalog directly; API
// changes arrive at once through ApiServerOptions::privacy_zones_changed). A list that
// cannot be read keeps the previous one and is logged.
void SyncPrivacyZones(Catalog& catalog, Recorder& recorder, const std::vector<std::string>& camera_ids) {
  for (const std::string& id : camera_ids) {
    auto json = catalog.GetPrivacyZonesJson(id);
    auto zones = json ? privacy::ZonesFromJson(*json) : Result<std::vector<privacy::PrivacyZone>>(Err(json.error()));
    if (!zones && zones.error().code() == StatusCode::kNotFound) continue;  // removed since the list was read
    if (!zones) {
      spdlog::error("camera {}: reading its privacy zones: {}", id, zones.error().ToString());
      continue;
    }
    recorder.SetPrivacyZones(id, std::move(*zones));
  }
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

// Only for the start-up message: the server answers "/" with how to build it either way.
bool WebUiBuilt(const std::string& web_root) {
  return !web_root.empty() && std::filesystem::is_regular_file(web_root + "/index.html");
}

// Says whether the API speaks HTTPS, and warns when passwords and cookies would cross a
// network in clear text.
void LogListening(const api::ApiServer& http) {
  if (http.tls()) {
    spdlog::info("api: listening on https://{}/ (TLS 1.2+; live view on wss://)", http.endpoint());
    return;
  }
  spdlog::info("api: listening on http://{}/ (plain HTTP: no --tls-cert/--tls-key given)", http.endpoint());
  const std::string host = http.endpoint().substr(0, http.endpoint().rfind(':'));
  boost::system::error_code ec;
  const auto addr = boost::asio::ip::make_address(host, ec);
  if (ec || !addr.is_loopback()) {
    spdlog::warn("api: listening on {} without TLS: passwords and session cookies cross the network in clear "
                 "text; give --tls-cert FILE --tls-key FILE, or listen on 127.0.0.1 behind a TLS proxy",
                 http.endpoint());
  }
}

// The daemon's own acts in the audit log (actor "system"). A failure is logged: the
// daemon's start and stop are not refusable acts.
void AuditSystem(AuditSink& audit, const std::string& action, const std::string& detail) {
  AuditEvent e;
  e.actor = "system";
  e.action = action;
  e.detail = detail;
  Status s = audit.Append(e);
  if (!s.ok()) spdlog::error("audit: {}: {}", action, s.ToString());
}

// Stops every camera while the disk is critically full (retention_sweeper.h: recording is
// the bulk write that stops first), and starts them again when space returns.
bool RecordingAllowed(const RetentionRunner& retention) {
  return MayWrite(retention.pressure(), WriteClass::kRecording);
}

int Fail(const Status& s) {
  spdlog::error("{}", s.ToString());
  std::cerr << "custos serve: " << s.message() << "\n";
  return 1;
}

// Failures are logged, not fatal: recording matters more, and fsck --verify reports
// anything left unsealed.
void SealAtStart(Catalog& catalog, const NodeKey& key, const std::string& data_dir) {
  ChainSealer sealer(catalog, key, RealClock::Get());
  std::vector<std::string> notes;
  auto sealed = sealer.SealUnsealed(data_dir, &notes);
  for (const auto& n : notes) spdlog::info("integrity: {}", n);
  if (!sealed) spdlog::error("integrity: sealing finished recordings: {}", sealed.error().ToString());
  auto cps = sealer.CheckpointAll();
  if (!cps) spdlog::error("integrity: signing checkpoints: {}", cps.error().ToString());
}

}  // namespace

int RunDaemon(const DaemonOptions& o) {
  InitLogging(o.log_level);
  // Signals are taken synchronously by the control loop; every thread started below
  // inherits the mask.
  const sigset_t stop_signals = StopSignals();
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  const api::TlsFiles tls{o.tls_cert, o.tls_key};
  if (tls.enabled()) {
    // Checked before anything else starts, so a bad file stops `serve` at once.
    auto checked = api::LoadTlsContext(tls);
    if (!checked) return Fail(checked.error());
  }
  auto lock = DataDirLock::Acquire(o.data_dir);
  if (!lock) return Fail(lock.error());
  auto control = Catalog::Open(CatalogPath(o.data_dir));
  if (!control) return Fail(control.error().With("opening the catalog"));
  auto secret = EnsureBootstrapAdmin(**control, RealClock::Get(), o.data_dir);
  if (!secret) return Fail(secret.error().With("creating the first administrator"));
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

  // The audit log before anything that serves or deletes (R401, R703).
  auto node_key = NodeKey::LoadOrCreate(o.data_dir);
  if (!node_key) return Fail(node_key.error().With("loading the node key"));
  auto audit = AuditLog::Open(AuditLogPath(o.data_dir), *node_key, RealClock::Get());
  if (!audit) return Fail(audit.error().With("opening the audit log"));
  const RetentionPolicy policy(govern::RetentionProfileOf(**profile), RealClock::Get());
  AuditSystem(**audit, "daemon_start",
              "custos serve on " + o.listen + ", profile " + (*profile)->name + ", node key " +
                  node_key->PublicKeyHex());

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

  // Integrity (docs/design/integrity.md): seal what was finished without a seal (recordings of
  // a schema-v2 Custos, or a crash between finish and seal), and sign every chain's head.
  spdlog::info("node public key {}", node_key->PublicKeyHex());
  SealAtStart(**control, *node_key, o.data_dir);

  std::unique_ptr<DemoCamera> demo;
  if (o.demo) {
    auto d = DemoCamera::Start(o.data_dir, o.demo_clip, **control, *taxonomy);
    if (!d) return Fail(d.error().With("starting the demo camera"));
    demo = std::move(*d);
  }

  auto retention_catalog = Catalog::Open(CatalogPath(o.data_dir));
  if (!retention_catalog) return Fail(retention_catalog.error().With("opening the catalog"));
  RetentionRunnerOptions retention_options;
  retention_options.disk_every = std::chrono::seconds(o.disk_check_seconds);
  retention_options.disk.low_free_bytes = static_cast<uint64_t>(o.disk_low_mib) << 20;
  retention_options.disk.critical_free_bytes = static_cast<uint64_t>(o.disk_critical_mib) << 20;
  RetentionRunner retention(std::move(*retention_catalog), o.data_dir, policy, **audit, retention_options);
  retention.Start();  // a sweep now, then hourly; disk checks every --disk-check-seconds

  ChainSealer writer_sealer(**writer_catalog, *node_key, RealClock::Get());
  CatalogIndex index(**writer_catalog, &writer_sealer);
  DiskWriter writer(DiskWriterOptions{o.data_dir}, index, RealClock::Get());
  writer.Start();
  RecorderOptions ropts;
  ropts.loops = o.loops;
  ropts.recording.rotate_after_90k = int64_t{o.recording_seconds} * kTicksPerSecond90k;
  ropts.stall_timeout = std::chrono::milliseconds(o.stall_timeout_ms);
  auto recorder = std::make_unique<Recorder>(ropts, writer, RealClock::Get());

  // Export jobs (POST /api/v1/exports) on their own threads; started after recovery and
  // sealing, stopped after the HTTP API and before the audit log closes.
  jobs::ExportJobsOptions job_options;
  job_options.data_dir = o.data_dir;
  job_options.catalog_path = CatalogPath(o.data_dir);
  job_options.threads = o.export_threads;
  job_options.result_ttl_90k = int64_t{o.export_ttl_minutes} * 60 * kTicksPerSecond90k;
  auto export_jobs = jobs::ExportJobs::Start(job_options, &*node_key, RealClock::Get(), audit->get());
  if (!export_jobs) {
    recorder->Stop();
    writer.Stop();
    retention.Stop();
    return Fail(export_jobs.error().With("starting the export jobs"));
  }

  api::ApiServerOptions api_options;
  api_options.export_jobs = export_jobs->get();
  api_options.listen = o.listen;
  api_options.data_dir = o.data_dir;
  api_options.web_root = o.web_root;
  api_options.catalog_path = CatalogPath(o.data_dir);
  api_options.tls = tls;
  api_options.audit = audit->get();  // the durable, hash-chained log (R401)
  api_options.profiles = &*profiles;
  api_options.taxonomy = &*taxonomy;
#ifdef CUSTOS_VERSION
  api_options.version = CUSTOS_VERSION;
#endif
  api_options.disk_pressure = [&retention] { return retention.pressure(); };
  Recorder* live = recorder.get();
  api_options.privacy_zones_changed = [live](const std::string& id, const std::string& zones_json) {
    auto zones = privacy::ZonesFromJson(zones_json);  // canonical: written by the handler
    if (zones) live->SetPrivacyZones(id, std::move(*zones));
  };
  auto http = api::ApiServer::Start(
      api_options, [live] { return live->Statuses(); }, RealClock::Get(),
      [live](const std::string& id, std::function<void()> wake, bool h264, bool masked) {
        return live->Subscribe(id, std::move(wake), {}, h264, masked);
      });
  if (!http) {
    (*export_jobs)->Stop();
    recorder->Stop();
    writer.Stop();
    retention.Stop();
    AuditSystem(**audit, "daemon_stop", "HTTP API failed to start: " + http.error().message());
    return Fail(http.error().With("starting the HTTP API on " + o.listen));
  }
  LogListening(**http);
  std::cout << "Custos is recording. Data: " << o.data_dir << "\n"
            << "Listening on " << ((*http)->tls() ? "https://" : "http://") << (*http)->endpoint()
            << "/ (API under /api/v1)\n"
            << "Web UI: " << (WebUiBuilt(o.web_root) ? "" : "NOT BUILT (run `make build`), expected in ") << o.web_root
            << "\n";
  if (*secret) {
    std::cout << "Administrator: admin, password: " << **secret << "\n"
              << "  (shown once; only its Argon2id hash is kept, in the catalog; more users: custos user add)\n";
  }
  std::cout.flush();

  int64_t seen_version = -1;
  std::vector<std::string> camera_ids;  // the active cameras, for the privacy zones
  bool recording_allowed = true;
  for (int tick = 0;; ++tick) {
    if (RecordingAllowed(retention) != recording_allowed) {
      recording_allowed = !recording_allowed;
      spdlog::warn("disk {}: recording {}", DiskPressureName(retention.pressure()),
                   recording_allowed ? "resumes" : "stops until space is freed");
      if (!recording_allowed) recorder->Reconcile({});
      seen_version = -1;  // reconcile again below when allowed
    }
    auto version = (*control)->CamerasVersion();
    if (recording_allowed && version && *version != seen_version) {
      auto cameras = (*control)->ListCameras(CameraFilter::kActive);
      if (cameras) {
        camera_ids.clear();
        for (const Camera& c : *cameras) camera_ids.push_back(c.config.id);
        // Zones first: a session that starts below routes its first masked viewer by them.
        SyncPrivacyZones(**control, *recorder, camera_ids);
        recorder->Reconcile(EnabledCameras(*cameras));
        seen_version = *version;
      } else {
        spdlog::warn("reading the camera list: {}", cameras.error().ToString());
      }
    }
    SyncPrivacyZones(**control, *recorder, camera_ids);  // `custos privacy zone` changes, within 1 s
    if (tick % 2 == 0) ReportStates(**control, *recorder, writer);
    if (tick % 10 == 0) {
      Status signed_ok = (*audit)->CheckpointIfDue();
      if (!signed_ok.ok()) spdlog::error("audit: checkpoint: {}", signed_ok.ToString());
    }
    if (WaitForStop(stop_signals, 1000)) break;
  }

  spdlog::info("stopping: closing recordings");
  (*http)->Stop();
  (*export_jobs)->Stop();  // a running job stops at its next frame; its folder is removed
  const auto last = recorder->Statuses();
  recorder->Stop();
  writer.Stop();
  const DiskWriterStats ws = writer.stats();
  spdlog::info("integrity: {} recordings sealed; SHA-256 of {} bytes took {:.1f} ms of the writer thread",
               ws.recordings_sealed, ws.bytes_written, static_cast<double>(ws.hash_ns) / 1e6);
  auto signed_at_stop = ChainSealer(**control, *node_key, RealClock::Get()).CheckpointAll();
  if (!signed_at_stop) spdlog::error("signing the chain checkpoints at stop: {}", signed_at_stop.error().ToString());
  for (const auto& [id, st] : last) {
    CameraStateUpdate u;
    u.state = CameraState::kOffline;
    u.last_error = "Custos was stopped";
    u.counters = CameraCounters{static_cast<int64_t>(st.frames), static_cast<int64_t>(st.bytes),
                                static_cast<int64_t>(st.lost_packets), static_cast<int64_t>(st.reconnects)};
    (void)(*control)->SetCameraState(id, u);
  }
  demo.reset();
  retention.Stop();
  AuditSystem(**audit, "daemon_stop", "custos serve stopped by a signal; recordings closed");
  Status closed = (*audit)->Close();  // signs the last entries
  if (!closed.ok()) spdlog::error("audit: last checkpoint: {}", closed.ToString());
  spdlog::info("stopped");
  return 0;
}

}  // namespace custos
