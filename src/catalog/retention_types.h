// retention_types.h: the catalog's records for retention (src/retention applies the rules).
//
// Evidence holds, per-camera maximum retention, the garbage list of recordings whose
// rows retention deleted and whose files are being unlinked, and the lawful-deletion marks
// left on their chain links. Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

// Why retention deletes a recording; recorded with its chain link (chain_link_deletion)
// so that `fsck --verify` tells a lawful deletion from a file or row removed by hand.
enum class DeletionRule {
  kMinimumRetention,  // the sweeper: past the profile's minimum, in a profile that deletes then (R503)
  kMaximumRetention,  // the sweeper: past the camera's maximum retention
  kDiskPressure,      // the sweeper freeing a low disk: past the minimum and not held
  kOperator,          // a person's delete through Custos (custos retention delete)
};
// "minimum_retention", ...: the text stored; the inverse is nullopt for unknown text.
std::string_view ToString(DeletionRule rule);
std::optional<DeletionRule> ParseDeletionRule(std::string_view s);
// "minimum retention", "maximum retention", "disk pressure", "operator": for people.
std::string_view DeletionRuleLabel(DeletionRule rule);

struct DeletionReason {
  DeletionRule rule = DeletionRule::kOperator;
  std::string deleted_by = "system";  // "system" for the sweeper, else the user name
  std::string audit_ref;              // the "ref ..." in the retention_delete audit entry; "" if none
};

// The mark a retention delete leaves on a sealed recording's chain link.
struct LawfulDeletion {
  int64_t recording_id = 0;
  WallTime90k deleted_wall_90k;
  DeletionReason reason;
  int64_t minimum_90k = 0;  // the minimum retention in force at the delete
};

struct GarbageFile {
  int64_t recording_id = 0;
  std::string camera_id;
  std::string file_path;  // relative to the data folder, as in the recording row
  WallTime90k deleted_wall_90k;
};

}  // namespace custos
