#include "storage/export_package.h"

#include <cerrno>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <random>
#include <system_error>

#include "base/file_util.h"
#include "storage/chain_sealer.h"
#include "storage/range_export.h"

namespace custos {

namespace {

namespace fs = std::filesystem;

std::string NewPackageId() {
  std::random_device rd;  // the OS's CSPRNG on Linux
  uint8_t b[16];
  for (auto& x : b) x = static_cast<uint8_t>(rd());
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);
  char text[37];
  std::snprintf(text, sizeof text, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
                b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
  return text;
}

Status PrepareDir(const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) {
    return AlreadyExists(dir + " exists and is not empty: a package goes into a new directory");
  }
  CUSTOS_RETURN_IF_ERROR(MakeDirs(JoinPath(dir, "video")));
  return Status::Ok();
}

Status WriteVideo(const mp4::ExportPlan& plan, const std::string& path) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoStatus(errno, "create " + path);
  Status s = mp4::WriteExport(plan, fd);
  if (s.ok() && ::fsync(fd) != 0) s = ErrnoStatus(errno, "fsync " + path);
  ::close(fd);
  return s;
}

// The link of a source recording, after checking its file still matches the seal.
Result<ChainLink> SealedSource(Catalog& catalog, const std::string& data_dir, int64_t id) {
  const std::string name = "recording " + std::to_string(id);
  auto rec = catalog.GetRecording(id);
  if (!rec) return Err(rec.error());
  auto link = catalog.GetChainLink(id);
  if (!link) return Err(link.error());
  if (!link->has_value()) {
    if (rec->state == RecordingState::kWriting) {
      return Err(FailedPrecondition(name + " is still being written: choose a range that ends before " +
                                    FormatIso8601(rec->start_wall_90k) + ", or wait until it closes (about a minute)"));
    }
    return Err(FailedPrecondition(name + " is finished but not sealed: `custos serve` seals it at start; "
                                         "`custos fsck --verify` tells more"));
  }
  auto sha = Sha256OfFile(JoinPath(data_dir, rec->file_path));
  if (!sha) return Err(sha.error().With(name));
  if (*sha != (*link)->file_sha256) {
    return Err(DataLoss(name + " (" + rec->file_path + ") changed since it was sealed: refusing to package it; "
                        "run `custos fsck --verify`"));
  }
  return **link;
}

Result<PackageCamera> PackCamera(Catalog& catalog, const std::string& data_dir, ChainSealer& sealer,
                                 const PackageRequest& req, const std::string& cam, PackageManifest& m) {
  auto plan = PlanRangeExport(catalog, data_dir, cam, req.from, req.to);
  if (!plan) return Err(plan.error());
  PackageCamera pc;
  pc.camera_id = cam;
  pc.from_wall_90k = req.from;
  pc.to_wall_90k = req.to;
  pc.start_wall_90k = plan->start_wall;
  pc.end_wall_90k = plan->end_wall;
  pc.source_recordings = plan->recording_ids;
  int64_t min_seq = INT64_MAX, max_seq = 0;
  for (int64_t id : plan->recording_ids) {
    auto link = SealedSource(catalog, data_dir, id);
    if (!link) return Err(link.error().With("camera " + cam));
    min_seq = std::min(min_seq, link->seq);
    max_seq = std::max(max_seq, link->seq);
  }
  auto cp = sealer.CheckpointHead(cam);
  if (!cp) return Err(cp.error().With("signing a checkpoint"));
  pc.checkpoint = *cp;
  auto links = catalog.ListChainLinks(cam, min_seq, std::max(max_seq, cp->seq));
  if (!links) return Err(links.error());
  pc.links = std::move(*links);
  pc.video_path = "video/" + cam + ".mp4";
  const std::string video = JoinPath(req.out_dir, pc.video_path);
  CUSTOS_RETURN_IF_ERROR(req.write_video ? req.write_video(cam, plan->plan, video) : WriteVideo(plan->plan, video));
  auto vf = DescribePackageFile(req.out_dir, pc.video_path, "video", cam);
  if (!vf) return Err(vf.error());
  m.files.push_back(*vf);
  if (!req.include_sources) return pc;
  CUSTOS_RETURN_IF_ERROR(MakeDirs(JoinPath(req.out_dir, "sources")));
  for (int64_t id : plan->recording_ids) {
    auto rec = catalog.GetRecording(id);
    if (!rec) return Err(rec.error());
    const std::string rel = "sources/" + cam + "-" + std::to_string(id) + ".mp4";
    std::error_code ec;
    fs::copy_file(JoinPath(data_dir, rec->file_path), JoinPath(req.out_dir, rel), ec);
    if (ec) return Err(Internal("copying recording " + std::to_string(id) + ": " + ec.message()));
    auto sf = DescribePackageFile(req.out_dir, rel, "source", cam, id);
    if (!sf) return Err(sf.error());
    m.files.push_back(*sf);
  }
  return pc;
}

}  // namespace

Result<PackageManifest> WriteExportPackage(Catalog& catalog, const std::string& data_dir, const NodeKey& key,
                                           const Clock& clock, const PackageRequest& req) {
  if (req.cameras.empty()) return Err(InvalidArgument("name at least one camera"));
  if (static_cast<bool>(req.write_video) != req.reencoding.has_value()) {
    return Err(Internal("a re-encoded package needs both the video writer and its manifest entry"));
  }
  auto meta = catalog.Meta();
  if (!meta) return Err(meta.error());
  CUSTOS_RETURN_IF_ERROR(PrepareDir(req.out_dir));
  PackageManifest m;
  m.package_id = NewPackageId();
  m.node_uuid = meta->uuid;
  m.node_public_key = key.public_key();
  m.created_wall_90k = clock.Now();
  m.requester = req.requester;
  m.purpose = req.purpose;
  m.destination = req.destination;
  m.approvals = req.approvals;
  m.reencoding = req.reencoding;
  ChainSealer sealer(catalog, key, clock);
  for (const auto& cam : req.cameras) {
    auto pc = PackCamera(catalog, data_dir, sealer, req, cam, m);
    if (!pc) {
      std::error_code ec;
      fs::remove_all(req.out_dir, ec);  // no half package left behind
      return Err(pc.error());
    }
    m.cameras.push_back(std::move(*pc));
  }
  CUSTOS_RETURN_IF_ERROR(WriteSignedManifest(req.out_dir, m, key));
  return m;
}

}  // namespace custos
