// still_frames.h: the stored samples needed to show one camera's picture at an instant:
// from the key frame at or before it through the frame showing then, read from the
// recording file with the frame index (or, for the recording being written, whose index
// is not in the catalog yet, with a scan of its fragments).
// Thread-safety: caller's thread; blocks on SQLite and the disk (API workers).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/bytes.h"
#include "catalog/catalog.h"
#include "media/frame.h"

namespace custos {

// Decoding more than this many frames for one still is refused work: the still then
// shows the last of them (GOPs longer than 12 s at 25 fps are unusual).
inline constexpr size_t kMaxStillFrames = 300;

struct StillFrames {
  VideoParams params;           // codec and decoder_config
  std::vector<Bytes> samples;   // decode order; samples[0] is a key frame
  WallTime90k wall;             // when the last sample started showing
  int64_t recording_id = 0;
};

// `at` = nullopt: the newest frame of the newest recording that started after
// `now` - 1 day. NotFound, saying so, when the camera has no recording at `at` (a gap,
// or before or after its recordings) or no recording at all in the last day.
Result<StillFrames> ReadStillFrames(Catalog& catalog, const std::string& data_dir, const std::string& camera_id,
                                    std::optional<WallTime90k> at, WallTime90k now);

}  // namespace custos
