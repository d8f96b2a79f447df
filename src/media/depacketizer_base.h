// depacketizer_base.h: the codec-neutral half of a Depacketizer (internal to src/media).
//
// Provides DepacketizerBase, which owns sequence and timestamp tracking, access unit
// assembly into a reused buffer, loss and malformation handling, and parameter set
// tracking. A codec subclass parses its RTP payload formats and reports NAL units through
// AddNal (complete units) or BeginFragment / AppendFragment / EndFragment (FU), and
// classifies NAL units through NalRole.
// Thread-safety: none; one owner.
#pragma once

#include <deque>
#include <memory>

#include "media/depacketizer.h"

namespace custos {

class DepacketizerBase : public Depacketizer {
 public:
  static constexpr size_t kMaxFrameBytes = 16 << 20;
  static constexpr size_t kMaxParamSetBytes = 0xffff;  // avcC/hvcC store 16-bit lengths
  static constexpr size_t kMaxQueuedFrames = 64;

  Status Push(const RtpPacket& pkt) final;
  std::optional<Frame> Pop() final;
  const VideoParams* params() const final { return params_ ? &*params_ : nullptr; }
  uint32_t params_generation() const final { return generation_; }
  Stats stats() const final { return stats_; }

  // Takes parameter sets from the SDP; others are ignored, bad ones leave params() null.
  void SetInitialNals(const std::vector<Bytes>& nals);

 protected:
  // nal_header_bytes: 1 for H.264, 2 for H.265; shorter NAL units are malformed.
  explicit DepacketizerBase(size_t nal_header_bytes) : nal_header_bytes_(nal_header_bytes) {}

  enum class NalRole { kVps, kSps, kPps, kAud, kDrop, kVcl, kKeyVcl, kOther };

  // What a NAL unit is, from its header (`nal` has at least the header bytes).
  virtual NalRole Classify(ByteSpan nal) const = 0;
  // Whether a NAL unit beginning with `nal_start` (header and, when present, the next
  // byte) can only be the first of its access unit's units that carry data.
  virtual bool StartsAccessUnit(ByteSpan nal_start) const = 0;
  // Whether an RTP payload's first NAL unit starts an access unit (StartsAccessUnit).
  virtual bool PayloadStartsAccessUnit(ByteSpan payload) const = 0;
  // Parses one non-empty RTP payload, reporting its NAL units through the helpers below.
  virtual Status Depacketize(ByteSpan payload) = 0;
  // Builds params from vps_/sps_/pps_, which are all present when this is called.
  virtual Result<VideoParams> BuildParams() const = 0;
  virtual bool NeedsVps() const = 0;

  // A complete NAL unit (single NAL unit packet or one unit of an aggregation packet).
  Status AddNal(ByteSpan nal);
  // The start of a fragmented NAL unit: its reconstructed header and first fragment.
  Status BeginFragment(ByteSpan header, ByteSpan data);
  // A middle or end fragment; EndFragment completes the NAL unit.
  Status AppendFragment(ByteSpan data);
  Status EndFragment();

  const Bytes& vps() const { return vps_; }
  const Bytes& sps() const { return sps_; }
  const Bytes& pps() const { return pps_; }

 private:
  enum class FragmentSink { kNone, kFrame, kParamSet, kDiscard };

  bool CheckSequence(uint16_t sequence);
  int64_t ExtendTimestamp(uint32_t timestamp);
  void OnDiscontinuity();
  void OpenAu(int64_t timestamp_90k, bool broken);
  Status FinishAu();
  Status StartNal(NalRole role);
  void BreakAu(bool malformed);
  bool AppendToFrame(ByteSpan data, bool length_prefix);
  void EmitFrame();
  void StoreParamSet(NalRole role, ByteSpan nal);
  Status UpdateParams();

  const size_t nal_header_bytes_;

  // Sequence and time.
  bool have_sequence_ = false;
  uint16_t last_sequence_ = 0;
  bool have_timestamp_ = false;
  uint32_t last_timestamp_ = 0;
  int64_t timestamp_90k_ = 0;
  bool post_gap_ = true;  // the next access unit must show that it starts cleanly
  bool loss_pending_ = false;

  // The access unit being assembled.
  bool au_open_ = false;
  int64_t au_timestamp_90k_ = 0;
  bool au_broken_ = false;     // drop it when it ends
  bool au_malformed_ = false;  // ...and count it as malformed
  size_t au_nals_ = 0;         // NAL units seen, including removed ones
  bool au_has_vcl_ = false;
  bool au_key_ = false;
  Bytes au_data_;  // length-prefixed NAL units; capacity reused across frames

  // A fragmented NAL unit in progress.
  FragmentSink fragment_ = FragmentSink::kNone;
  NalRole fragment_role_ = NalRole::kOther;
  size_t fragment_offset_ = 0;  // where its length prefix sits in au_data_
  Bytes fragment_param_;        // a fragmented parameter set

  // Parameter sets, latest seen, and the params built from them.
  Bytes vps_, sps_, pps_;
  bool params_dirty_ = false;
  std::optional<VideoParams> params_;
  uint32_t generation_ = 0;

  std::deque<Frame> frames_;
  Stats stats_;

};

std::unique_ptr<DepacketizerBase> NewH264Depacketizer();
std::unique_ptr<DepacketizerBase> NewH265Depacketizer();

}  // namespace custos
