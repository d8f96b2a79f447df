// The lawful-deletion part of SqliteCatalog: the mark a retention delete leaves on a
// sealed recording's chain link (table chain_link_deletion, docs/design/integrity.md).
// Marks are written inside DeleteRecordingForRetention's transaction and never changed.
#include <array>
#include <string>
#include <utility>

#include "catalog/sqlite_catalog.h"

namespace custos {

namespace {

constexpr std::array<std::pair<DeletionRule, std::string_view>, 4> kRules{{
    {DeletionRule::kMinimumRetention, "minimum_retention"},
    {DeletionRule::kMaximumRetention, "maximum_retention"},
    {DeletionRule::kDiskPressure, "disk_pressure"},
    {DeletionRule::kOperator, "operator"},
}};

}  // namespace

std::string_view ToString(DeletionRule rule) {
  for (const auto& [r, text] : kRules) {
    if (r == rule) return text;
  }
  return "unknown";
}

std::optional<DeletionRule> ParseDeletionRule(std::string_view s) {
  for (const auto& [r, text] : kRules) {
    if (text == s) return r;
  }
  return std::nullopt;
}

std::string_view DeletionRuleLabel(DeletionRule rule) {
  switch (rule) {
    case DeletionRule::kMinimumRetention: return "minimum retention";
    case DeletionRule::kMaximumRetention: return "maximum retention";
    case DeletionRule::kDiskPressure: return "disk pressure";
    case DeletionRule::kOperator: return "operator";
  }
  return "unknown";
}

Status SqliteCatalog::MarkLawfulDeletion(const Recording& r, const RetentionCheck& check, const DeletionReason& why) {
  if (why.deleted_by.empty()) return InvalidArgument("a retention delete needs who asked for it ('system' or a user)");
  // INSERT ... SELECT: nothing when the recording was never sealed (no link to mark).
  Result<ScopedStatement> s = db_->Prepare(
      "INSERT INTO chain_link_deletion (recording_id, deleted_wall_90k, rule, deleted_by, minimum_90k, audit_ref) "
      "SELECT recording_id, ?2, ?3, ?4, ?5, ?6 FROM chain_link WHERE recording_id = ?1");
  if (!s) return s.error();
  (*s)->BindInt64(1, r.id);
  (*s)->BindInt64(2, check.now_wall_90k.ticks_90k);
  (*s)->BindText(3, ToString(why.rule));
  (*s)->BindText(4, why.deleted_by);
  (*s)->BindInt64(5, check.minimum_90k);
  (*s)->BindText(6, why.audit_ref);
  return (*s)->Run().With("marking the chain link of recording " + std::to_string(r.id) + " as lawfully deleted");
}

Result<std::vector<LawfulDeletion>> SqliteCatalog::ListLawfulDeletions(std::string_view camera_id) {
  Result<ScopedStatement> s = db_->Prepare(
      "SELECT d.recording_id, d.deleted_wall_90k, d.rule, d.deleted_by, d.minimum_90k, d.audit_ref "
      "FROM chain_link_deletion d JOIN chain_link l ON l.recording_id = d.recording_id "
      "WHERE l.camera_id = ?1 ORDER BY d.recording_id");
  if (!s) return Err(s.error());
  (*s)->BindText(1, camera_id);
  std::vector<LawfulDeletion> out;
  for (;;) {
    Result<bool> row = (*s)->Step();
    if (!row) return Err(row.error());
    if (!*row) return out;
    LawfulDeletion d;
    d.recording_id = (*s)->ColumnInt64(0);
    d.deleted_wall_90k = WallTime90k{(*s)->ColumnInt64(1)};
    const std::string rule = (*s)->ColumnText(2);
    const auto parsed = ParseDeletionRule(rule);
    if (!parsed) {
      return Err(DataLoss("the lawful-deletion mark of recording " + std::to_string(d.recording_id) +
                          " has unknown rule '" + rule + "'"));
    }
    d.reason = DeletionReason{*parsed, (*s)->ColumnText(3), (*s)->ColumnText(5)};
    d.minimum_90k = (*s)->ColumnInt64(4);
    out.push_back(std::move(d));
  }
}

}  // namespace custos
