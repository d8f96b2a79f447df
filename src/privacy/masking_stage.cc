#include "privacy/masking_stage.h"

#include <algorithm>

namespace custos::privacy {

MaskingStage::MaskingStage(DetectionWorker& worker, Masker masker, StageOptions options)
    : MaskingStage(static_cast<Detector*>(nullptr), std::move(masker), options) {
  worker_ = &worker;
}

MaskingStage::MaskingStage(Detector* detector, Masker masker, StageOptions options)
    : detector_(detector), masker_(std::move(masker)), options_(options), tracker_(options.tracker) {
  options_.detect_every = std::max(1, options_.detect_every);
  // The lead must cover the frames between two detections, or a region appearing just after
  // a detection would show until the next one.
  options_.tracker.lead_frames = std::max(options_.tracker.lead_frames, options_.detect_every);
  tracker_ = Tracker(options_.tracker);
}

void MaskingStage::Push(StagedFrame in, std::vector<StagedFrame>& ready) {
  const int64_t index = next_in_++;
  if (index % options_.detect_every == 0) {
    if (worker_ != nullptr) {
      worker_->Submit(index, in.frame);  // blocks while the worker is too far behind
      pending_.push_back(index);
    } else if (detector_ != nullptr) {
      std::vector<Detection> found = detector_->Detect(in.frame);
      detections_ += static_cast<int64_t>(found.size());
      tracker_.AddDetections(index, found);
    }
  }
  held_.push_back(std::move(in));
  if (worker_ != nullptr) Absorb(worker_->TakeDone());
  EmitReady(ready);
}

void MaskingStage::Flush(std::vector<StagedFrame>& ready) {
  while (worker_ != nullptr && !pending_.empty()) {
    std::vector<DetectionResult> results = worker_->WaitForOne();
    if (results.empty()) break;  // nothing in flight: cannot happen, but never wait forever
    Absorb(std::move(results));
  }
  pending_.clear();
  while (!held_.empty()) Emit(ready);
}

void MaskingStage::EmitReady(std::vector<StagedFrame>& ready) {
  while (!held_.empty() && next_out_ + options_.tracker.lead_frames < next_in_ &&
         DetectedThrough(next_out_ + options_.tracker.lead_frames)) {
    Emit(ready);
  }
}

void MaskingStage::Absorb(std::vector<DetectionResult> results) {
  for (DetectionResult& r : results) {
    // One worker answers in submission order, so the result is for pending_.front().
    if (!pending_.empty()) pending_.pop_front();
    if (!r.status.ok() && status_.ok()) status_ = r.status;
    detections_ += static_cast<int64_t>(r.detections.size());
    tracker_.AddDetections(r.frame, r.detections);
  }
}

void MaskingStage::Emit(std::vector<StagedFrame>& ready) {
  StagedFrame out = std::move(held_.front());
  held_.pop_front();
  const std::vector<PixelBox> boxes = tracker_.BoxesAt(next_out_);
  if (!boxes.empty()) ++frames_with_regions_;
  masker_.Apply(out.frame, boxes);
  tracker_.Forget(next_out_);
  ++next_out_;
  ready.push_back(std::move(out));
}

}  // namespace custos::privacy
