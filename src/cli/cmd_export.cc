// `custos export`: one camera's time range as one MP4 file.
#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <iostream>

#include "cli/cli.h"
#include "server/data_dir.h"
#include "storage/range_export.h"

namespace custos::cli {

int Export(int argc, char** argv) {
  std::string data, camera, from_s, to_s, out;
  po::options_description opts("export");
  AddDataOption(opts, data);
  opts.add_options()("camera", po::value(&camera)->required(), "camera id")(
      "from", po::value(&from_s)->required(), "start, ISO 8601 (2026-11-23T08:30:00+08:00 or ...Z)")(
      "to", po::value(&to_s)->required(), "end, ISO 8601")("output,o", po::value(&out)->required(),
                                                            "the MP4 file to write");
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos export --camera ID --from TIME --to TIME -o FILE.mp4",
                     "Writes the recordings of one camera in [from, to) as one MP4 that any player opens.\n"
                     "It holds the frames from the key frame at or before --from; an edit list makes players start at --from.");
  if (rc >= 0) return rc;
  auto from = ParseIso8601(from_s);
  if (!from) return Fail("export", from.error().With("--from"));
  auto to = ParseIso8601(to_s);
  if (!to) return Fail("export", to.error().With("--to"));
  auto catalog = Catalog::Open(CatalogPath(data));
  if (!catalog) return Fail("export", catalog.error());
  auto plan = PlanRangeExport(**catalog, data, camera, *from, *to);
  if (!plan) return Fail("export", plan.error());
  int fd = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Fail("export", ErrnoStatus(errno, "create " + out));
  Status s = mp4::WriteExport(plan->plan, fd);
  if (s.ok() && ::fsync(fd) != 0) s = ErrnoStatus(errno, "fsync " + out);
  ::close(fd);
  if (!s.ok()) {
    ::unlink(out.c_str());
    return Fail("export", s);
  }
  std::cout << "wrote " << out << ": " << plan->plan.sample_count << " frames, "
            << TicksToSeconds(plan->plan.presented_duration_90k) << " s, " << plan->plan.total_bytes
            << " bytes, from " << plan->recordings << " recording(s)\n"
            << "  plays  " << FormatIso8601(plan->play_start_wall) << " (the frame showing at the asked start)\n"
            << "  frames " << FormatIso8601(plan->start_wall) << " (key frame at or before it; "
            << TicksToSeconds(plan->plan.lead_in_90k) << " s decoded, not shown)\n"
            << "  ends   " << FormatIso8601(plan->end_wall) << "\n";
  return 0;
}

}  // namespace custos::cli
