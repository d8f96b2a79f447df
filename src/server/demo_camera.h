// demo_camera.h: `custos serve --demo`: the simulator as an in-process camera "demo".
//
// Makes a demo clip with the ffmpeg CLI if none exists (DATA/demo/clip.mp4; H.264 720p,
// 25 fps), serves it with the simulator on an ephemeral loopback port, and adds camera
// "demo" to the catalog (or points it at the new port). Thread-safety: owns one event-loop
// thread; created and destroyed by the daemon's main thread.
#pragma once

#include <boost/asio/io_context.hpp>

#include <memory>
#include <string>
#include <thread>

#include "base/status.h"
#include "catalog/catalog.h"
#include "govern/taxonomy.h"

namespace custos {

namespace sim {
class SimServer;
}

class DemoCamera {
 public:
  // Registers camera "demo" through govern::Registry (site other_public, in use, accepted
  // on the day it is first registered) so that the daemon records it.
  static Result<std::unique_ptr<DemoCamera>> Start(const std::string& data_dir, const std::string& clip,
                                                   Catalog& catalog, const govern::Taxonomy& taxonomy);
  ~DemoCamera();

 private:
  DemoCamera() = default;
  boost::asio::io_context ctx_{1};
  std::unique_ptr<sim::SimServer> server_;
  std::thread thread_;
};

// Makes a test clip with the ffmpeg command-line tool (H.264 by default).
Status MakeClipWithFfmpeg(const std::string& path, const std::string& size, int seconds, int kbps,
                          const std::string& codec = "libx264");

}  // namespace custos
