// access_types.h: what the catalog stores for access control (schema version 3): users,
// camera groups and assignments, retrieval requests and their decisions.
//
// Roles and request kinds are kept as their text here (the catalog checks them against
// the schema's CHECK lists); src/access gives them meaning. Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/time.h"

namespace custos {

struct UserRecord {
  std::string name;          // login name, [a-z0-9_.-]{1,64}
  std::string display_name;  // the person's name
  std::string unit;          // the person's unit
  std::string password_hash; // crypto_pwhash_str (Argon2id)
  bool disabled = false;
  int64_t failed_logins = 0;
  WallTime90k locked_until_wall_90k{0};
  WallTime90k created_wall_90k{0};
  WallTime90k updated_wall_90k{0};
  WallTime90k password_changed_wall_90k{0};
  std::vector<std::string> roles;          // sorted role names
  std::vector<std::string> camera_ids;     // assigned cameras, sorted
  std::vector<std::string> camera_groups;  // assigned groups, sorted
};

struct CameraGroup {
  std::string name;
  std::string description;
  std::vector<std::string> camera_ids;  // sorted
};

// A person present at a retrieval (R405): name, identity document and work permit.
struct RetrievalPerson {
  std::string name;
  std::string id_number;
  std::string work_permit;
};

enum class RequestState { kPending, kApproved, kRejected };

struct RetrievalRequest {
  int64_t id = 0;  // 0 until stored
  std::string requester;
  std::string kind;  // "playback" or "export"
  std::vector<std::string> camera_ids;
  WallTime90k from_wall_90k{0};
  WallTime90k to_wall_90k{0};
  std::string purpose;
  std::string case_ref;
  std::string approval_doc_ref;
  std::vector<RetrievalPerson> persons;
  std::string destination;
  bool emergency = false;
  RequestState state = RequestState::kPending;
  std::string profile;  // the jurisdiction profile it was checked against
  WallTime90k created_wall_90k{0};
  std::string approver1;
  std::optional<WallTime90k> approved1_wall_90k;
  std::string approver2;
  std::optional<WallTime90k> approved2_wall_90k;
  std::string rejected_by;
  std::optional<WallTime90k> rejected_wall_90k;
  std::string reject_reason;
  std::optional<WallTime90k> expires_wall_90k;
};

std::string_view ToString(RequestState s);
std::optional<RequestState> ParseRequestState(std::string_view s);

}  // namespace custos
