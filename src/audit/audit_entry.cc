#include "audit/audit_entry.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

#include "crypto/node_key.h"

namespace custos {

namespace {

void PutU64(std::string& out, uint64_t v) {
  for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((v >> shift) & 0xff));
}

void PutText(std::string& out, const std::string& s) {
  PutU64(out, s.size());
  out += s;
}

void PutOptionalTime(std::string& out, const std::optional<WallTime90k>& t) {
  out.push_back(t ? '\1' : '\0');
  PutU64(out, t ? static_cast<uint64_t>(t->ticks_90k) : 0);
}

}  // namespace

std::string CanonicalEncoding(const AuditEntry& entry) {
  const AuditEvent& e = entry.event;
  std::string out = "custos-audit-entry-v1";
  PutU64(out, static_cast<uint64_t>(entry.seq));
  PutU64(out, static_cast<uint64_t>(entry.wall_90k.ticks_90k));
  PutText(out, e.actor);
  PutText(out, e.action);
  PutText(out, e.outcome);
  PutU64(out, e.camera_ids.size());
  for (const std::string& id : e.camera_ids) PutText(out, id);
  PutOptionalTime(out, e.from_wall_90k);
  PutOptionalTime(out, e.to_wall_90k);
  PutText(out, e.purpose);
  PutText(out, e.destination);
  PutText(out, e.request_id);
  PutText(out, e.client);
  PutText(out, e.detail);
  return out;
}

AuditHash ChainHash(const AuditHash& previous, const AuditEntry& entry) {
  const std::string encoded = CanonicalEncoding(entry);
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, previous.data(), previous.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(encoded.data()), encoded.size());
  AuditHash out;
  crypto_hash_sha256_final(&state, out.data());
  return out;
}

std::string CheckpointMessage(int64_t seq, const AuditHash& hash, WallTime90k wall_90k) {
  std::string out = "custos-audit-checkpoint-v1";
  PutU64(out, static_cast<uint64_t>(seq));
  out.append(reinterpret_cast<const char*>(hash.data()), hash.size());
  PutU64(out, static_cast<uint64_t>(wall_90k.ticks_90k));
  return out;
}

std::string HashHex(const AuditHash& hash) { return ToHex(hash.data(), hash.size()); }

std::string CameraIdsToJson(const std::vector<std::string>& ids) { return nlohmann::json(ids).dump(); }

std::vector<std::string> CameraIdsFromJson(const std::string& json) {
  nlohmann::json parsed = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!parsed.is_array()) return {json};
  std::vector<std::string> out;
  for (const auto& v : parsed) {
    if (!v.is_string()) return {json};
    out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace custos
