// Masked export speed: decode → detect/track/mask → libx264 → MP4, file to file.
//   privacy_masked_export_bench IN.mp4 OUT.mp4 [detect_every] [preset] [max_width_px] [detect=1] [face_model=1]
//                               [cascades=1]   (0: the fast detection, BlazeFace and the plate localiser only)
// Detection runs on its own thread (DetectionWorker), as in `custos export --masked`.
// Prints frames, seconds, frames per second and the speed relative to the clip's frame rate.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "privacy/pipeline.h"

int main(int argc, char** argv) {
  using namespace custos::privacy;
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s IN.mp4 OUT.mp4 [detect_every=5] [preset=veryfast] [max_width_px=960] [detect=1] [face_model=1] [cascades=1]\n", argv[0]);
    return 2;
  }
  MaskedExportOptions options;
  if (argc > 3) options.stage.detect_every = std::atoi(argv[3]);
  if (argc > 4) options.encode.preset = argv[4];
  if (argc > 5) options.detector.max_width_px = std::atoi(argv[5]);
  if (argc > 6) options.detect = std::atoi(argv[6]) != 0;
  if (argc > 7 && std::atoi(argv[7]) == 0) options.detector.face_model_path.clear();
  if (argc > 8 && std::atoi(argv[8]) == 0) options.detector.face_cascades = options.detector.plate_cascades = false;
  options.zones = {{"bench zone", {{0.0, 0.0}, {0.25, 0.0}, {0.25, 0.2}, {0.0, 0.2}}}};
  auto source = OpenLibavSource(argv[1]);
  if (!source) {
    std::fprintf(stderr, "%s\n", source.error().ToString().c_str());
    return 1;
  }
  const StreamInfo info = (*source)->info();
  auto sink = OpenLibavMp4Sink(argv[2], info, options.encode);
  if (!sink) {
    std::fprintf(stderr, "%s\n", sink.error().ToString().c_str());
    return 1;
  }
  auto stats = MaskedExport(**source, **sink, options);
  if (!stats) {
    std::fprintf(stderr, "%s\n", stats.error().ToString().c_str());
    return 1;
  }
  const double fps = stats->frames / stats->seconds;
  const double rate = static_cast<double>(info.frame_rate_num) / info.frame_rate_den;
  std::printf("%dx%d %.3g fps source, detect=%d detect_every=%d preset=%s max_width=%d face_model=%d cascades=%d: %lld frames in %.2f s = %.1f fps "
              "(%.2fx real time), %lld detections, %lld frames with masked regions\n",
              info.width, info.height, rate, options.detect ? 1 : 0, options.stage.detect_every, options.encode.preset.c_str(),
              options.detector.max_width_px, options.detector.face_model_path.empty() ? 0 : 1,
              options.detector.face_cascades ? 1 : 0,
              static_cast<long long>(stats->frames), stats->seconds, fps, fps / rate,
              static_cast<long long>(stats->detections), static_cast<long long>(stats->frames_with_regions));
  return 0;
}
