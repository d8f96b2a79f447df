#include "integrity/chain.h"

namespace custos {

namespace {

void PutU64(Sha256& h, uint64_t v) {
  uint8_t b[8];
  for (int i = 7; i >= 0; --i) {
    b[i] = static_cast<uint8_t>(v & 0xff);
    v >>= 8;
  }
  h.Update(b, sizeof b);
}

void PutI64(Sha256& h, int64_t v) { PutU64(h, static_cast<uint64_t>(v)); }

}  // namespace

Sha256Digest ComputeChainHash(const ChainLink& l) {
  Sha256 h;
  h.Update(std::string_view("custos-chain-v1"));
  h.Update(l.prev_chain_hash.data(), l.prev_chain_hash.size());
  uint8_t len[4] = {static_cast<uint8_t>(l.camera_id.size() >> 24), static_cast<uint8_t>(l.camera_id.size() >> 16),
                    static_cast<uint8_t>(l.camera_id.size() >> 8), static_cast<uint8_t>(l.camera_id.size())};
  h.Update(len, sizeof len);
  h.Update(l.camera_id);
  PutI64(h, l.seq);
  PutI64(h, l.recording_id);
  h.Update(l.file_sha256.data(), l.file_sha256.size());
  PutI64(h, l.file_bytes);
  PutI64(h, l.start_wall_90k.ticks_90k);
  PutI64(h, l.end_wall_90k.ticks_90k);
  PutI64(h, l.frames);
  return h.Finish();
}

std::string CheckpointMessage(const ChainCheckpoint& c) {
  return "custos chain checkpoint v1\ncamera " + c.camera_id + "\nseq " + std::to_string(c.seq) + "\nrecording " +
         std::to_string(c.recording_id) + "\nchain " + DigestHex(c.chain_hash) + "\nsigned_wall_90k " +
         std::to_string(c.signed_wall_90k.ticks_90k) + "\n";
}

void SignCheckpoint(const NodeKey& key, ChainCheckpoint& c) {
  c.public_key = key.public_key();
  c.signature = key.Sign(CheckpointMessage(c));
}

bool CheckpointSignatureValid(const ChainCheckpoint& c, const PublicKey& key) {
  return VerifySignature(key, CheckpointMessage(c), c.signature);
}

std::string LinkName(const ChainLink& l) {
  return "camera " + l.camera_id + ", link " + std::to_string(l.seq) + " (recording " +
         std::to_string(l.recording_id) + ")";
}

std::vector<std::string> CheckChainRun(const std::vector<ChainLink>& links, const Sha256Digest* first_prev) {
  std::vector<std::string> problems;
  for (size_t i = 0; i < links.size(); ++i) {
    const ChainLink& l = links[i];
    if (ComputeChainHash(l) != l.chain_hash) {
      problems.push_back(LinkName(l) + ": its chain hash does not match its fields (the link was edited)");
    }
    if (i == 0) {
      if (first_prev && *first_prev != l.prev_chain_hash) {
        problems.push_back(LinkName(l) + ": does not follow the link before it (chain broken)");
      }
      continue;
    }
    const ChainLink& p = links[i - 1];
    if (l.seq != p.seq + 1) {
      problems.push_back(LinkName(l) + ": follows link " + std::to_string(p.seq) + "; " +
                         std::to_string(l.seq - p.seq - 1) + " link(s) missing (removed from the chain)");
    } else if (l.prev_chain_hash != p.chain_hash) {
      problems.push_back(LinkName(l) + ": does not follow link " + std::to_string(p.seq) +
                         " (chain broken: a link before it was edited, removed or inserted)");
    }
  }
  return problems;
}

}  // namespace custos
