// Runs a Detector on its own thread so that detection overlaps decoding, masking and
// encoding. The worker thread owns the Detector for its whole life; the caller's thread
// hands it copies of the picture (the luma plane; the chroma planes too when the Detector has
// a face model, which looks at colour) through a bounded queue and takes results back in the
// order they were submitted. Buffers are reused, so steady state allocates nothing.
// Thread-safety: Submit/TakeDone/WaitForAll from ONE caller thread; the worker is internal.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "privacy/detector.h"

namespace custos::privacy {

struct DetectionResult {
  int64_t frame = 0;
  std::vector<Detection> detections;
  Status status;  // not ok: detection threw (OpenCV); the picture was NOT searched
};

class DetectionWorker {
 public:
  // At most `max_pending` pictures are queued or being detected; Submit blocks beyond that.
  explicit DetectionWorker(std::unique_ptr<Detector> detector, size_t max_pending = 2);
  ~DetectionWorker();  // stops after the current job and joins
  DetectionWorker(const DetectionWorker&) = delete;
  DetectionWorker& operator=(const DetectionWorker&) = delete;

  // Copies `frame` (luma, and chroma when needed) and queues it for detection as frame number
  // `frame_index`.
  void Submit(int64_t frame_index, const I420Frame& frame);
  // Finished results, oldest first; does not wait.
  std::vector<DetectionResult> TakeDone();
  // Waits for the oldest job still pending and returns the finished results (at least one,
  // unless nothing is pending).
  std::vector<DetectionResult> WaitForOne();
  size_t pending() const;

 private:
  struct Job {
    int64_t frame = 0;
    I420Frame picture;  // u and v left empty when the detector needs luma only
  };
  void Run();

  std::unique_ptr<Detector> detector_;  // used by the worker thread only
  const size_t max_pending_;
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::deque<Job> queued_;                 // GUARDED_BY(mu_)
  std::vector<DetectionResult> done_;      // GUARDED_BY(mu_)
  const bool wants_colour_;                // set before the thread starts
  std::vector<I420Frame> spare_;           // GUARDED_BY(mu_): buffers to reuse
  size_t in_flight_ = 0;                   // GUARDED_BY(mu_): queued + being detected
  bool stop_ = false;                      // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace custos::privacy
