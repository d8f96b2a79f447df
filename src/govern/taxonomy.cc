#include "govern/taxonomy.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "govern/json_fields.h"

namespace custos::govern {

namespace {

constexpr std::string_view kFormat = "custos-site-categories-1";

Result<SiteCategory> ReadCategory(const FieldReader& r, const nlohmann::json& j, const std::string& path) {
  SiteCategory c;
  Result<std::string> id = r.String(j, path, "id");
  Result<std::string> name = r.String(j, path, "name");
  Result<std::string> tier = r.String(j, path, "tier");
  Result<bool> priv = r.Bool(j, path, "private");
  Result<std::string> source = r.String(j, path, "source");
  for (const Status* s : {id ? nullptr : &id.error(), name ? nullptr : &name.error(), tier ? nullptr : &tier.error(),
                          priv ? nullptr : &priv.error(), source ? nullptr : &source.error()}) {
    if (s) return Err(*s);
  }
  c.id = *id;
  c.name = *name;
  c.is_private = *priv;
  c.source = *source;
  if (*tier == "required") {
    c.tier = SiteTier::kRequired;
  } else if (*tier == "optional") {
    c.tier = SiteTier::kOptional;
  } else if (*tier == "forbidden") {
    c.tier = SiteTier::kForbidden;
  } else {
    return Err(r.Bad(path + ".tier", "must be required, optional or forbidden, not \"" + *tier + "\""));
  }
  if (c.is_private != (c.tier == SiteTier::kForbidden)) {
    return Err(r.Bad(path, "a private category has tier \"forbidden\", and only a private one"));
  }
  return c;
}

}  // namespace

std::string_view ToString(SiteTier v) {
  switch (v) {
    case SiteTier::kRequired: return "required";
    case SiteTier::kOptional: return "optional";
    case SiteTier::kForbidden: return "forbidden";
  }
  return "?";
}

Result<Taxonomy> Taxonomy::Parse(std::string_view json_text, std::string_view file_name) {
  const FieldReader r{std::string(file_name)};
  nlohmann::json j = nlohmann::json::parse(json_text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Err(InvalidArgument(std::string(file_name) + ": not a JSON object"));
  Result<std::string> format = r.String(j, "", "format");
  if (!format) return Err(format.error());
  if (*format != kFormat) return Err(r.Bad("format", "must be \"" + std::string(kFormat) + "\""));
  Result<const nlohmann::json*> list = r.Member(j, "", "categories");
  if (!list) return Err(list.error());
  if (!(*list)->is_array() || (*list)->empty()) return Err(r.Bad("categories", "must be a non-empty array"));
  Taxonomy t;
  for (size_t i = 0; i < (*list)->size(); ++i) {
    const std::string path = "categories[" + std::to_string(i) + "]";
    Result<SiteCategory> c = ReadCategory(r, (**list)[i], path);
    if (!c) return Err(c.error());
    if (t.by_id_.contains(c->id)) return Err(r.Bad(path + ".id", "'" + c->id + "' appears twice"));
    t.by_id_.emplace(c->id, t.categories_.size());
    t.categories_.push_back(std::move(*c));
  }
  for (std::string_view id : kPrivateCategories) {
    const SiteCategory* c = t.Find(id);
    if (c == nullptr || !c->is_private) {
      return Err(r.Bad("categories", "the private place '" + std::string(id) +
                                         "' (R103) must be listed with \"private\": true; it cannot be removed"));
    }
  }
  return t;
}

Result<Taxonomy> Taxonomy::Load(const std::string& dir) {
  const std::string path = dir + "/site-categories.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) return Err(NotFound("cannot read " + path + "; set CUSTOS_PROFILES to the folder that holds it"));
  std::ostringstream text;
  text << in.rdbuf();
  return Parse(text.str(), path);
}

const SiteCategory* Taxonomy::Find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &categories_[it->second];
}

}  // namespace custos::govern
