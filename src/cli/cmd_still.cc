// `custos still`: one camera's picture at a time (or its newest) as a JPEG file, with the
// camera's privacy zones filled (--masked, the default) or not (--unmasked), as the API's
// still.jpg without and with ?unmasked=1 (docs/design/privacy.md).
#include <iostream>

#include "base/clock.h"
#include "base/file_util.h"
#include "cli/cli.h"
#include "privacy/av_mask.h"
#include "server/data_dir.h"
#include "storage/still_frames.h"

namespace custos::cli {

int Still(int argc, char** argv) {
  std::string data, camera, at_s, out;
  int width = 0;
  bool masked = false, unmasked = false;
  po::options_description opts("still");
  AddDataOption(opts, data);
  opts.add_options()("camera", po::value(&camera)->required(), "camera id")(
      "at", po::value(&at_s)->required(), "the instant, ISO 8601, or `now` for the newest frame")(
      "width", po::value(&width)->default_value(0), "scale down to this width (0: the camera's size)")(
      "output,o", po::value(&out)->required(), "the JPEG file to write")(
      "masked", po::bool_switch(&masked), "fill the camera's privacy zones (the default)")(
      "unmasked", po::bool_switch(&unmasked), "the original picture, privacy zones not filled");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos still --camera ID --at TIME|now -o FILE.jpg",
                     "Decodes the frame showing at --at (from the key frame before it) and writes it as JPEG,\n"
                     "with the camera's privacy zones filled unless --unmasked.");
  if (rc >= 0) return rc;
  if (masked && unmasked) return Fail("still", InvalidArgument("choose one of --masked and --unmasked"));
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
  std::vector<privacy::PrivacyZone> zones;
  if (!unmasked) {
    auto json = (*catalog)->GetPrivacyZonesJson(camera);
    if (!json) return Fail("still", json.error());
    auto parsed = privacy::ZonesFromJson(*json);
    if (!parsed) return Fail("still", parsed.error().With("the stored privacy zones of camera " + camera));
    zones = std::move(*parsed);
  }
  auto jpeg = privacy::MaskedStillJpeg(frames->params, frames->samples, zones, {.width = width});
  if (!jpeg) return Fail("still", jpeg.error());
  Status s = WriteFileAtomic(out, *jpeg);
  if (!s.ok()) return Fail("still", s);
  std::cout << "wrote " << out << ": " << jpeg->size() << " bytes, the frame of " << FormatIso8601(frames->wall)
            << " (" << frames->samples.size() << " frames decoded from recording " << frames->recording_id << "; "
            << (unmasked ? "unmasked: privacy zones not filled" : std::to_string(zones.size()) + " privacy zones filled")
            << ")\n";
  return 0;
}

}  // namespace custos::cli
