// audit_entry.h: one entry of the audit log, its canonical encoding and its chain hash.
//
// An entry is an AuditEvent (audit_sink.h) plus the sequence number and the time the log
// gave it. Its hash is SHA-256(previous entry's hash || CanonicalEncoding(entry)); the
// first entry's previous hash is 32 zero bytes. The encoding is length-prefixed so no two
// different entries encode alike (docs/design/audit.md). Thread-safety: plain values.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "audit/audit_sink.h"
#include "base/time.h"

namespace custos {

using AuditHash = std::array<uint8_t, 32>;
inline constexpr AuditHash kAuditGenesisHash{};

struct AuditEntry {
  int64_t seq = 0;  // 1, 2, 3, ... without holes
  WallTime90k wall_90k;
  AuditEvent event;
  AuditHash hash{};
};

// The bytes hashed for `entry` (its hash field excluded).
std::string CanonicalEncoding(const AuditEntry& entry);
// SHA-256(previous || CanonicalEncoding(entry)).
AuditHash ChainHash(const AuditHash& previous, const AuditEntry& entry);
// The message a checkpoint's signature covers.
std::string CheckpointMessage(int64_t seq, const AuditHash& hash, WallTime90k wall_90k);

std::string HashHex(const AuditHash& hash);

// camera_ids are stored as one text column holding a JSON array of strings.
std::string CameraIdsToJson(const std::vector<std::string>& ids);
// The ids in a JSON array; the raw text as the single id if it is not one (so a tampered
// column still shows what it holds and fails the hash).
std::vector<std::string> CameraIdsFromJson(const std::string& json);

}  // namespace custos
