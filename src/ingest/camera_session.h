// camera_session.h: one camera's life: connect, record, lose it, back off, reconnect.
//
// A CameraSession owns the RTSP client, the depacketizer and the RecordingBuilder of one
// camera. It lives on one event loop for its whole life; Start() and Stop() are posted to
// it. status() is a thread-safe snapshot for `camera list`, the catalog and metrics.
#pragma once

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "base/clock.h"
#include "ingest/live_feed.h"
#include "ingest/live_transcoder.h"
#include "ingest/recording_builder.h"
#include "media/depacketizer.h"
#include "rtsp/client.h"
#include "storage/jobs.h"

namespace custos {

struct CameraSpec {
  std::string id;
  std::string url;
  std::string user;
  std::string password;
  std::string transport = "tcp";  // "tcp" or "udp"
  bool operator==(const CameraSpec&) const = default;
};

// What a camera is doing now; the strings are those of the catalog's camera_state.state.
struct SessionStatus {
  std::string state = "starting";  // starting, connecting, recording, offline, auth_failed, error
  std::string last_error;
  WallTime90k since;
  std::string codec;
  uint16_t width = 0, height = 0;
  uint64_t frames = 0, bytes = 0, lost_packets = 0, reconnects = 0, frames_dropped = 0;
  std::optional<int64_t> camera_clock_offset_90k;  // camera's RTCP wall clock minus ours
  // Live H.264 transcoding (codec=h264 viewers of an H.265 camera); filled by Recorder.
  bool live_transcoding = false;  // a live transcoder runs (codec=h264 or masking)
  bool live_masking = false;      // ... and one of them masks privacy zones
  uint64_t live_transcoded_frames = 0, live_transcode_dropped = 0;
};

struct ReconnectPolicy {
  std::chrono::milliseconds initial{1000};
  std::chrono::milliseconds max{30000};
  std::chrono::milliseconds auth_initial{10000};  // a wrong password is not fixed by retrying fast
  std::chrono::milliseconds stable_after{30000};  // recording this long resets the backoff
};

class CameraSession : public std::enable_shared_from_this<CameraSession> {
 public:
  CameraSession(boost::asio::any_io_executor ex, CameraSpec spec, StorageSink& sink, const Clock& clock,
                RecordingPolicy recording = {}, ReconnectPolicy reconnect = {},
                std::chrono::milliseconds stall_timeout = std::chrono::milliseconds(10000));
  ~CameraSession();

  // Both are safe from any thread: they post to the session's loop. `done` runs on the loop
  // once the recording is closed and the client stopped.
  void Start();
  void Stop(std::function<void()> done = {});

  SessionStatus status() const;
  // Safe from any thread: posts to the loop. The feed sends the queue's messages from the
  // next key frame (or at once from the current GOP); `Unsubscribe` forgets the queue.
  void Subscribe(std::shared_ptr<LiveQueue> queue);
  void Unsubscribe(const LiveQueue* queue);
  // Safe from any thread: posts to the loop. A tap receives a copy of every frame (and
  // the disconnects and the end) for a live transcoder (ingest/live_transcoder.h).
  void AddTap(std::shared_ptr<TranscodeInput> tap);
  // Ends every passthrough live viewer (kEnd; posted to the loop). Taps are not touched.
  void EndLiveViewers();
  void RemoveTap(const TranscodeInput* tap);
  const CameraSpec& spec() const { return spec_; }

 private:
  void Connect();
  void OnPlaying(const RtspStreamInfo& info);
  void NoteIgnoredTracks(const std::string& sdp_text);
  void OnRtp(ByteSpan packet, int64_t arrival_mono_ns);
  void OnRtcp(ByteSpan packet, int64_t arrival_mono_ns);
  void OnClosed(Status status);
  void ScheduleReconnect(bool auth_failure);
  void SetState(const std::string& state, const std::string& error);
  void PublishCounters();

  boost::asio::any_io_executor ex_;
  CameraSpec spec_;
  const Clock& clock_;
  ReconnectPolicy reconnect_;
  std::chrono::milliseconds stall_timeout_;
  RecordingBuilder builder_;
  LiveFeed live_;
  std::vector<std::shared_ptr<TranscodeInput>> taps_;  // live transcoders' inputs
  boost::asio::steady_timer retry_timer_;

  std::shared_ptr<RtspClient> client_;
  std::unique_ptr<Depacketizer> depacketizer_;
  bool stopping_ = false;
  bool ignored_tracks_noted_ = false;
  std::function<void()> stopped_;
  std::chrono::milliseconds backoff_{0};
  int64_t playing_since_ns_ = 0;
  uint64_t lost_before_ = 0;  // lost packets of earlier connections
  // Arrival of the first packet of the frame being assembled and of the previous one.
  uint32_t cur_ts_ = 0, prev_ts_ = 0;
  int64_t cur_arrival_ns_ = 0, prev_arrival_ns_ = 0;

  mutable std::mutex mu_;
  SessionStatus status_;  // GUARDED_BY(mu_)
};

}  // namespace custos
