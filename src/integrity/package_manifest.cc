#include "integrity/package_manifest.h"

#include <nlohmann/json.hpp>

#include "base/file_util.h"

namespace custos {

namespace {

using json = nlohmann::ordered_json;  // fields in the order written: a readable manifest

json LinkToJson(const ChainLink& l) {
  return json{{"seq", l.seq},
              {"recording_id", l.recording_id},
              {"file_sha256", DigestHex(l.file_sha256)},
              {"file_bytes", l.file_bytes},
              {"start_wall_90k", l.start_wall_90k.ticks_90k},
              {"end_wall_90k", l.end_wall_90k.ticks_90k},
              {"frames", l.frames},
              {"prev_chain_hash", DigestHex(l.prev_chain_hash)},
              {"chain_hash", DigestHex(l.chain_hash)}};
}

json CheckpointToJson(const ChainCheckpoint& c) {
  return json{{"seq", c.seq},
              {"recording_id", c.recording_id},
              {"chain_hash", DigestHex(c.chain_hash)},
              {"signed_wall_90k", c.signed_wall_90k.ticks_90k},
              {"signed", FormatIso8601(c.signed_wall_90k)},
              {"public_key", ToHex(c.public_key.data(), c.public_key.size())},
              {"signature", ToHex(c.signature.data(), c.signature.size())}};
}

json CameraToJson(const PackageCamera& c) {
  json links = json::array();
  for (const auto& l : c.links) links.push_back(LinkToJson(l));
  return json{{"camera_id", c.camera_id},
              {"from", FormatIso8601(c.from_wall_90k)},
              {"to", FormatIso8601(c.to_wall_90k)},
              {"from_wall_90k", c.from_wall_90k.ticks_90k},
              {"to_wall_90k", c.to_wall_90k.ticks_90k},
              {"start_wall_90k", c.start_wall_90k.ticks_90k},
              {"end_wall_90k", c.end_wall_90k.ticks_90k},
              {"video", c.video_path},
              {"source_recordings", c.source_recordings},
              {"chain", links},
              {"checkpoint", CheckpointToJson(c.checkpoint)}};
}

json FileToJson(const PackageFile& f) {
  json j{{"path", f.path}, {"role", f.role}, {"camera_id", f.camera_id}, {"sha256", DigestHex(f.sha256)},
         {"bytes", f.bytes}};
  if (f.role == "source") j["recording_id"] = f.recording_id;
  return j;
}

json ReencodingToJson(const PackageReencoding& r) {
  json j{{"codec", r.codec}, {"masked", r.masked}, {"watermark", r.watermark}};
  if (r.watermark) {
    j["export_id"] = r.export_id;
    j["watermark_text"] = r.watermark_text;
  }
  return j;
}

PackageReencoding ReencodingFromJson(const json& j) {
  PackageReencoding r;
  r.codec = j.at("codec").get<std::string>();
  r.masked = j.at("masked").get<bool>();
  r.watermark = j.at("watermark").get<bool>();
  if (r.watermark) {
    r.export_id = j.at("export_id").get<std::string>();
    r.watermark_text = j.at("watermark_text").get<std::vector<std::string>>();
  }
  return r;
}

template <size_t N>
std::array<uint8_t, N> HexArray(const json& j, const char* key) {
  const std::string hex = j.at(key).get<std::string>();
  auto raw = FromHex(hex);
  if (!raw || raw->size() != N) throw std::invalid_argument(std::string(key) + " is not " + std::to_string(2 * N) + " hex digits");
  std::array<uint8_t, N> out{};
  std::copy(raw->begin(), raw->end(), out.begin());
  return out;
}

ChainLink LinkFromJson(const json& j, const std::string& camera) {
  ChainLink l;
  l.camera_id = camera;
  l.seq = j.at("seq").get<int64_t>();
  l.recording_id = j.at("recording_id").get<int64_t>();
  l.file_sha256 = HexArray<kSha256Bytes>(j, "file_sha256");
  l.file_bytes = j.at("file_bytes").get<int64_t>();
  l.start_wall_90k = WallTime90k{j.at("start_wall_90k").get<int64_t>()};
  l.end_wall_90k = WallTime90k{j.at("end_wall_90k").get<int64_t>()};
  l.frames = j.at("frames").get<int64_t>();
  l.prev_chain_hash = HexArray<kSha256Bytes>(j, "prev_chain_hash");
  l.chain_hash = HexArray<kSha256Bytes>(j, "chain_hash");
  return l;
}

ChainCheckpoint CheckpointFromJson(const json& j, const std::string& camera) {
  ChainCheckpoint c;
  c.camera_id = camera;
  c.seq = j.at("seq").get<int64_t>();
  c.recording_id = j.at("recording_id").get<int64_t>();
  c.chain_hash = HexArray<kSha256Bytes>(j, "chain_hash");
  c.signed_wall_90k = WallTime90k{j.at("signed_wall_90k").get<int64_t>()};
  c.public_key = HexArray<kEd25519PublicKeyBytes>(j, "public_key");
  c.signature = HexArray<kEd25519SignatureBytes>(j, "signature");
  return c;
}

PackageCamera CameraFromJson(const json& j) {
  PackageCamera c;
  c.camera_id = j.at("camera_id").get<std::string>();
  c.from_wall_90k = WallTime90k{j.at("from_wall_90k").get<int64_t>()};
  c.to_wall_90k = WallTime90k{j.at("to_wall_90k").get<int64_t>()};
  c.start_wall_90k = WallTime90k{j.at("start_wall_90k").get<int64_t>()};
  c.end_wall_90k = WallTime90k{j.at("end_wall_90k").get<int64_t>()};
  c.video_path = j.at("video").get<std::string>();
  c.source_recordings = j.at("source_recordings").get<std::vector<int64_t>>();
  for (const auto& l : j.at("chain")) c.links.push_back(LinkFromJson(l, c.camera_id));
  c.checkpoint = CheckpointFromJson(j.at("checkpoint"), c.camera_id);
  return c;
}

PackageFile FileFromJson(const json& j) {
  PackageFile f;
  f.path = j.at("path").get<std::string>();
  f.role = j.at("role").get<std::string>();
  f.camera_id = j.at("camera_id").get<std::string>();
  if (j.contains("recording_id")) f.recording_id = j.at("recording_id").get<int64_t>();
  f.sha256 = HexArray<kSha256Bytes>(j, "sha256");
  f.bytes = j.at("bytes").get<uint64_t>();
  return f;
}

}  // namespace

std::string ManifestToJson(const PackageManifest& m) {
  json cameras = json::array(), files = json::array();
  for (const auto& c : m.cameras) cameras.push_back(CameraToJson(c));
  for (const auto& f : m.files) files.push_back(FileToJson(f));
  json j{{"format", m.format},
         {"kind", "custos-export-package"},
         {"package_id", m.package_id},
         {"node_uuid", m.node_uuid},
         {"node_public_key", ToHex(m.node_public_key.data(), m.node_public_key.size())},
         {"created", FormatIso8601(m.created_wall_90k)},
         {"created_wall_90k", m.created_wall_90k.ticks_90k},
         {"requester", m.requester},
         {"purpose", m.purpose},
         {"destination", m.destination},
         {"approvals", m.approvals},
         {"video_samples", m.reencoding ? "re-encoded" : "copied"}};
  if (m.reencoding) j["reencoding"] = ReencodingToJson(*m.reencoding);
  j["cameras"] = cameras;
  j["files"] = files;
  return j.dump(2) + "\n";
}

Result<PackageManifest> ManifestFromJson(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Err(InvalidArgument("manifest.json is not a JSON object"));
  try {
    PackageManifest m;
    m.format = j.at("format").get<int>();
    if (m.format != 1) return Err(InvalidArgument("manifest format " + std::to_string(m.format) + " is unknown"));
    m.package_id = j.at("package_id").get<std::string>();
    m.node_uuid = j.at("node_uuid").get<std::string>();
    m.node_public_key = HexArray<kEd25519PublicKeyBytes>(j, "node_public_key");
    m.created_wall_90k = WallTime90k{j.at("created_wall_90k").get<int64_t>()};
    m.requester = j.at("requester").get<std::string>();
    m.purpose = j.at("purpose").get<std::string>();
    m.destination = j.at("destination").get<std::string>();
    m.approvals = j.at("approvals").get<std::vector<std::string>>();
    for (const auto& c : j.at("cameras")) m.cameras.push_back(CameraFromJson(c));
    for (const auto& f : j.at("files")) m.files.push_back(FileFromJson(f));
    // Packages written before re-encoding existed have neither field: copied samples.
    const std::string samples = j.value("video_samples", std::string("copied"));
    if (samples == "re-encoded") {
      m.reencoding = ReencodingFromJson(j.at("reencoding"));
    } else if (samples != "copied") {
      return Err(InvalidArgument("manifest.json: video_samples is neither \"copied\" nor \"re-encoded\""));
    }
    return m;
  } catch (const std::exception& e) {  // nlohmann's and HexArray's: stop here
    return Err(InvalidArgument(std::string("manifest.json: ") + e.what()));
  }
}

Result<PackageFile> DescribePackageFile(const std::string& dir, const std::string& path, const std::string& role,
                                        const std::string& camera_id, int64_t recording_id) {
  PackageFile f;
  f.path = path;
  f.role = role;
  f.camera_id = camera_id;
  f.recording_id = recording_id;
  auto d = Sha256OfFile(JoinPath(dir, path), &f.bytes);
  if (!d) return Err(d.error());
  f.sha256 = *d;
  return f;
}

Status WriteSignedManifest(const std::string& dir, const PackageManifest& m, const NodeKey& key) {
  if (m.node_public_key != key.public_key()) return Internal("the manifest names another node key than the signer's");
  const std::string text = ManifestToJson(m);
  const Signature sig = key.Sign(text);
  const std::string sig_line = ToHex(sig.data(), sig.size()) + "\n";
  auto bytes = [](const std::string& s) { return ByteSpan(reinterpret_cast<const uint8_t*>(s.data()), s.size()); };
  CUSTOS_RETURN_IF_ERROR(WriteFileAtomic(JoinPath(dir, kManifestName), bytes(text)));
  return WriteFileAtomic(JoinPath(dir, kSignatureName), bytes(sig_line));
}

}  // namespace custos
