#include "retention/retention_status.h"

#include <algorithm>

namespace custos {

namespace {

std::string Days(std::optional<int64_t> d) { return d ? std::to_string(*d) + " days" : "-"; }

ReportTable PolicyTable(const RetentionPolicy& policy) {
  const RetentionProfile& p = policy.profile();
  ReportTable t{"Retention rules (profile " + p.name + ")", {"rule", "value"}, {}};
  t.rows.push_back({"minimum retention (R501): nothing younger is deleted or altered", Days(p.minimum_days)});
  t.rows.push_back({"after the minimum (R503)", p.delete_after_minimum ? "deleted, unless held or a camera maximum "
                                                                         "says later"
                                                                       : "kept, unless a camera maximum is set"});
  t.rows.push_back({"evidence holds last (R502)", p.important_days ? Days(p.important_days) : "until released"});
  return t;
}

Result<ReportTable> CameraTable(Catalog& catalog, const RetentionPolicy& policy) {
  ReportTable t{"Cameras", {"camera", "maximum", "deleted after", "oldest footage", "recordings past the rule"}, {}};
  auto cameras = catalog.ListCameras(CameraFilter::kIncludeRemoved);
  if (!cameras) return Err(cameras.error());
  auto maximums = catalog.ListCameraMaxRetention();
  if (!maximums) return Err(maximums.error());
  const WallTime90k now = policy.clock().Now();
  for (const Camera& c : *cameras) {
    const std::string& id = c.config.id;
    auto it = maximums->find(id);
    const std::optional<int64_t> max = it == maximums->end() ? std::nullopt : std::optional(it->second);
    const auto after = policy.DeleteAfter90k(max);
    auto all = catalog.ListRecordingsEndedBy(id, now);
    if (!all) return Err(all.error());
    std::string oldest = all->empty() ? "-" : FormatIso8601(all->front().start_wall_90k);
    int64_t due = 0;
    for (const Recording& r : *all) due += after && r.end_wall_90k->ticks_90k + *after <= now.ticks_90k ? 1 : 0;
    t.rows.push_back({id + (c.deleted_wall_90k ? " (removed)" : ""), Days(max),
                      after ? Days(*after / kDay90k) : "kept", oldest, std::to_string(due)});
  }
  return t;
}

Result<ReportTable> HoldTable(Catalog& catalog, const RetentionPolicy& policy) {
  ReportTable t{"Evidence holds",
                {"id", "camera", "from", "to", "case", "placed by", "until", "release asked by", "released by", "state"},
                {}};
  const WallTime90k now = policy.clock().Now();
  auto holds = catalog.ListHolds(HoldFilter::kAll, now);
  if (!holds) return Err(holds.error());
  for (const Hold& h : *holds) {
    t.rows.push_back({std::to_string(h.id), h.camera_id, FormatIso8601(h.from_wall_90k), FormatIso8601(h.to_wall_90k),
                      h.case_ref, h.created_by, h.until_wall_90k ? FormatIso8601(*h.until_wall_90k) : "until released",
                      h.release_requested_by, h.released_by,
                      h.ActiveAt(now) ? "active" : (h.released_by.empty() ? "lapsed" : "released")});
  }
  return t;
}

}  // namespace

Result<std::vector<ReportTable>> RetentionStatusTables(Catalog& catalog, const RetentionPolicy& policy) {
  std::vector<ReportTable> out{PolicyTable(policy)};
  auto cameras = CameraTable(catalog, policy);
  if (!cameras) return Err(cameras.error());
  out.push_back(std::move(*cameras));
  auto holds = HoldTable(catalog, policy);
  if (!holds) return Err(holds.error());
  out.push_back(std::move(*holds));
  auto garbage = catalog.ListGarbage();
  if (!garbage) return Err(garbage.error());
  ReportTable g{"Deletes interrupted (finished by the next sweep)", {"recording", "camera", "file"}, {}};
  for (const auto& f : *garbage) g.rows.push_back({std::to_string(f.recording_id), f.camera_id, f.file_path});
  out.push_back(std::move(g));
  return out;
}

std::string TablesToText(const std::vector<ReportTable>& tables) {
  std::string out;
  for (const ReportTable& t : tables) {
    out += t.title + "\n";
    std::vector<size_t> w(t.header.size(), 0);
    for (size_t c = 0; c < w.size(); ++c) {
      w[c] = t.header[c].size();
      for (const auto& r : t.rows) w[c] = std::max(w[c], c < r.size() ? r[c].size() : 0);
    }
    auto line = [&](const std::vector<std::string>& cells) {
      std::string l = " ";
      for (size_t c = 0; c < w.size(); ++c) {
        std::string cell = c < cells.size() ? cells[c] : "";
        cell.resize(c + 1 == w.size() ? cell.size() : w[c], ' ');
        l += " " + cell;
      }
      out += l + "\n";
    };
    line(t.header);
    if (t.rows.empty()) out += "  " + t.empty_text + "\n";
    for (const auto& r : t.rows) line(r);
    out += "\n";
  }
  return out;
}

}  // namespace custos
