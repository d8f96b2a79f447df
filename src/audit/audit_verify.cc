#include "audit/audit_verify.h"

#include <algorithm>
#include <map>
#include <optional>

namespace custos {

namespace {

// How far (in positions) an entry is searched for its original place; and how many bad
// entries get that search (each costs up to (2W+2)^2 hashes).
constexpr int64_t kMoveWindow = 8;
constexpr size_t kMaxDiagnosed = 2000;

using Entries = std::vector<StoredAuditEntry>;

struct Link {
  bool bad = false;            // stored hash != H(previous stored hash || entry)
  bool after_gap = false;      // seqs missing before it: its link cannot be checked
  std::optional<int64_t> written_as;  // the seq it chains at, if it was moved
};

std::string Seq(int64_t seq) { return "seq " + std::to_string(seq); }

// The seq at which entry i's stored hash chains, searching nearby seqs and predecessors.
std::optional<int64_t> FindOriginalSeq(const Entries& e, size_t i) {
  const int64_t seq = e[i].entry.seq;
  const int64_t n = static_cast<int64_t>(e.size());
  const int64_t lo = std::max<int64_t>(0, static_cast<int64_t>(i) - kMoveWindow - 1);
  const int64_t hi = std::min<int64_t>(n - 1, static_cast<int64_t>(i) + kMoveWindow);
  AuditEntry probe = e[i].entry;
  for (int64_t j = std::max<int64_t>(1, seq - kMoveWindow); j <= seq + kMoveWindow; ++j) {
    probe.seq = j;
    if (j == 1 && ChainHash(kAuditGenesisHash, probe) == probe.hash) return j;
    for (int64_t p = lo; p <= hi; ++p) {
      if (p == static_cast<int64_t>(i) || (j == seq && p + 1 == static_cast<int64_t>(i))) continue;
      if (ChainHash(e[p].entry.hash, probe) == probe.hash) return j;
    }
  }
  return std::nullopt;
}

std::vector<Link> CheckLinks(const Entries& e, AuditVerifyReport& r) {
  std::vector<Link> links(e.size());
  AuditHash prev = kAuditGenesisHash;
  int64_t prev_seq = 0;
  size_t diagnosed = 0;
  for (size_t i = 0; i < e.size(); ++i) {
    const AuditEntry& entry = e[i].entry;
    if (entry.seq > prev_seq + 1) {
      const std::string range = entry.seq == prev_seq + 2
                                    ? Seq(prev_seq + 1)
                                    : "seq " + std::to_string(prev_seq + 1) + ".." + std::to_string(entry.seq - 1);
      r.problems.push_back({AuditProblem::kDeleted, prev_seq + 1,
                            "entry " + range + " is missing: deleted (the log has no hole otherwise)"});
      links[i].after_gap = true;
    } else if (!e[i].hash_ok || ChainHash(prev, entry) != entry.hash) {
      links[i].bad = true;
      if (diagnosed++ < kMaxDiagnosed) links[i].written_as = FindOriginalSeq(e, i);
    }
    prev = entry.hash;
    prev_seq = entry.seq;
  }
  return links;
}

// True when every entry from i to the end was moved by `delta` (written at seq - delta).
bool ShiftedToEnd(const Entries& e, const std::vector<Link>& links, size_t i, int64_t delta) {
  if (i >= e.size()) return false;
  for (size_t k = i; k < e.size(); ++k) {
    if (!links[k].written_as || e[k].entry.seq - *links[k].written_as != delta) return false;
  }
  return true;
}

std::string InsertedMessage(int64_t seq, size_t renumbered) {
  return "entry " + Seq(seq) + " was inserted (not written by Custos): the " + std::to_string(renumbered) +
         " entries after it were renumbered";
}

std::string DeletedRenumberedMessage(int64_t seq, size_t renumbered) {
  return "an entry before " + Seq(seq) + " was deleted and the " + std::to_string(renumbered) +
         " entries from it on renumbered (each was written one seq higher)";
}

// Turns bad links into findings: entries shifted by +1 to the end after an unmoved entry
// mean that entry was inserted; shifted by -1 to the end, that one before was deleted and
// the rest renumbered; other moves are a reordering; a bad link that chains nowhere is an
// edit. An entry that chains at its own seq from a moved neighbour is fine.
void ClassifyLinks(const Entries& e, const std::vector<Link>& links, AuditVerifyReport& r) {
  for (size_t i = 0; i < e.size(); ++i) {
    const Link& l = links[i];
    const int64_t seq = e[i].entry.seq;
    if (!l.bad || (l.written_as && *l.written_as == seq)) continue;
    const size_t rest = e.size() - i - 1;
    if (!l.written_as) {
      if (ShiftedToEnd(e, links, i + 1, 1)) {
        r.problems.push_back({AuditProblem::kInserted, seq, InsertedMessage(seq, rest)});
        break;
      }
      if (ShiftedToEnd(e, links, i + 1, -1)) {
        r.problems.push_back({AuditProblem::kDeleted, seq, DeletedRenumberedMessage(seq, rest + 1)});
        break;
      }
      r.problems.push_back({AuditProblem::kEdited, seq,
                            "entry " + Seq(seq) + " does not match its hash: it was edited" +
                                (seq > 1 ? " (or entry " + Seq(seq - 1) + " was edited and its hash recomputed)" : "")});
      continue;
    }
    const int64_t delta = seq - *l.written_as;
    const bool prev_moved = i > 0 && links[i - 1].written_as && *links[i - 1].written_as != e[i - 1].entry.seq;
    if (!prev_moved && delta == 1 && ShiftedToEnd(e, links, i, 1)) {
      r.problems.push_back({AuditProblem::kInserted, seq - 1, InsertedMessage(seq - 1, rest + 1)});
      break;
    }
    if (!prev_moved && delta == -1 && ShiftedToEnd(e, links, i, -1)) {
      r.problems.push_back({AuditProblem::kDeleted, seq, DeletedRenumberedMessage(seq, rest + 1)});
      break;
    }
    r.problems.push_back({AuditProblem::kReordered, seq,
                          "entry " + Seq(seq) + " was written as " + Seq(*l.written_as) + ": entries were reordered"});
  }
}

void CheckCheckpoint(const AuditCheckpoint& c, const std::map<int64_t, const AuditEntry*>& by_seq,
                     const PublicKey& key, int64_t last_seq, AuditVerifyReport& r) {
  const std::string name = "checkpoint #" + std::to_string(c.id) + " (" + Seq(c.seq) + ")";
  const std::string key_hex = ToHex(key.data(), key.size());
  if (c.public_key_hex != key_hex) {
    r.problems.push_back({AuditProblem::kBadCheckpoint, c.seq,
                          name + " names signer " + c.public_key_hex + ", not this node's key " + key_hex +
                              ": forged"});
    return;
  }
  Signature sig{};
  if (c.signature.size() != sig.size()) {
    r.problems.push_back({AuditProblem::kBadCheckpoint, c.seq, name + " has no valid signature (wrong length): forged"});
    return;
  }
  std::copy(c.signature.begin(), c.signature.end(), sig.begin());
  if (!VerifySignature(key, CheckpointMessage(c.seq, c.hash, c.wall_90k), sig)) {
    r.problems.push_back({AuditProblem::kBadCheckpoint, c.seq,
                          name + " has a signature that does not verify: forged or altered"});
    return;
  }
  if (c.seq > last_seq) {
    r.problems.push_back({AuditProblem::kTruncated, last_seq + 1,
                          name + " was signed over entries the log no longer has: entries after " + Seq(last_seq) +
                              " up to " + Seq(c.seq) + " were cut off (truncated)"});
    return;
  }
  auto it = by_seq.find(c.seq);
  if (it == by_seq.end()) return;  // reported as a deleted entry
  if (it->second->hash != c.hash) {
    r.problems.push_back({AuditProblem::kRewritten, c.seq,
                          "entry " + Seq(c.seq) + " differs from what " + name +
                              " signed: entries up to it were rewritten and re-hashed after signing"});
    return;
  }
  r.last_signed_seq = std::max(r.last_signed_seq, c.seq);
}

void CheckCheckpoints(const std::vector<AuditCheckpoint>& cps, const Entries& e, const PublicKey& key,
                      AuditVerifyReport& r) {
  std::map<int64_t, const AuditEntry*> by_seq;
  for (const auto& s : e) by_seq[s.entry.seq] = &s.entry;
  int64_t prev_id = 0;
  for (const AuditCheckpoint& c : cps) {
    if (c.id != prev_id + 1) {
      r.problems.push_back({AuditProblem::kBadCheckpoint, c.seq,
                            "checkpoint #" + std::to_string(prev_id + 1) +
                                (c.id == prev_id + 2 ? "" : ".." + std::to_string(c.id - 1)) + " is missing: deleted"});
    }
    prev_id = c.id;
    CheckCheckpoint(c, by_seq, key, r.last_seq, r);
  }
  if (r.last_seq > r.last_signed_seq) {
    r.notes.push_back(std::to_string(r.last_seq - r.last_signed_seq) + " entries after " + Seq(r.last_signed_seq) +
                      " are chained but not yet covered by a signed checkpoint (the daemon signs within 5 minutes, "
                      "every 256 entries and at shutdown); a cut of these could not be detected");
  }
}

}  // namespace

std::string_view AuditProblemName(AuditProblem p) {
  switch (p) {
    case AuditProblem::kEdited: return "edited";
    case AuditProblem::kDeleted: return "deleted";
    case AuditProblem::kInserted: return "inserted";
    case AuditProblem::kReordered: return "reordered";
    case AuditProblem::kTruncated: return "truncated";
    case AuditProblem::kBadCheckpoint: return "bad_checkpoint";
    case AuditProblem::kRewritten: return "rewritten";
  }
  return "unknown";
}

Result<AuditVerifyReport> VerifyAuditLog(SqliteDb& db, const PublicKey& node_key) {
  // One snapshot for both reads: a checkpoint that a running daemon appends between them
  // would otherwise cover an entry this reader has not seen.
  CUSTOS_RETURN_IF_ERROR(db.Exec("BEGIN", "starting a read snapshot of the audit log"));
  auto entries = ReadAuditEntries(db);
  auto checkpoints = entries ? ReadAuditCheckpoints(db) : Result<std::vector<AuditCheckpoint>>(Err(entries.error()));
  (void)db.Exec("COMMIT", "ending the read snapshot of the audit log");
  if (!entries) return Err(entries.error());
  if (!checkpoints) return Err(checkpoints.error());
  AuditVerifyReport r;
  r.entries = static_cast<int64_t>(entries->size());
  r.last_seq = entries->empty() ? 0 : entries->back().entry.seq;
  r.checkpoints = static_cast<int64_t>(checkpoints->size());
  const std::vector<Link> links = CheckLinks(*entries, r);
  ClassifyLinks(*entries, links, r);
  CheckCheckpoints(*checkpoints, *entries, node_key, r);
  std::stable_sort(r.problems.begin(), r.problems.end(),
                   [](const AuditFinding& a, const AuditFinding& b) { return a.seq < b.seq; });
  return r;
}

}  // namespace custos
