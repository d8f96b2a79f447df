// chain_sealer.h: seals finished recordings into their camera's hash chain and signs
// checkpoints with the node key (docs/design/integrity.md).
//
// The disk writer seals each file it closes with the SHA-256 it computed while writing
// (CatalogIndex::SealRecording → Seal). At daemon start, SealUnsealed hashes and seals the
// finished recordings that have no link: those finished by an older Custos (schema v2),
// and those finished just before a crash that came between finish and seal. A checkpoint
// is signed when a camera's chain has grown `checkpoint_every_links` links past its last
// one, or `checkpoint_every_90k` has passed since it; CheckpointAll at shutdown covers
// every chain's head. Thread-safety: one thread at a time (like the Catalog it uses).
#pragma once

#include <string>
#include <vector>

#include "base/clock.h"
#include "catalog/catalog.h"
#include "crypto/node_key.h"

namespace custos {

struct SealPolicy {
  int64_t checkpoint_every_links = 10;
  int64_t checkpoint_every_90k = 5 * 60 * 90000LL;  // 5 minutes
};

class ChainSealer {
 public:
  ChainSealer(Catalog& catalog, const NodeKey& key, const Clock& clock, SealPolicy policy = {})
      : catalog_(catalog), key_(key), clock_(clock), policy_(policy) {}

  // Appends the recording to its chain, then signs a checkpoint if one is due.
  Result<ChainLink> Seal(int64_t recording_id, const Sha256Digest& file_sha256, int64_t file_bytes);
  // Hashes and seals every finished recording without a link, oldest id first; one note
  // per recording sealed. A missing or unreadable file is left unsealed (fsck --verify
  // reports it) and noted.
  Result<int> SealUnsealed(const std::string& data_dir, std::vector<std::string>* notes);
  // Signs a checkpoint at the head of every chain its latest checkpoint does not reach.
  Result<int> CheckpointAll();
  // The camera's latest checkpoint if it reaches the head, else a new one signed at the head.
  // NotFound if the camera has no chain.
  Result<ChainCheckpoint> CheckpointHead(const std::string& camera_id);

 private:
  Result<ChainCheckpoint> SignAt(const ChainLink& head);
  bool Due(const ChainLink& head, const std::optional<ChainCheckpoint>& last) const;

  Catalog& catalog_;
  const NodeKey& key_;
  const Clock& clock_;
  SealPolicy policy_;
};

}  // namespace custos
