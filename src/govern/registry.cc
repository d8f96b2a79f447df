#include "govern/registry.h"

#include <cmath>

namespace custos::govern {

namespace {

constexpr std::string_view kR103Articles = "XJ 8; LN 9; ND 11; NC 9; N25 8";

Status CheckDate(std::string_view value, std::string_view field) {
  if (value.empty()) return Status::Ok();
  Result<CivilDate> d = ParseCivilDate(value, field);
  return d ? Status::Ok() : d.error();
}

Status CheckCoordinates(const CameraRegistry& r) {
  if (r.latitude.has_value() != r.longitude.has_value()) {
    return InvalidArgument("give both latitude and longitude, or neither");
  }
  if (r.latitude && (!std::isfinite(*r.latitude) || *r.latitude < -90 || *r.latitude > 90)) {
    return InvalidArgument("latitude must be between -90 and 90 degrees");
  }
  if (r.longitude && (!std::isfinite(*r.longitude) || *r.longitude < -180 || *r.longitude > 180)) {
    return InvalidArgument("longitude must be between -180 and 180 degrees");
  }
  return Status::Ok();
}

bool Moved(const CameraRegistry& a, const CameraRegistry& b) {
  return a.address != b.address || a.latitude != b.latitude || a.longitude != b.longitude ||
         a.site_category != b.site_category || a.position != b.position || a.equipment_type != b.equipment_type ||
         a.equipment_model != b.equipment_model;
}

Result<bool> HasSystemFiling(Catalog& catalog) {
  Result<std::vector<Filing>> filings = catalog.ListFilings();
  if (!filings) return Err(filings.error());
  for (const Filing& f : *filings) {
    if (f.filing.kind == FilingKind::kSystem) return true;
  }
  return false;
}

}  // namespace

void Apply(const RegistryChange& c, CameraRegistry& r) {
  if (c.owning_unit) r.owning_unit = *c.owning_unit;
  if (c.address) r.address = *c.address;
  if (c.latitude) r.latitude = *c.latitude;
  if (c.longitude) r.longitude = *c.longitude;
  if (c.site_category) r.site_category = *c.site_category;
  if (c.position) r.position = *c.position;
  if (c.equipment_type) r.equipment_type = *c.equipment_type;
  if (c.equipment_model) r.equipment_model = *c.equipment_model;
  if (c.commissioned_on) r.commissioned_on = *c.commissioned_on;
  if (c.lifecycle) r.lifecycle = *c.lifecycle;
  if (c.accepted_on) r.accepted_on = *c.accepted_on;
  if (c.acceptance_ref) r.acceptance_ref = *c.acceptance_ref;
  if (c.signage) r.signage = *c.signage;
  if (c.signage_evidence) r.signage_evidence = *c.signage_evidence;
  if (c.government_invested) r.government_invested = *c.government_invested;
  if (c.near_military_zone) r.near_military_zone = *c.near_military_zone;
  if (c.military_consent_ref) r.military_consent_ref = *c.military_consent_ref;
}

Status CheckNotPrivate(const Taxonomy& taxonomy, std::string_view category_id) {
  const SiteCategory* c = taxonomy.Find(category_id);
  bool compiled_private = false;
  for (std::string_view id : kPrivateCategories) compiled_private |= id == category_id;
  if ((c == nullptr || !c->is_private) && !compiled_private) return Status::Ok();
  const std::string name = c ? c->name : std::string(category_id);
  const std::string source = c ? c->source : std::string(kR103Articles);
  return PermissionDenied("R103: cameras are forbidden in private places, and site category '" +
                          std::string(category_id) + "' (" + name + ") is one (" + source +
                          "; all sources: " + std::string(kR103Articles) +
                          "). Nobody can override this, an administrator included: if the camera "
                          "films a public area, register it under that area's category; otherwise do not install it");
}

Status ValidateRegistry(const Taxonomy& taxonomy, const CameraRegistry& r) {
  if (!r.site_category.empty()) {
    CUSTOS_RETURN_IF_ERROR(CheckNotPrivate(taxonomy, r.site_category));
    if (taxonomy.Find(r.site_category) == nullptr) {
      return InvalidArgument("unknown site category '" + r.site_category +
                             "'; see profiles/site-categories.json (custos profile categories)");
    }
  }
  CUSTOS_RETURN_IF_ERROR(CheckCoordinates(r));
  CUSTOS_RETURN_IF_ERROR(CheckDate(r.commissioned_on, "commissioned_on"));
  CUSTOS_RETURN_IF_ERROR(CheckDate(r.accepted_on, "accepted_on"));
  CUSTOS_RETURN_IF_ERROR(CheckDate(r.lifecycle_since, "lifecycle_since"));
  const bool needs_acceptance = r.lifecycle == Lifecycle::kAccepted || IsRecordedLifecycle(r.lifecycle);
  if (needs_acceptance && r.accepted_on.empty()) {
    return FailedPrecondition("R206: a camera is not " + std::string(ToString(r.lifecycle)) +
                              " before it passes acceptance (ND 12, 28; NC 13): give its acceptance date "
                              "(--accepted-on YYYY-MM-DD) and report reference (--acceptance-ref)");
  }
  if (r.near_military_zone && r.military_consent_ref.empty()) {
    return FailedPrecondition("R108: near a military zone or classified unit, that unit's consent is needed "
                              "before installing (N25 10): give its reference (--military-consent-ref)");
  }
  return Status::Ok();
}

Status CheckTransition(Lifecycle from, Lifecycle to) {
  if (from == to) return Status::Ok();
  bool ok = false;
  switch (from) {
    case Lifecycle::kPlanned: ok = to == Lifecycle::kAccepted || to == Lifecycle::kDismantled; break;
    case Lifecycle::kAccepted: ok = to == Lifecycle::kInUse || to == Lifecycle::kDismantled; break;
    case Lifecycle::kInUse: ok = to == Lifecycle::kChanged || to == Lifecycle::kDismantled; break;
    case Lifecycle::kChanged: ok = to == Lifecycle::kInUse || to == Lifecycle::kDismantled; break;
    case Lifecycle::kDismantled: ok = false; break;
  }
  if (ok) return Status::Ok();
  std::string hint = "the lifecycle is planned -> accepted -> in_use <-> changed, and any state -> dismantled";
  if (from == Lifecycle::kPlanned && IsRecordedLifecycle(to)) {
    hint = "R206: a camera is not used before it passes acceptance (ND 12, 28; NC 13); set it accepted first";
  } else if (from == Lifecycle::kDismantled) {
    hint = "a dismantled camera stays dismantled; register the new installation under a new id";
  }
  return FailedPrecondition("cannot move a camera from " + std::string(ToString(from)) + " to " +
                            std::string(ToString(to)) + ": " + hint);
}

Status Registry::Refuse(std::string_view camera_id, Status why) {
  if (audit_ != nullptr) {
    AuditEvent e;
    e.actor = actor_;
    e.action = "refused";
    e.outcome = "refused";
    e.camera_ids = {std::string(camera_id)};
    e.detail = "registry: " + why.message();
    Status s = audit_->Append(e);
    if (!s.ok()) return s.With("auditing a refusal");
  }
  return why;
}

Status Registry::Audit(std::string_view camera_id, std::string_view detail) {
  if (audit_ == nullptr) return Status::Ok();  // hook: the daemon and CLI pass the real sink once it exists
  AuditEvent e;
  e.actor = actor_;
  e.action = "camera_change";
  e.camera_ids = {std::string(camera_id)};
  e.detail = std::string(detail);
  return audit_->Append(e);
}

Status Registry::Failed(std::string_view camera_id, Status why) {
  if (audit_ == nullptr) return why;
  AuditEvent e;
  e.actor = actor_;
  e.action = "camera_change";
  e.outcome = "error";  // the change audited just before did not happen
  e.camera_ids = {std::string(camera_id)};
  e.detail = why.message();
  Status s = audit_->Append(e);
  if (s.ok()) return why;
  return Status(why.code(), why.message() + "; auditing the failure failed too: " + s.message());
}

Status Registry::Register(const CameraConfig& config, CameraRegistry registry) {
  if (registry.lifecycle_since.empty()) registry.lifecycle_since = FormatCivilDate(today_);
  if (registry.lifecycle == Lifecycle::kChanged || registry.lifecycle == Lifecycle::kDismantled) {
    return Refuse(config.id, InvalidArgument("a new camera starts planned, accepted or in_use, not " +
                                             std::string(ToString(registry.lifecycle))));
  }
  Status valid = ValidateRegistry(taxonomy_, registry);
  if (!valid.ok()) return Refuse(config.id, valid.With("registering camera '" + config.id + "'"));
  // The audit record comes first: an unaudited change must not happen (audit_sink.h).
  CUSTOS_RETURN_IF_ERROR(Audit(config.id, "registered as " + std::string(ToString(registry.lifecycle)) +
                                              (registry.site_category.empty() ? "" : " at " + registry.site_category)));
  Status written = catalog_.AddRegisteredCamera(config, registry);
  if (!written.ok()) return Failed(config.id, written);
  return OpenFilings(config.id, std::nullopt, registry);
}

Status Registry::Change(std::string_view camera_id, const RegistryChange& change) {
  const std::string what = "changing the registry entry of camera '" + std::string(camera_id) + "'";
  Result<Camera> camera = catalog_.GetCamera(camera_id);
  if (!camera) return camera.error().With(what);
  if (camera->deleted_wall_90k) return NotFound("camera '" + std::string(camera_id) + "' was removed");
  const std::optional<CameraRegistry> before = camera->registry;
  CameraRegistry after = before.value_or(CameraRegistry{});
  Apply(change, after);
  const Lifecycle from = before ? before->lifecycle : Lifecycle::kPlanned;
  if (after.lifecycle != from) {
    Status t = CheckTransition(from, after.lifecycle);
    if (!t.ok()) return Refuse(camera_id, t.With(what));
    after.lifecycle_since = FormatCivilDate(today_);
  }
  Status valid = ValidateRegistry(taxonomy_, after);
  if (!valid.ok()) return Refuse(camera_id, valid.With(what));
  std::string detail = "registry changed";
  if (after.lifecycle != from) {
    detail += ": " + std::string(ToString(from)) + " -> " + std::string(ToString(after.lifecycle));
  }
  if (before && Moved(*before, after)) detail += "; site or equipment changed";
  CUSTOS_RETURN_IF_ERROR(Audit(camera_id, detail));
  Status written = catalog_.PutCameraRegistry(camera_id, after);
  if (!written.ok()) return Failed(camera_id, written.With(what));
  return OpenFilings(camera_id, before, after);
}

Status Registry::OpenFilings(std::string_view camera_id, const std::optional<CameraRegistry>& before,
                             const CameraRegistry& after) {
  const bool was_in_use = before && IsRecordedLifecycle(before->lifecycle);
  const bool in_use = IsRecordedLifecycle(after.lifecycle);
  NewFiling f;
  f.camera_id = std::string(camera_id);
  f.trigger_on = FormatCivilDate(today_);
  if (in_use && !was_in_use) {
    Result<bool> has_system = HasSystemFiling(catalog_);
    if (!has_system) return has_system.error();
    f.kind = *has_system ? FilingKind::kChange : FilingKind::kSystem;
    f.trigger_on = after.lifecycle_since;
    f.accepted_on = after.accepted_on;
    f.detail = *has_system ? "camera put into use in a system already filed" : "the system went into use";
  } else if (was_in_use && after.lifecycle == Lifecycle::kDismantled) {
    f.kind = FilingKind::kDismantling;
    f.detail = "camera dismantled";
  } else if (was_in_use && in_use && (Moved(*before, after) || after.lifecycle != before->lifecycle)) {
    if (after.lifecycle == Lifecycle::kInUse && before->lifecycle == Lifecycle::kChanged && !Moved(*before, after)) {
      return Status::Ok();  // back in use after a change already reported
    }
    f.kind = FilingKind::kChange;
    f.detail = "site, position or equipment changed";
  } else {
    return Status::Ok();
  }
  Result<int64_t> id = catalog_.AddFiling(f);
  return id ? Status::Ok() : id.error().With("opening a filing");
}

}  // namespace custos::govern
