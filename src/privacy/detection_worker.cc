#include "privacy/detection_worker.h"

namespace custos::privacy {

DetectionWorker::DetectionWorker(std::unique_ptr<Detector> detector, size_t max_pending)
    : detector_(std::move(detector)),
      max_pending_(max_pending < 1 ? 1 : max_pending),
      wants_colour_(detector_->has_face_model()),
      thread_([this] { Run(); }) {}

DetectionWorker::~DetectionWorker() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    queued_.clear();
  }
  changed_.notify_all();
  thread_.join();
}

void DetectionWorker::Submit(int64_t frame_index, const I420Frame& frame) {
  I420Frame buffer;
  {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return in_flight_ < max_pending_; });
    ++in_flight_;
    if (!spare_.empty()) {
      buffer = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  buffer.width = frame.width;  // the copy happens outside the lock
  buffer.height = frame.height;
  buffer.y.assign(frame.y.begin(), frame.y.end());
  if (wants_colour_) {
    buffer.u.assign(frame.u.begin(), frame.u.end());
    buffer.v.assign(frame.v.begin(), frame.v.end());
  }
  {
    std::lock_guard lock(mu_);
    queued_.push_back(Job{frame_index, std::move(buffer)});
  }
  changed_.notify_all();
}

std::vector<DetectionResult> DetectionWorker::TakeDone() {
  std::lock_guard lock(mu_);
  std::vector<DetectionResult> out;
  out.swap(done_);
  return out;
}

std::vector<DetectionResult> DetectionWorker::WaitForOne() {
  std::unique_lock lock(mu_);
  changed_.wait(lock, [&] { return !done_.empty() || in_flight_ == 0; });
  std::vector<DetectionResult> out;
  out.swap(done_);
  return out;
}

size_t DetectionWorker::pending() const {
  std::lock_guard lock(mu_);
  return in_flight_;
}

void DetectionWorker::Run() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      changed_.wait(lock, [&] { return stop_ || !queued_.empty(); });
      if (stop_) return;
      job = std::move(queued_.front());
      queued_.pop_front();
    }
    DetectionResult result{job.frame, {}, Status::Ok()};
    try {  // OpenCV throws; nothing may leave this thread
      result.detections = detector_->Detect(job.picture);
    } catch (const std::exception& e) {
      result.status = Internal(std::string("face and plate detection failed: ") + e.what());
    }
    {
      std::lock_guard lock(mu_);
      done_.push_back(std::move(result));
      spare_.push_back(std::move(job.picture));
      --in_flight_;
    }
    changed_.notify_all();
  }
}

}  // namespace custos::privacy
