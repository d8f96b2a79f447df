#include "server/demo_camera.h"

#include <boost/asio/post.hpp>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <future>
#include <vector>

#include "base/file_util.h"
#include "base/clock.h"
#include "base/log.h"
#include "govern/registry.h"
#include "sim/sim_main.h"

extern char** environ;

namespace custos {

Status MakeClipWithFfmpeg(const std::string& path, const std::string& size, int seconds, int kbps,
                          const std::string& codec) {
  CUSTOS_RETURN_IF_ERROR(MakeDirs(DirName(path)));
  const std::string tmp = path + ".tmp.mp4";
  std::vector<std::string> args = {"ffmpeg", "-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i",
                                   "testsrc2=size=" + size + ":rate=25", "-t", std::to_string(seconds),
                                   "-c:v", codec, "-pix_fmt", "yuv420p", "-g", "50", "-b:v",
                                   std::to_string(kbps) + "k", tmp};
  if (codec == "libx264") {
    args.insert(args.end() - 1, {"-profile:v", "main", "-bf", "0"});
  } else if (codec == "libx265") {
    args.insert(args.end() - 1, {"-x265-params", "bframes=0:log-level=error"});
  }
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, "ffmpeg", nullptr, nullptr, argv.data(), environ) != 0) {
    return FailedPrecondition("cannot run ffmpeg to make a clip; install it (apt-get install ffmpeg) or pass a clip");
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Internal("ffmpeg failed to make the clip " + path);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) return ErrnoStatus(errno, "rename " + tmp);
  return Status::Ok();
}

namespace {

// Registers (or keeps registered) camera "demo" in use: a simulator in a lab, accepted today.
Status RegisterDemo(Catalog& catalog, const govern::Taxonomy& taxonomy, const CameraConfig& c) {
  const govern::CivilDate today = govern::UtcDate(RealClock::Get().Now());
  govern::Registry registry(catalog, taxonomy, nullptr, "system", today);
  auto existing = catalog.GetCamera(c.id);
  if (!existing || existing->deleted_wall_90k) {
    CameraRegistry r;
    r.owning_unit = "demo";
    r.address = "built-in simulator";
    r.site_category = "other_public";
    r.equipment_type = "simulator";
    r.equipment_model = "custos sim";
    r.lifecycle = Lifecycle::kInUse;
    r.accepted_on = govern::FormatCivilDate(today);
    r.acceptance_ref = "demo";
    return registry.Register(c, r);
  }
  CUSTOS_RETURN_IF_ERROR(catalog.UpdateCamera(c));
  if (existing->registry) return Status::Ok();
  govern::RegistryChange accept;  // an unregistered demo camera from an older catalog
  accept.site_category = "other_public";
  accept.lifecycle = Lifecycle::kAccepted;
  accept.accepted_on = govern::FormatCivilDate(today);
  CUSTOS_RETURN_IF_ERROR(registry.Change(c.id, accept));
  govern::RegistryChange use;
  use.lifecycle = Lifecycle::kInUse;
  return registry.Change(c.id, use);
}

}  // namespace

Result<std::unique_ptr<DemoCamera>> DemoCamera::Start(const std::string& data_dir, const std::string& clip_arg,
                                                      Catalog& catalog, const govern::Taxonomy& taxonomy) {
  const std::string clip = clip_arg.empty() ? data_dir + "/demo/clip.mp4" : clip_arg;
  struct stat st {};
  if (::stat(clip.c_str(), &st) != 0) {
    spdlog::info("demo: making a 20 s demo clip with ffmpeg at {}", clip);
    CUSTOS_RETURN_IF_ERROR(MakeClipWithFfmpeg(clip, "1280x720", 20, 2000));
  }
  std::unique_ptr<DemoCamera> demo(new DemoCamera());
  sim::SimOptions so;
  so.clip_path = clip;
  so.cameras = 1;
  so.loop = true;
  auto server = sim::StartSim(demo->ctx_, so);
  if (!server) return Err(server.error());
  demo->server_ = std::move(*server);
  demo->thread_ = std::thread([ctx = &demo->ctx_] { ctx->run(); });
  CameraConfig c;
  c.id = "demo";
  c.name = "Demo camera (built-in simulator)";
  c.url = demo->server_->Url(1);
  Status s = RegisterDemo(catalog, taxonomy, c);
  if (!s.ok()) return Err(s.With("registering camera 'demo'"));
  spdlog::info("demo: camera 'demo' at {}", c.url);
  return demo;
}

DemoCamera::~DemoCamera() {
  if (server_) {
    std::promise<void> done;
    boost::asio::post(ctx_, [&] {
      server_->Stop();
      server_.reset();
      done.set_value();
    });
    done.get_future().wait_for(std::chrono::seconds(5));
  }
  ctx_.stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace custos
