// chain.h: the per-camera hash chain of sealed recordings, and its signed checkpoints.
//
// Pure code (no files, no database), shared by the catalog (which stores links), fsck
// --verify (which recomputes them) and `custos verify` (which checks the links carried in
// an export package, offline). docs/design/integrity.md describes the format; changing
// the encoding below breaks every stored chain, so it carries a version tag.
// Thread-safety: plain values and stateless functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/time.h"
#include "crypto/node_key.h"
#include "crypto/sha256.h"

namespace custos {

// One link: a finished recording file, sealed. seq counts a camera's links from 1.
struct ChainLink {
  std::string camera_id;
  int64_t seq = 0;
  int64_t recording_id = 0;
  Sha256Digest file_sha256{};
  int64_t file_bytes = 0;
  WallTime90k start_wall_90k;
  WallTime90k end_wall_90k;
  int64_t frames = 0;
  Sha256Digest prev_chain_hash{};  // the previous link's chain_hash; all zero for seq 1
  Sha256Digest chain_hash{};       // ComputeChainHash(*this)
  WallTime90k sealed_wall_90k;     // when it was sealed (not hashed: informative)
};

// SHA-256 of "custos-chain-v1" || prev_chain_hash || len32(camera) camera || seq ||
// recording_id || file_sha256 || file_bytes || start || end || frames (integers as
// 64-bit big-endian). Covers everything but chain_hash and sealed_wall_90k.
Sha256Digest ComputeChainHash(const ChainLink& link);

// A signed statement "camera C's chain had link `seq` with hash `chain_hash`".
struct ChainCheckpoint {
  int64_t id = 0;  // catalog row id (0 until stored)
  std::string camera_id;
  int64_t seq = 0;
  int64_t recording_id = 0;
  Sha256Digest chain_hash{};
  WallTime90k signed_wall_90k;
  PublicKey public_key{};
  Signature signature{};
};

// The exact bytes signed: a short text (docs/design/integrity.md).
std::string CheckpointMessage(const ChainCheckpoint& c);
// Fills public_key and signature.
void SignCheckpoint(const NodeKey& key, ChainCheckpoint& c);
// True when c.signature is `key`'s signature of CheckpointMessage(c).
bool CheckpointSignatureValid(const ChainCheckpoint& c, const PublicKey& key);

// Checks a run of consecutive links of one camera: seq without holes, each prev hash equal
// to the previous link's chain hash (the first one's to `first_prev`, when given), each
// chain hash recomputed from its fields. Returns one line per problem, naming camera,
// seq and recording; empty when the run is intact.
std::vector<std::string> CheckChainRun(const std::vector<ChainLink>& links, const Sha256Digest* first_prev);

std::string LinkName(const ChainLink& l);  // "camera gate, link 5 (recording 123)"

}  // namespace custos
