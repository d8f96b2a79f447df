#include "catalog/registry_types.h"

#include <array>
#include <utility>

#include "catalog/catalog_types.h"

namespace custos {

namespace {

template <typename E, size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<Lifecycle, 5> kLifecycles{{
    {Lifecycle::kPlanned, "planned"},
    {Lifecycle::kAccepted, "accepted"},
    {Lifecycle::kInUse, "in_use"},
    {Lifecycle::kChanged, "changed"},
    {Lifecycle::kDismantled, "dismantled"},
}};
constexpr NameTable<SitePosition, 4> kPositions{{
    {SitePosition::kEntrance, "entrance"},
    {SitePosition::kMainPassage, "main_passage"},
    {SitePosition::kKeyPart, "key_part"},
    {SitePosition::kOther, "other"},
}};
constexpr NameTable<FilingKind, 3> kFilingKinds{{
    {FilingKind::kSystem, "system"},
    {FilingKind::kChange, "change"},
    {FilingKind::kDismantling, "dismantling"},
}};
constexpr NameTable<DocumentKind, 4> kDocumentKinds{{
    {DocumentKind::kDesign, "design"},
    {DocumentKind::kConstruction, "construction"},
    {DocumentKind::kAcceptance, "acceptance"},
    {DocumentKind::kMaintenance, "maintenance"},
}};
constexpr NameTable<OpsRecordKind, 4> kOpsRecordKinds{{
    {OpsRecordKind::kTraining, "training"},
    {OpsRecordKind::kMaintenance, "maintenance"},
    {OpsRecordKind::kInspection, "inspection"},
    {OpsRecordKind::kDuty, "duty"},
}};

template <typename E, size_t N>
std::string_view NameOf(const NameTable<E, N>& table, E v) {
  for (const auto& [value, name] : table) {
    if (value == v) return name;
  }
  return "?";
}

template <typename E, size_t N>
std::optional<E> ValueOf(const NameTable<E, N>& table, std::string_view s) {
  for (const auto& [value, name] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(Lifecycle v) { return NameOf(kLifecycles, v); }
std::string_view ToString(SitePosition v) { return NameOf(kPositions, v); }
std::string_view ToString(FilingKind v) { return NameOf(kFilingKinds, v); }
std::string_view ToString(DocumentKind v) { return NameOf(kDocumentKinds, v); }
std::string_view ToString(OpsRecordKind v) { return NameOf(kOpsRecordKinds, v); }
std::optional<Lifecycle> ParseLifecycle(std::string_view s) { return ValueOf(kLifecycles, s); }
std::optional<SitePosition> ParseSitePosition(std::string_view s) { return ValueOf(kPositions, s); }
std::optional<FilingKind> ParseFilingKind(std::string_view s) { return ValueOf(kFilingKinds, s); }
std::optional<DocumentKind> ParseDocumentKind(std::string_view s) { return ValueOf(kDocumentKinds, s); }
std::optional<OpsRecordKind> ParseOpsRecordKind(std::string_view s) { return ValueOf(kOpsRecordKinds, s); }

bool IsRecordedLifecycle(Lifecycle v) { return v == Lifecycle::kInUse || v == Lifecycle::kChanged; }

bool IsRecorded(const Camera& camera) {
  return camera.config.enabled && !camera.deleted_wall_90k && camera.registry &&
         IsRecordedLifecycle(camera.registry->lifecycle);
}

}  // namespace custos
