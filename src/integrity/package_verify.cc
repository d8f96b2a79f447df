#include "integrity/package_verify.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <system_error>

#include "base/file_util.h"

namespace custos {

namespace {

namespace fs = std::filesystem;

std::string KeyHex(const PublicKey& k) { return ToHex(k.data(), k.size()); }

// The signature file: 128 hex digits, optionally followed by a newline.
Result<Signature> ReadSignature(const std::string& path) {
  auto bytes = ReadFileBytes(path);
  if (!bytes) return Err(bytes.error());
  std::string text(bytes->begin(), bytes->end());
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  return ParseSignatureHex(text);
}

void CheckSignature(const std::string& dir, const std::string& manifest_text, const PackageManifest& m,
                    const PackageVerifyOptions& o, PackageVerifyReport& r) {
  if (o.expected_key && *o.expected_key != m.node_public_key) {
    r.problems.push_back("signed by another key: the manifest names node key " + KeyHex(m.node_public_key) +
                         ", but the expected key is " + KeyHex(*o.expected_key));
  }
  auto sig = ReadSignature(JoinPath(dir, kSignatureName));
  if (!sig) {
    r.problems.push_back(std::string(kSignatureName) + " is missing or unreadable: " + sig.error().message());
    return;
  }
  if (!VerifySignature(m.node_public_key, manifest_text, *sig)) {
    r.problems.push_back(
        "manifest.json was changed after it was signed, or manifest.sig was made by another key (the signature "
        "does not verify with node key " + KeyHex(m.node_public_key) + ")");
  }
}

// Every regular file under dir, relative, except the manifest and its signature.
std::set<std::string> FilesIn(const std::string& dir) {
  std::set<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file()) continue;
    std::string rel = fs::relative(it->path(), dir).generic_string();
    if (rel != kManifestName && rel != kSignatureName) out.insert(rel);
  }
  return out;
}

void CheckFiles(const std::string& dir, const PackageManifest& m, PackageVerifyReport& r) {
  std::map<Sha256Digest, std::string> listed_by_hash;
  for (const auto& f : m.files) listed_by_hash[f.sha256] = f.path;
  std::set<std::string> present = FilesIn(dir);
  for (const auto& f : m.files) {
    if (f.path.find("..") != std::string::npos || (!f.path.empty() && f.path[0] == '/')) {
      r.problems.push_back(f.path + ": the manifest names a file outside the package");
      continue;
    }
    if (!present.erase(f.path)) {
      r.problems.push_back(f.path + ": missing (the manifest lists it)");
      continue;
    }
    uint64_t bytes = 0;
    auto got = Sha256OfFile(JoinPath(dir, f.path), &bytes);
    if (!got) {
      r.problems.push_back(f.path + ": unreadable: " + got.error().message());
      continue;
    }
    if (*got == f.sha256 && bytes == f.bytes) continue;
    auto other = listed_by_hash.find(*got);
    if (other != listed_by_hash.end()) {
      r.problems.push_back(f.path + ": swapped: it holds the content of " + other->second);
    } else {
      r.problems.push_back(f.path + ": changed (SHA-256 " + DigestHex(*got) + ", " + std::to_string(bytes) +
                           " bytes; the manifest says " + DigestHex(f.sha256) + ", " + std::to_string(f.bytes) +
                           " bytes)");
    }
  }
  for (const auto& extra : present) r.problems.push_back(extra + ": added (not in the manifest)");
}

void CheckCamera(const PackageManifest& m, const PackageCamera& c, PackageVerifyReport& r) {
  const std::string who = "camera " + c.camera_id + ": ";
  if (c.links.empty()) {
    r.problems.push_back(who + "the manifest carries no chain links");
    return;
  }
  for (auto& p : CheckChainRun(c.links, nullptr)) r.problems.push_back(p);
  std::map<int64_t, const ChainLink*> by_recording;
  for (const auto& l : c.links) by_recording[l.recording_id] = &l;
  for (int64_t id : c.source_recordings) {
    if (!by_recording.count(id)) r.problems.push_back(who + "source recording " + std::to_string(id) + " is not in the chain");
  }
  for (const auto& f : m.files) {
    if (f.role != "source" || f.camera_id != c.camera_id) continue;
    auto it = by_recording.find(f.recording_id);
    if (it != by_recording.end() && it->second->file_sha256 != f.sha256) {
      r.problems.push_back(f.path + ": is not the recording the chain sealed (recording " +
                           std::to_string(f.recording_id) + ")");
    }
  }
  const ChainCheckpoint& cp = c.checkpoint;
  const ChainLink& last = c.links.back();
  if (cp.seq != last.seq || cp.chain_hash != last.chain_hash || cp.recording_id != last.recording_id) {
    r.problems.push_back(who + "the checkpoint (link " + std::to_string(cp.seq) +
                         ") does not match the last chain link carried (link " + std::to_string(last.seq) + ")");
  }
  if (cp.public_key != m.node_public_key || !CheckpointSignatureValid(cp, m.node_public_key)) {
    r.problems.push_back(who + "the checkpoint's signature is not valid for node key " + KeyHex(m.node_public_key));
  }
}

std::string Summary(const PackageManifest& m) {
  std::string s = "package " + m.package_id + ", made " + FormatIso8601(m.created_wall_90k) + " by node " +
                  m.node_uuid + "\n  signed by node key " + KeyHex(m.node_public_key) + "\n  requester: " +
                  m.requester + "; purpose: " + m.purpose + "; destination: " + m.destination + "\n";
  for (const auto& c : m.cameras) {
    s += "  camera " + c.camera_id + ": " + FormatIso8601(c.start_wall_90k) + " to " + FormatIso8601(c.end_wall_90k) +
         " in " + c.video_path + ", cut from " + std::to_string(c.source_recordings.size()) +
         " sealed recording(s); chain links " + std::to_string(c.links.front().seq) + ".." +
         std::to_string(c.links.back().seq) + " up to the checkpoint signed " +
         FormatIso8601(c.checkpoint.signed_wall_90k) + "\n";
  }
  if (m.reencoding) {
    const PackageReencoding& r = *m.reencoding;
    s += "  video re-encoded to " + r.codec + " (not bit-exact copies of the recordings)";
    if (r.masked) s += ", masked for publication";
    if (r.watermark) {
      std::string text;
      for (const auto& line : r.watermark_text) text += (text.empty() ? "" : " / ") + line;
      s += ", with a visible watermark: export id " + r.export_id + ", text \"" + text + "\"";
    }
    s += "\n";
  } else {
    s += "  video samples copied bit-exact from the recordings\n";
  }
  s += "  " + std::to_string(m.files.size()) + " file(s), every SHA-256 as signed";
  return s;
}

}  // namespace

Result<PackageVerifyReport> VerifyPackage(const std::string& dir, const PackageVerifyOptions& o) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Err(NotFound(dir + " is not a package directory (a package is the folder `custos export --package` wrote)"));
  }
  PackageVerifyReport r;
  auto text = ReadFileBytes(JoinPath(dir, kManifestName));
  if (!text) {
    r.problems.push_back("manifest.json is missing or unreadable: " + text.error().message());
    return r;
  }
  const std::string manifest_text(text->begin(), text->end());
  auto m = ManifestFromJson(manifest_text);
  if (!m) {
    r.problems.push_back("manifest.json was changed: it no longer parses (" + m.error().message() + ")");
    return r;
  }
  CheckSignature(dir, manifest_text, *m, o, r);
  CheckFiles(dir, *m, r);
  for (const auto& c : m->cameras) CheckCamera(*m, c, r);
  if (m->reencoding && m->reencoding->watermark && (m->reencoding->export_id.empty() || m->reencoding->watermark_text.empty())) {
    r.problems.push_back("the manifest says the video carries a watermark but names no export id or text");
  }
  if (m->cameras.empty()) r.problems.push_back("the manifest lists no camera");
  if (r.valid()) r.summary = Summary(*m);
  return r;
}

}  // namespace custos
