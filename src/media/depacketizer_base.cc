#include "media/depacketizer_base.h"

#include <algorithm>

namespace custos {

namespace {

// A packet this far behind the expected sequence number is taken as late or duplicate and
// dropped; further back, the sender is taken to have restarted (RFC 3550 A.1 MAX_MISORDER).
constexpr uint16_t kMaxMisorder = 100;

Status FirstError(const Status& a, const Status& b, const Status& c) {
  if (!a.ok()) return a;
  if (!b.ok()) return b;
  return c;
}

}  // namespace

Result<std::unique_ptr<Depacketizer>> Depacketizer::Create(VideoCodec codec, const std::vector<Bytes>& initial_nals) {
  std::unique_ptr<DepacketizerBase> d;
  switch (codec) {
    case VideoCodec::kH264:
      d = NewH264Depacketizer();
      break;
    case VideoCodec::kH265:
      d = NewH265Depacketizer();
      break;
  }
  if (!d) return Err(InvalidArgument("unsupported video codec"));
  d->SetInitialNals(initial_nals);
  return std::unique_ptr<Depacketizer>(std::move(d));
}

void DepacketizerBase::SetInitialNals(const std::vector<Bytes>& nals) {
  for (const Bytes& nal : nals) {
    if (nal.size() < nal_header_bytes_) continue;
    NalRole role = Classify(nal);
    if (role == NalRole::kVps || role == NalRole::kSps || role == NalRole::kPps) StoreParamSet(role, nal);
  }
  Status ignored = UpdateParams();  // bad SDP parameter sets: wait for in-band ones
  (void)ignored;
}

Status DepacketizerBase::Push(const RtpPacket& pkt) {
  ++stats_.packets;
  if (!CheckSequence(pkt.sequence)) return Status::Ok();  // late or duplicate; counted as lost
  const int64_t timestamp_90k = ExtendTimestamp(pkt.timestamp);
  Status finish_st;
  if (au_open_ && timestamp_90k != au_timestamp_90k_) finish_st = FinishAu();
  Status parse_st;
  if (pkt.payload.empty()) {
    parse_st = InvalidArgument("empty RTP payload");
  } else {
    if (!au_open_) OpenAu(timestamp_90k, post_gap_ && !PayloadStartsAccessUnit(pkt.payload));
    post_gap_ = false;
    parse_st = Depacketize(pkt.payload);
    if (!parse_st.ok()) BreakAu(true);
  }
  Status marker_st;
  if (pkt.marker) marker_st = FinishAu();
  return FirstError(parse_st, finish_st, marker_st);
}

std::optional<Frame> DepacketizerBase::Pop() {
  if (frames_.empty()) return std::nullopt;
  Frame f = std::move(frames_.front());
  frames_.pop_front();
  return f;
}

bool DepacketizerBase::CheckSequence(uint16_t sequence) {
  if (!have_sequence_) {
    have_sequence_ = true;
    last_sequence_ = sequence;
    return true;
  }
  const uint16_t delta = static_cast<uint16_t>(sequence - static_cast<uint16_t>(last_sequence_ + 1));
  if (delta == 0) {
    last_sequence_ = sequence;
    return true;
  }
  OnDiscontinuity();
  if (delta < 0x8000) {
    stats_.lost_packets += delta;
    last_sequence_ = sequence;
    return true;
  }
  ++stats_.lost_packets;
  const uint16_t behind = static_cast<uint16_t>(0x10000 - delta);  // 1 = duplicate of the last
  if (behind <= kMaxMisorder) return false;
  last_sequence_ = sequence;  // a big jump back: the sender restarted
  return true;
}

int64_t DepacketizerBase::ExtendTimestamp(uint32_t timestamp) {
  if (!have_timestamp_) {
    have_timestamp_ = true;
    timestamp_90k_ = timestamp;
  } else {
    // The signed difference unwraps the 32-bit counter and allows small steps backwards.
    timestamp_90k_ += static_cast<int32_t>(timestamp - last_timestamp_);
  }
  last_timestamp_ = timestamp;
  return timestamp_90k_;
}

void DepacketizerBase::OnDiscontinuity() {
  if (au_open_) BreakAu(false);
  fragment_ = FragmentSink::kNone;
  loss_pending_ = true;
  post_gap_ = true;
}

void DepacketizerBase::OpenAu(int64_t timestamp_90k, bool broken) {
  au_open_ = true;
  au_timestamp_90k_ = timestamp_90k;
  au_broken_ = broken;
  au_malformed_ = false;
  au_nals_ = 0;
  au_has_vcl_ = false;
  au_key_ = false;
  au_data_.clear();
}

void DepacketizerBase::BreakAu(bool malformed) {
  au_broken_ = true;
  au_malformed_ = au_malformed_ || malformed;
  au_data_.clear();
  if (fragment_ == FragmentSink::kFrame) fragment_ = FragmentSink::kDiscard;
}

Status DepacketizerBase::FinishAu() {
  if (!au_open_) return Status::Ok();
  if (fragment_ != FragmentSink::kNone) {
    BreakAu(true);  // the access unit ended inside a fragmented NAL unit
    fragment_ = FragmentSink::kNone;
  }
  au_open_ = false;
  Status st = UpdateParams();
  if (au_broken_) {
    if (au_malformed_) ++stats_.malformed;
    loss_pending_ = true;
  } else if (au_has_vcl_) {
    if (frames_.size() < kMaxQueuedFrames) {
      EmitFrame();
    } else {
      loss_pending_ = true;
      if (st.ok()) st = ResourceExhausted("depacketizer frame queue full; frame dropped");
    }
  }
  au_data_.clear();
  return st;
}

void DepacketizerBase::EmitFrame() {
  Frame f;
  f.timestamp_90k = au_timestamp_90k_;
  f.is_key = au_key_;
  f.loss_before = loss_pending_;
  f.params_generation = generation_;
  f.data.assign(au_data_.begin(), au_data_.end());  // exact size; au_data_ keeps its capacity
  loss_pending_ = false;
  ++stats_.frames;
  frames_.push_back(std::move(f));
}

Status DepacketizerBase::StartNal(NalRole role) {
  Status st;
  if (fragment_ != FragmentSink::kNone) {
    BreakAu(true);
    fragment_ = FragmentSink::kNone;
    st = InvalidArgument("fragmented NAL unit without its end");
  }
  if (role == NalRole::kAud && (au_nals_ > 0 || au_broken_)) {
    // An access unit delimiter starts the next access unit, at the same timestamp.
    const int64_t timestamp_90k = au_timestamp_90k_;
    Status finish_st = FinishAu();
    if (st.ok()) st = finish_st;
    OpenAu(timestamp_90k, false);
  }
  ++au_nals_;
  return st;
}

bool DepacketizerBase::AppendToFrame(ByteSpan data, bool length_prefix) {
  if (au_broken_) return false;
  const size_t prefix = length_prefix ? 4 : 0;
  if (au_data_.size() + prefix + data.size() > kMaxFrameBytes) {
    BreakAu(true);
    Bytes().swap(au_data_);  // do not keep an oversized buffer around
    return false;
  }
  if (length_prefix) {
    const uint32_t n = static_cast<uint32_t>(data.size());
    const uint8_t len[4] = {static_cast<uint8_t>(n >> 24), static_cast<uint8_t>(n >> 16),
                            static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)};
    au_data_.insert(au_data_.end(), len, len + 4);
  }
  au_data_.insert(au_data_.end(), data.begin(), data.end());
  return true;
}

Status DepacketizerBase::AddNal(ByteSpan nal) {
  if (nal.size() < nal_header_bytes_) return InvalidArgument("NAL unit shorter than its header");
  const NalRole role = Classify(nal);
  Status st = StartNal(role);
  switch (role) {
    case NalRole::kVps:
    case NalRole::kSps:
    case NalRole::kPps:
      StoreParamSet(role, nal);
      break;
    case NalRole::kAud:
    case NalRole::kDrop:
      break;
    case NalRole::kVcl:
    case NalRole::kKeyVcl:
    case NalRole::kOther:
      if (AppendToFrame(nal, true)) {
        au_has_vcl_ = au_has_vcl_ || role != NalRole::kOther;
        au_key_ = au_key_ || role == NalRole::kKeyVcl;
      }
      break;
  }
  return st;
}

Status DepacketizerBase::BeginFragment(ByteSpan header, ByteSpan data) {
  const NalRole role = Classify(header);
  Status st = StartNal(role);
  fragment_role_ = role;
  if (role == NalRole::kVps || role == NalRole::kSps || role == NalRole::kPps) {
    fragment_ = FragmentSink::kParamSet;
    fragment_param_.assign(header.begin(), header.end());
    fragment_param_.insert(fragment_param_.end(), data.begin(), data.end());
  } else if (role == NalRole::kAud || role == NalRole::kDrop || au_broken_) {
    fragment_ = FragmentSink::kDiscard;
  } else {
    fragment_ = FragmentSink::kFrame;
    fragment_offset_ = au_data_.size();
    if (AppendToFrame(header, true)) AppendToFrame(data, false);
  }
  return st;
}

Status DepacketizerBase::AppendFragment(ByteSpan data) {
  switch (fragment_) {
    case FragmentSink::kNone:
      if (au_broken_) return Status::Ok();  // expected after a loss
      BreakAu(true);
      return InvalidArgument("fragment without its start");
    case FragmentSink::kFrame:
      AppendToFrame(data, false);
      break;
    case FragmentSink::kParamSet:
      if (fragment_param_.size() + data.size() > kMaxParamSetBytes) {
        fragment_ = FragmentSink::kDiscard;
        return InvalidArgument("parameter set too large");
      }
      fragment_param_.insert(fragment_param_.end(), data.begin(), data.end());
      break;
    case FragmentSink::kDiscard:
      break;
  }
  return Status::Ok();
}

Status DepacketizerBase::EndFragment() {
  if (fragment_ == FragmentSink::kFrame && !au_broken_) {
    // Patch the placeholder length written by BeginFragment (the header is in the size).
    const size_t n = au_data_.size() - fragment_offset_ - 4;
    for (int i = 0; i < 4; ++i) au_data_[fragment_offset_ + i] = static_cast<uint8_t>(n >> (24 - 8 * i));
    au_has_vcl_ = au_has_vcl_ || fragment_role_ != NalRole::kOther;
    au_key_ = au_key_ || fragment_role_ == NalRole::kKeyVcl;
  } else if (fragment_ == FragmentSink::kParamSet) {
    StoreParamSet(fragment_role_, fragment_param_);
  }
  fragment_ = FragmentSink::kNone;
  return Status::Ok();
}

void DepacketizerBase::StoreParamSet(NalRole role, ByteSpan nal) {
  if (nal.size() > kMaxParamSetBytes) return;
  Bytes& slot = role == NalRole::kVps ? vps_ : role == NalRole::kSps ? sps_ : pps_;
  if (slot.size() == nal.size() && std::equal(nal.begin(), nal.end(), slot.begin())) return;
  slot.assign(nal.begin(), nal.end());
  params_dirty_ = true;
}

Status DepacketizerBase::UpdateParams() {
  if (!params_dirty_) return Status::Ok();
  params_dirty_ = false;
  if (sps_.empty() || pps_.empty() || (NeedsVps() && vps_.empty())) return Status::Ok();
  Result<VideoParams> p = BuildParams();
  if (!p) return p.error().With("parameter sets ignored");
  if (params_ && *params_ == *p) return Status::Ok();
  params_ = std::move(*p);
  ++generation_;
  return Status::Ok();
}

}  // namespace custos
