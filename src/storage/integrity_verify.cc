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

// What fsck needs to judge a lawful-deletion mark: the camera's marks and every hold.
struct DeletionContext {
  std::map<int64_t, LawfulDeletion> marks;  // by recording id
  const std::vector<Hold>* holds = nullptr;
};

// True if `h` covered the link's footage at time `t` (placed, not yet released or lapsed).
bool HoldCovered(const Hold& h, const ChainLink& l, WallTime90k t) {
  return h.camera_id == l.camera_id && h.from_wall_90k < l.end_wall_90k && h.to_wall_90k > l.start_wall_90k &&
         h.created_wall_90k <= t && (!h.released_wall_90k || *h.released_wall_90k > t) &&
         (!h.until_wall_90k || *h.until_wall_90k > t);
}

// Why the mark `d` on link `l` cannot be a lawful retention delete; "" if it can.
std::string MarkUnlawful(const ChainLink& l, const LawfulDeletion& d, const DeletionContext& ctx,
                         const IntegrityOptions& o) {
  const WallTime90k t = d.deleted_wall_90k;
  if (t > o.now_wall_90k) return "it is dated in the future";
  if (o.minimum_retention_90k && t.ticks_90k < l.end_wall_90k.ticks_90k + *o.minimum_retention_90k) {
    return "the recording ended " + FormatIso8601(l.end_wall_90k) + ", less than the minimum retention (" +
           std::to_string(*o.minimum_retention_90k / (86400 * kTicksPerSecond90k)) + " days) before: it was still protected (R403/R501)";
  }
  for (const Hold& h : *ctx.holds) {
    if (HoldCovered(h, l, t)) {
      return "evidence hold " + std::to_string(h.id) + " (" + h.case_ref + ") covered it then (R502)";
    }
  }
  return "";
}

std::string DescribeMark(const LawfulDeletion& d) {
  std::string s = "deleted by retention on " + FormatIso8601(d.deleted_wall_90k) + " (" +
                  std::string(DeletionRuleLabel(d.reason.rule));
  if (d.reason.deleted_by != "system") s += ", by " + d.reason.deleted_by;
  if (!d.reason.audit_ref.empty()) s += "; audit " + d.reason.audit_ref;
  return s + ")";
}

// A link whose recording has a lawful-deletion mark: listed if the mark can be lawful.
void CheckMarkedLink(const ChainLink& l, const LawfulDeletion& d, bool row_exists, const DeletionContext& ctx,
                     const IntegrityOptions& o, IntegrityReport& rep) {
  if (row_exists) {
    rep.problems.push_back(LinkName(l) + ": marked as " + DescribeMark(d) +
                           " but its recording is still in the catalog (the mark was forged)");
    return;
  }
  const std::string why = MarkUnlawful(l, d, ctx, o);
  if (!why.empty()) {
    rep.problems.push_back(LinkName(l) + ": its file and row are gone and its mark says " + DescribeMark(d) +
                           ", but " + why + ": not a lawful deletion (forged mark)");
    return;
  }
  rep.lawful_deletions.push_back(LinkName(l) + ": " + DescribeMark(d));
}

void CheckLinkTarget(Catalog& catalog, const std::string& data_dir, const ChainLink& l, const DeletionContext& ctx,
                     const IntegrityOptions& o, IntegrityReport& rep) {
  auto r = catalog.GetRecording(l.recording_id);
  auto mark = ctx.marks.find(l.recording_id);
  if (mark != ctx.marks.end()) {
    CheckMarkedLink(l, mark->second, r.has_value(), ctx, o, rep);
    if (!r) return;
  }
  if (!r) {
    const bool gone = r.error().code() == StatusCode::kNotFound;
    rep.problems.push_back(LinkName(l) + ": the recording disappeared from the catalog" +
                           (gone ? " without a retention delete (no lawful-deletion mark: removed by hand)"
                                 : " (" + r.error().message() + ")"));
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
  if (!o.minimum_retention_90k) {
    rep.notes.push_back("no jurisdiction profile given: lawful deletions not checked against the minimum retention");
  }
  auto cams = catalog.ListChainedCameras();
  if (!cams) return Err(cams.error());
  auto holds = catalog.ListHolds(HoldFilter::kAll, o.now_wall_90k);
  if (!holds) return Err(holds.error().With("reading evidence holds"));
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
    auto marks = catalog.ListLawfulDeletions(cam);
    if (!marks) return Err(marks.error().With("reading lawful deletions of camera " + cam));
    DeletionContext ctx;
    ctx.holds = &*holds;
    for (auto& d : *marks) ctx.marks.emplace(d.recording_id, std::move(d));
    for (const auto& l : *links) {
      ++rep.links_checked;
      CheckLinkTarget(catalog, data_dir, l, ctx, o, rep);
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
