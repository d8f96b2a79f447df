#include "storage/integrity_verify.h"

#include <map>
#include <set>

#include "base/file_util.h"

namespace custos {

namespace {

// The recording row must still say what was sealed.
std::string RowDiffers(const ChainLink& l, const Recording& r) {
  std::string what;
  auto add = [&](const char* field) { what += what.empty() ? field : std::string(", ") + field; };
  if (r.camera_id != l.camera_id) add("camera");
  if (r.start_wall_90k != l.start_wall_90k) add("start");
  if (r.end_wall_90k.value_or(WallTime90k{}) != l.end_wall_90k) add("end");
  if (r.frames != l.frames) add("frames");
  if (r.bytes != l.file_bytes) add("bytes");
  return what;
}

void CheckLinkTarget(Catalog& catalog, const std::string& data_dir, const ChainLink& l, IntegrityReport& rep) {
  auto r = catalog.GetRecording(l.recording_id);
  if (!r) {
    rep.problems.push_back(LinkName(l) + ": the recording disappeared from the catalog (" + r.error().message() + ")");
    return;
  }
  const std::string diff = RowDiffers(l, *r);
  if (!diff.empty()) rep.problems.push_back(LinkName(l) + ": the catalog row was edited after sealing (" + diff + ")");
  uint64_t bytes = 0;
  auto sha = Sha256OfFile(JoinPath(data_dir, r->file_path), &bytes);
  if (!sha) {
    rep.problems.push_back(LinkName(l) + ": file " + r->file_path + " is missing or unreadable (" +
                           sha.error().message() + ")");
    return;
  }
  ++rep.files_hashed;
  rep.bytes_hashed += bytes;
  if (*sha != l.file_sha256) {
    rep.problems.push_back(LinkName(l) + ": file " + r->file_path + " changed after sealing (SHA-256 " +
                           DigestHex(*sha) + ", " + std::to_string(bytes) + " bytes; sealed " +
                           DigestHex(l.file_sha256) + ", " + std::to_string(l.file_bytes) + " bytes)");
  }
}

void CheckCheckpoints(Catalog& catalog, const std::string& cam, const std::vector<ChainLink>& links,
                      const IntegrityOptions& o, IntegrityReport& rep) {
  auto cps = catalog.ListCheckpoints(cam);
  if (!cps) {
    rep.problems.push_back("camera " + cam + ": checkpoints unreadable: " + cps.error().message());
    return;
  }
  std::map<int64_t, const ChainLink*> by_seq;
  for (const auto& l : links) by_seq[l.seq] = &l;
  int64_t covered = 0;
  for (const auto& c : *cps) {
    ++rep.checkpoints_checked;
    const std::string name = "camera " + cam + ", checkpoint " + std::to_string(c.id) + " (link " +
                             std::to_string(c.seq) + ", recording " + std::to_string(c.recording_id) + ")";
    const PublicKey& key = o.node_key ? *o.node_key : c.public_key;
    if (c.public_key != key) {
      rep.problems.push_back(name + ": signed by another key (" + ToHex(c.public_key.data(), c.public_key.size()) +
                             ") than this node's");
    } else if (!CheckpointSignatureValid(c, key)) {
      rep.problems.push_back(name + ": its signature is not valid (forged or edited)");
    }
    auto it = by_seq.find(c.seq);
    if (it == by_seq.end() || it->second->chain_hash != c.chain_hash || it->second->recording_id != c.recording_id) {
      rep.problems.push_back(name + ": the chain no longer holds the link it signed (rewritten after signing)");
    }
    covered = std::max(covered, c.seq);
  }
  if (!links.empty() && links.back().seq > covered) {
    rep.notes.push_back("camera " + cam + ": links " + std::to_string(covered + 1) + ".." +
                        std::to_string(links.back().seq) + " are not yet under a signed checkpoint");
  }
}

}  // namespace

Result<IntegrityReport> VerifyIntegrity(Catalog& catalog, const std::string& data_dir, const IntegrityOptions& o) {
  IntegrityReport rep;
  if (!o.node_key) rep.notes.push_back("no node key in this data folder: checkpoints checked against the key they name");
  auto cams = catalog.ListChainedCameras();
  if (!cams) return Err(cams.error());
  for (const auto& cam : *cams) {
    ++rep.cameras;
    auto links = catalog.ListChainLinks(cam, 1, INT64_MAX);
    if (!links) return Err(links.error());
    if (!links->empty() && links->front().seq != 1) {
      rep.problems.push_back("camera " + cam + ": links 1.." + std::to_string(links->front().seq - 1) +
                             " are missing (removed from the start of the chain)");
    }
    const Sha256Digest zero{};
    const bool from_start = !links->empty() && links->front().seq == 1;
    for (auto& p : CheckChainRun(*links, from_start ? &zero : nullptr)) rep.problems.push_back(p);
    for (const auto& l : *links) {
      ++rep.links_checked;
      CheckLinkTarget(catalog, data_dir, l, rep);
    }
    CheckCheckpoints(catalog, cam, *links, o, rep);
  }
  auto unsealed = catalog.ListUnsealedRecordings();
  if (!unsealed) return Err(unsealed.error());
  for (const auto& r : *unsealed) {
    const std::string line = "recording " + std::to_string(r.id) + " (" + r.file_path + ", camera " + r.camera_id +
                             "): finished but not in the chain";
    if (o.daemon_running) {
      rep.notes.push_back(line + " (the daemon may be sealing it right now)");
    } else {
      rep.problems.push_back(line + " (added behind Custos's back, or finished by a Custos before schema v3 or "
                                    "just before a crash: `custos serve` seals those at start)");
    }
  }
  return rep;
}

}  // namespace custos
