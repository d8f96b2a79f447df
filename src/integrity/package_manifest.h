// package_manifest.h: the manifest of a signed export package, and its JSON form.
//
// A package is a directory: manifest.json, manifest.sig (the node's Ed25519 signature of
// manifest.json's exact bytes, as 128 hex digits and a newline), and the files the
// manifest lists (video/*.mp4, and sources/*.mp4 when the source recordings are included).
// docs/design/integrity.md describes every field. Thread-safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "integrity/chain.h"

namespace custos {

inline constexpr char kManifestName[] = "manifest.json";
inline constexpr char kSignatureName[] = "manifest.sig";

struct PackageFile {
  std::string path;  // relative to the package directory, '/'-separated
  std::string role;  // "video" (an exported MP4) or "source" (a copy of a recording file)
  std::string camera_id;
  int64_t recording_id = 0;  // role "source": which recording it is a copy of
  Sha256Digest sha256{};
  uint64_t bytes = 0;
};

struct PackageCamera {
  std::string camera_id;
  WallTime90k from_wall_90k, to_wall_90k;      // the range asked for
  WallTime90k start_wall_90k, end_wall_90k;    // what the video holds (starts at a key frame)
  std::string video_path;                      // its PackageFile path
  std::vector<int64_t> source_recordings;      // the recordings the video was cut from
  // The camera's chain from the first source recording's link up to the checkpoint's link.
  std::vector<ChainLink> links;
  ChainCheckpoint checkpoint;
};

// How the package's videos were made when they are NOT bit-exact copies of the recordings:
// decoded and re-encoded (a visible watermark, masking for publication). The source
// recordings, their chain and checkpoint still prove which originals the video was cut
// from; the video's own hash only proves it is the file the node wrote.
struct PackageReencoding {
  std::string codec = "h264";    // of the re-encoded videos (libx264)
  bool masked = false;           // privacy zones filled, faces and plates blurred (R409)
  bool watermark = false;        // text burnt into the picture
  std::string export_id;         // watermark: the random id burnt in (16 hex digits)
  std::vector<std::string> watermark_text;  // watermark: the lines burnt in, top to bottom
};

struct PackageManifest {
  int format = 1;
  std::string package_id;  // a random UUID
  std::string node_uuid;   // the installation that made it (catalog meta uuid)
  PublicKey node_public_key{};
  WallTime90k created_wall_90k;
  std::string requester, purpose, destination;
  std::vector<std::string> approvals;
  std::vector<PackageCamera> cameras;
  std::vector<PackageFile> files;
  // Absent: every video's samples are bit-exact copies of the recordings ("video_samples":
  // "copied"). Present: "video_samples": "re-encoded" and "reencoding" says how.
  std::optional<PackageReencoding> reencoding;
};

std::string ManifestToJson(const PackageManifest& m);
// InvalidArgument naming the first missing or malformed field.
Result<PackageManifest> ManifestFromJson(std::string_view json);

// Hashes the file DIR/path (written before) into its manifest entry.
Result<PackageFile> DescribePackageFile(const std::string& dir, const std::string& path, const std::string& role,
                                        const std::string& camera_id, int64_t recording_id = 0);
// Writes DIR/manifest.json and DIR/manifest.sig (`key`'s signature of its exact bytes),
// each atomically; the manifest's node_public_key must be `key`'s.
Status WriteSignedManifest(const std::string& dir, const PackageManifest& m, const NodeKey& key);

}  // namespace custos
