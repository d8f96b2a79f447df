// retention_types.h: the catalog's records for retention (src/retention applies the rules).
//
// Evidence holds, per-camera maximum retention, and the garbage list of recordings whose
// rows retention deleted and whose files are being unlinked. Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "base/time.h"

namespace custos {

struct NewHold {
  std::string camera_id;
  WallTime90k from_wall_90k;
  WallTime90k to_wall_90k;
  std::string case_ref;
  std::string created_by;
  WallTime90k created_wall_90k;
  std::optional<WallTime90k> until_wall_90k;  // nullopt: until released
};

struct Hold : NewHold {
  int64_t id = 0;
  std::string release_requested_by;  // "" if no release asked
  std::optional<WallTime90k> release_requested_wall_90k;
  std::string released_by;  // the approver; "" while the hold stands
  std::optional<WallTime90k> released_wall_90k;

  // Not released, and not lapsed at `now`.
  bool ActiveAt(WallTime90k now) const {
    return released_by.empty() && (!until_wall_90k || *until_wall_90k > now);
  }
};

enum class HoldFilter { kActive, kAll };

// What a retention delete must respect, checked inside the catalog's transaction.
struct RetentionCheck {
  WallTime90k now_wall_90k;
  // The profile's minimum retention: a recording is protected until end + minimum.
  int64_t minimum_90k = 0;
};

struct GarbageFile {
  int64_t recording_id = 0;
  std::string camera_id;
  std::string file_path;  // relative to the data folder, as in the recording row
  WallTime90k deleted_wall_90k;
};

}  // namespace custos
