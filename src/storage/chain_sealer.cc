#include "storage/chain_sealer.h"

#include "base/file_util.h"
#include "base/log.h"

namespace custos {

Result<ChainCheckpoint> ChainSealer::SignAt(const ChainLink& head) {
  ChainCheckpoint c;
  c.camera_id = head.camera_id;
  c.seq = head.seq;
  c.recording_id = head.recording_id;
  c.chain_hash = head.chain_hash;
  c.signed_wall_90k = clock_.Now();
  SignCheckpoint(key_, c);
  auto id = catalog_.AddCheckpoint(c);
  if (!id) return Err(id.error());
  c.id = *id;
  return c;
}

bool ChainSealer::Due(const ChainLink& head, const std::optional<ChainCheckpoint>& last) const {
  if (!last) return true;  // a chain's first link gets a checkpoint at once
  if (last->seq >= head.seq) return false;
  return head.seq - last->seq >= policy_.checkpoint_every_links ||
         clock_.Now().ticks_90k - last->signed_wall_90k.ticks_90k >= policy_.checkpoint_every_90k;
}

Result<ChainLink> ChainSealer::Seal(int64_t recording_id, const Sha256Digest& file_sha256, int64_t file_bytes) {
  auto link = catalog_.SealRecording(recording_id, file_sha256, file_bytes);
  if (!link) return Err(link.error());
  auto last = catalog_.LatestCheckpoint(link->camera_id);
  if (!last) return Err(last.error().With("reading the last checkpoint"));
  if (Due(*link, *last)) {
    auto c = SignAt(*link);
    if (!c) return Err(c.error().With("signing a checkpoint"));
  }
  return link;
}

Result<int> ChainSealer::SealUnsealed(const std::string& data_dir, std::vector<std::string>* notes) {
  auto unsealed = catalog_.ListUnsealedRecordings();
  if (!unsealed) return Err(unsealed.error().With("listing unsealed recordings"));
  int sealed = 0;
  for (const Recording& r : *unsealed) {
    uint64_t bytes = 0;
    auto sha = Sha256OfFile(JoinPath(data_dir, r.file_path), &bytes);
    const std::string name = "recording " + std::to_string(r.id) + " (" + r.file_path + ")";
    if (!sha) {
      if (notes) notes->push_back(name + ": not sealed: " + sha.error().message());
      continue;
    }
    auto link = Seal(r.id, *sha, static_cast<int64_t>(bytes));
    if (!link) return Err(link.error());
    ++sealed;
    if (notes) notes->push_back(name + ": sealed as link " + std::to_string(link->seq) + " of camera " + r.camera_id);
  }
  return sealed;
}

Result<ChainCheckpoint> ChainSealer::CheckpointHead(const std::string& camera_id) {
  auto head = catalog_.ChainHead(camera_id);
  if (!head) return Err(head.error());
  if (!head->has_value()) return Err(NotFound("camera " + camera_id + " has no sealed recording yet"));
  auto last = catalog_.LatestCheckpoint(camera_id);
  if (!last) return Err(last.error());
  if (last->has_value() && (*last)->seq >= (*head)->seq) return **last;
  return SignAt(**head);
}

Result<int> ChainSealer::CheckpointAll() {
  auto cameras = catalog_.ListChainedCameras();
  if (!cameras) return Err(cameras.error());
  int signed_now = 0;
  for (const auto& cam : *cameras) {
    auto last = catalog_.LatestCheckpoint(cam);
    auto head = catalog_.ChainHead(cam);
    if (!last || !head) return Err((!last ? last.error() : head.error()).With("camera " + cam));
    if (!head->has_value() || (last->has_value() && (*last)->seq >= (*head)->seq)) continue;
    auto c = SignAt(**head);
    if (!c) return Err(c.error().With("camera " + cam));
    ++signed_now;
  }
  return signed_now;
}

}  // namespace custos
