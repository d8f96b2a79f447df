#include "ingest/live_transcoder.h"

#include <map>

#include "base/log.h"
#include "codec/decoder.h"
#include "codec/h264_encoder.h"
#include "privacy/av_mask.h"

namespace custos {

// ---- TranscodeInput ----

void TranscodeInput::OfferFrame(const Frame& frame, const VideoParams& params) {
  if (!params_ || params_generation_ != frame.params_generation || !(*params_ == params)) {
    params_generation_ = frame.params_generation;
    params_ = std::make_shared<const VideoParams>(params);
  }
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    if (wait_for_key_ && !frame.is_key) {
      ++dropped_;
      return;
    }
    wait_for_key_ = false;
    if (frames_ + 1 > limits_.max_queued_frames || bytes_ + frame.data.size() > limits_.max_queued_bytes) {
      // Behind: drop every queued frame (commands stay) and resume at a key frame.
      std::erase_if(items_, [this](const Item& i) {
        if (i.kind != Item::Kind::kFrame) return false;
        ++dropped_;
        return true;
      });
      frames_ = bytes_ = 0;
      wait_for_key_ = !frame.is_key;
      if (wait_for_key_) {
        ++dropped_;  // this one; a key frame is kept and starts again
        return;
      }
    }
    ++frames_;
    bytes_ += frame.data.size();
    items_.push_back(Item{Item::Kind::kFrame, frame, params_, nullptr, nullptr, {}});
  }
  cv_.notify_one();
}

void TranscodeInput::Push(Item item) {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    items_.push_back(std::move(item));
  }
  cv_.notify_one();
}

void TranscodeInput::Reset() { Push(Item{Item::Kind::kReset, {}, nullptr, nullptr, nullptr, {}}); }
void TranscodeInput::End() { Push(Item{Item::Kind::kEnd, {}, nullptr, nullptr, nullptr, {}}); }

void TranscodeInput::SetZones(std::vector<privacy::PrivacyZone> zones) {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    // At the front: the frames still queued are shown with the new zones too.
    items_.push_front(Item{Item::Kind::kZones, {}, nullptr, nullptr, nullptr, std::move(zones)});
  }
  cv_.notify_one();
}
void TranscodeInput::Add(std::shared_ptr<LiveQueue> queue) {
  Push(Item{Item::Kind::kAdd, {}, nullptr, std::move(queue), nullptr, {}});
}
void TranscodeInput::Remove(const LiveQueue* queue) { Push(Item{Item::Kind::kRemove, {}, nullptr, nullptr, queue, {}}); }

std::optional<TranscodeInput::Item> TranscodeInput::Next() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return stopped_ || !items_.empty(); });
  if (stopped_) return std::nullopt;
  Item item = std::move(items_.front());
  items_.pop_front();
  if (item.kind == Item::Kind::kFrame) {
    --frames_;
    bytes_ -= item.frame.data.size();
  }
  return item;
}

void TranscodeInput::Stop() {
  {
    std::lock_guard lock(mu_);
    stopped_ = true;
    items_.clear();
  }
  cv_.notify_all();
}

uint64_t TranscodeInput::frames_dropped() const {
  std::lock_guard lock(mu_);
  return dropped_;
}

// ---- the transcoder thread ----

class LiveTranscoder::Worker {
 public:
  Worker(std::string camera_id, const Clock& clock, std::string preset,
         std::optional<std::vector<privacy::PrivacyZone>> mask_zones)
      : camera_id_(std::move(camera_id)),
        preset_(std::move(preset)),
        out_(camera_id_, clock),
        masking_(mask_zones.has_value()),
        masker_(mask_zones.value_or(std::vector<privacy::PrivacyZone>{})) {
    out_.set_masked(masking_ && !mask_zones->empty());
  }


  void Run(TranscodeInput& input) {
    while (auto item = input.Next()) Handle(*item);
    out_.EndAll();
  }

  TranscodeStats stats() const {
    std::lock_guard lock(mu_);
    return stats_;
  }

 private:
  using Kind = TranscodeInput::Item::Kind;

  void Handle(TranscodeInput::Item& item) {
    switch (item.kind) {
      case Kind::kAdd: out_.Add(std::move(item.queue)); break;
      case Kind::kRemove: out_.Remove(item.remove); break;
      case Kind::kReset: Restart(); out_.Reset(); break;
      case Kind::kEnd: Restart(); out_.EndAll(); break;
      case Kind::kFrame: OnFrame(item.frame, *item.params); break;
      case Kind::kZones: OnZones(std::move(item.zones)); break;
    }
  }

  // New zones from the next picture on; that picture becomes a key frame and the GOP kept
  // for joining viewers restarts there (LiveFeed::Reset), so nobody starts on old zones.
  void OnZones(std::vector<privacy::PrivacyZone> zones) {
    out_.set_masked(!zones.empty());  // the header after the Reset below says so
    masker_ = privacy::Masker(std::move(zones));
    force_key_ = true;
    out_.Reset();
    Count(&TranscodeStats::zone_changes);
  }

  void Restart() {
    decoder_.reset();
    encoder_.reset();
    pending_.clear();
    need_key_ = true;
  }

  void Count(uint64_t TranscodeStats::*field, uint64_t n = 1) {
    std::lock_guard lock(mu_);
    stats_.*field += n;
  }

  void OnFrame(const Frame& frame, const VideoParams& params) {
    Count(&TranscodeStats::frames_in);
    if (!masking_ && params.codec == VideoCodec::kH264) {  // nothing to do: the browser plays it
      out_.set_transcoded(false);
      out_.AddFrame(frame, params);
      Count(&TranscodeStats::frames_out);
      return;
    }
    if (!decoder_ || params != decoder_params_) {
      Restart();
      out_.set_transcoded(true);
      auto decoder = codec::VideoDecoder::Open(params);
      if (!decoder) return Fail(decoder.error());
      decoder_ = std::move(*decoder);
      decoder_params_ = params;
    }
    if (need_key_ && !frame.is_key) return Count(&TranscodeStats::frames_dropped);
    need_key_ = false;
    pending_[frame.timestamp_90k] = Source{frame.is_key, frame.arrival_mono_ns};
    auto pictures = decoder_->Decode(frame.data, frame.timestamp_90k);
    if (!pictures) return Fail(pictures.error());
    for (codec::FramePtr& picture : *pictures) {
      if (masking_) {
        Status masked = privacy::MaskPicture(picture, masker_);
        if (!masked.ok()) return Fail(masked.With("masking the privacy zones"));  // dropped, never shown
      }
      Encode(*picture);
      if (!decoder_) return;  // failed: the rest of this sample's pictures are dropped too
    }
  }

  void Encode(const AVFrame& picture) {
    const int64_t pts = picture.best_effort_timestamp != AV_NOPTS_VALUE ? picture.best_effort_timestamp : picture.pts;
    Source source;
    if (auto it = pending_.find(pts); it != pending_.end()) source = it->second;
    pending_.erase(pending_.begin(), pending_.upper_bound(pts));
    const bool first = encoder_ == nullptr;
    if (first) {
      auto encoder = codec::H264Encoder::Open(
          {.width = picture.width & ~1, .height = picture.height & ~1, .preset = preset_, .zero_latency = true});
      if (!encoder) return Fail(encoder.error());
      encoder_ = std::move(*encoder);
      ++generation_;
    }
    auto frames = encoder_->Encode(picture, pts, first || source.is_key || std::exchange(force_key_, false));
    if (!frames) return Fail(frames.error());
    for (Frame& f : *frames) {
      f.params_generation = generation_;
      f.arrival_mono_ns = source.arrival_mono_ns;
      out_.AddFrame(f, encoder_->params());
      Count(&TranscodeStats::frames_out);
    }
  }

  void Fail(const Status& status) {
    Count(&TranscodeStats::errors);
    spdlog::debug("camera {}: live transcoding: {}", camera_id_, status.ToString());
    // Resume at the next key frame with a fresh decoder and encoder (a new init segment).
    Restart();
  }

  struct Source {
    bool is_key = false;
    int64_t arrival_mono_ns = 0;
  };
  const std::string camera_id_;
  const std::string preset_;
  LiveFeed out_;
  const bool masking_;        // decode and mask every frame, H.264 too
  privacy::Masker masker_;    // the zones filled in masking mode
  bool force_key_ = false;    // the next encoded picture is a key frame (new zones)
  std::unique_ptr<codec::VideoDecoder> decoder_;
  VideoParams decoder_params_;
  std::unique_ptr<codec::H264Encoder> encoder_;
  uint32_t generation_ = 0;
  bool need_key_ = true;  // after a start or an error: decoding resumes at a key frame
  std::map<int64_t, Source> pending_;  // decoded-but-not-yet-output source frames, by pts
  mutable std::mutex mu_;
  TranscodeStats stats_;  // GUARDED_BY(mu_)
};

// ---- LiveTranscoder ----

LiveTranscoder::LiveTranscoder(std::string camera_id, const Clock& clock, TranscodeLimits limits,
                               std::function<void(const TranscodeInput*)> detach_input,
                               std::optional<std::vector<privacy::PrivacyZone>> mask_zones)
    : camera_id_(std::move(camera_id)),
      masking_(mask_zones.has_value()),
      input_(std::make_shared<TranscodeInput>(limits)),
      detach_input_(std::move(detach_input)),
      worker_(std::make_shared<Worker>(camera_id_, clock, limits.preset, std::move(mask_zones))) {
  thread_ = std::thread([worker = worker_, input = input_] { worker->Run(*input); });
  spdlog::info("camera {}: live H.264 {} started", camera_id_, masking_ ? "masking" : "transcoding");
}

LiveTranscoder::~LiveTranscoder() {
  if (detach_input_) detach_input_(input_.get());
  input_->Stop();
  thread_.join();
  const TranscodeStats st = stats();
  spdlog::info("camera {}: live H.264 {} stopped: {} frames in, {} out, {} dropped, {} errors", camera_id_,
               masking_ ? "masking" : "transcoding", st.frames_in, st.frames_out, st.frames_dropped, st.errors);
}

std::unique_ptr<LiveSubscription> LiveTranscoder::Subscribe(const std::shared_ptr<LiveTranscoder>& self,
                                                            std::function<void()> wake, LiveQueueLimits limits) {
  auto queue = std::make_shared<LiveQueue>(limits, std::move(wake));
  self->input_->Add(queue);
  const LiveQueue* key = queue.get();
  return std::make_unique<LiveSubscription>(std::move(queue), [self, key] { self->input_->Remove(key); });
}

TranscodeStats LiveTranscoder::stats() const {
  TranscodeStats st = worker_->stats();
  st.frames_dropped += input_->frames_dropped();
  return st;
}

}  // namespace custos
