// `custos still`: one camera's picture at a time (or its newest) as a JPEG file.
#include <iostream>

#include "base/clock.h"
#include "base/file_util.h"
#include "cli/cli.h"
#include "codec/still.h"
#include "server/data_dir.h"
#include "storage/still_frames.h"

namespace custos::cli {

int Still(int argc, char** argv) {
  std::string data, camera, at_s, out;
  int width = 0;
  po::options_description opts("still");
  AddDataOption(opts, data);
  opts.add_options()("camera", po::value(&camera)->required(), "camera id")(
      "at", po::value(&at_s)->required(), "the instant, ISO 8601, or `now` for the newest frame")(
      "width", po::value(&width)->default_value(0), "scale down to this width (0: the camera's size)")(
      "output,o", po::value(&out)->required(), "the JPEG file to write");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos still --camera ID --at TIME|now -o FILE.jpg",
                     "Decodes the frame showing at --at (from the key frame before it) and writes it as JPEG.");
  if (rc >= 0) return rc;
  std::optional<WallTime90k> at;
  if (at_s != "now") {
    auto parsed = ParseIso8601(at_s);
    if (!parsed) return Fail("still", parsed.error().With("--at"));
    at = *parsed;
  }
  auto catalog = Catalog::Open(CatalogPath(data));
  if (!catalog) return Fail("still", catalog.error());
  RealClock clock;
  auto frames = ReadStillFrames(**catalog, data, camera, at, clock.Now());
  if (!frames) return Fail("still", frames.error());
  auto jpeg = codec::StillJpeg(frames->params, frames->samples, {.width = width});
  if (!jpeg) return Fail("still", jpeg.error());
  Status s = WriteFileAtomic(out, *jpeg);
  if (!s.ok()) return Fail("still", s);
  std::cout << "wrote " << out << ": " << jpeg->size() << " bytes, the frame of " << FormatIso8601(frames->wall)
            << " (" << frames->samples.size() << " frames decoded from recording " << frames->recording_id << ")\n";
  return 0;
}

}  // namespace custos::cli
