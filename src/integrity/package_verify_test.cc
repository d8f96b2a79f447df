#include "integrity/package_verify.h"
#include "integrity/package_archive.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace custos {
namespace {

namespace fs = std::filesystem;

NodeKey KeyFromByte(uint8_t b) {
  std::array<uint8_t, 32> seed{};
  seed.fill(b);
  return NodeKey::FromSeed(seed);
}

void WriteText(const std::string& path, const std::string& text) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Mentions(const PackageVerifyReport& r, const std::string& what) {
  for (const auto& p : r.problems) {
    if (p.find(what) != std::string::npos) return true;
  }
  return false;
}

std::string Problems(const PackageVerifyReport& r) {
  std::string s;
  for (const auto& p : r.problems) s += p + "\n";
  return s;
}

// A package as `custos export --package --include-sources` would write it: one camera,
// two source recordings sealed in links 5 and 6, a checkpoint at link 7.
class PackageVerifyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/custos-pkg-XXXXXX";
    dir_ = mkdtemp(tmpl);
    WriteText(dir_ + "/video/gate.mp4", std::string(5000, 'v'));
    WriteText(dir_ + "/sources/gate-105.mp4", std::string(3000, 'a'));
    WriteText(dir_ + "/sources/gate-106.mp4", std::string(3000, 'b'));
    PackageManifest m;
    m.package_id = "3f1c2b8e-0000-4000-8000-000000000001";
    m.node_uuid = "9a1c2b8e-0000-4000-8000-000000000002";
    m.node_public_key = key_.public_key();
    m.created_wall_90k = WallTime90k{1000};
    m.requester = "officer 12";
    m.purpose = "case 2026-17";
    m.destination = "court";
    m.approvals = {"approver A", "approver B"};
    PackageCamera c;
    c.camera_id = "gate";
    c.video_path = "video/gate.mp4";
    c.source_recordings = {105, 106};
    Sha256Digest prev = Sha256Of("link 4");
    for (int seq = 5; seq <= 7; ++seq) {
      ChainLink l;
      l.camera_id = "gate";
      l.seq = seq;
      l.recording_id = 100 + seq;
      l.file_sha256 = seq == 5 ? Sha256Of(std::string(3000, 'a')) : seq == 6 ? Sha256Of(std::string(3000, 'b'))
                                                                               : Sha256Of("later");
      l.file_bytes = 3000;
      l.prev_chain_hash = prev;
      l.chain_hash = ComputeChainHash(l);
      prev = l.chain_hash;
      c.links.push_back(l);
    }
    c.checkpoint.camera_id = "gate";
    c.checkpoint.seq = 7;
    c.checkpoint.recording_id = 107;
    c.checkpoint.chain_hash = prev;
    SignCheckpoint(key_, c.checkpoint);
    m.cameras.push_back(c);
    m.files.push_back(*DescribePackageFile(dir_, "video/gate.mp4", "video", "gate"));
    m.files.push_back(*DescribePackageFile(dir_, "sources/gate-105.mp4", "source", "gate", 105));
    m.files.push_back(*DescribePackageFile(dir_, "sources/gate-106.mp4", "source", "gate", 106));
    manifest_ = m;
    ASSERT_TRUE(WriteSignedManifest(dir_, m, key_).ok());
  }
  void TearDown() override { fs::remove_all(dir_); }

  PackageVerifyReport Verify(std::optional<PublicKey> key = std::nullopt) {
    auto r = VerifyPackage(dir_, PackageVerifyOptions{key});
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : PackageVerifyReport{};
  }

  NodeKey key_ = KeyFromByte(1);
  std::string dir_;
  PackageManifest manifest_;
};

TEST_F(PackageVerifyTest, UntouchedPackageIsValid) {
  auto r = Verify(key_.public_key());
  EXPECT_TRUE(r.valid()) << Problems(r);
  EXPECT_NE(r.summary.find("camera gate"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("links 5..7"), std::string::npos) << r.summary;
  EXPECT_TRUE(Verify().valid());
}

TEST_F(PackageVerifyTest, ReencodedWatermarkedPackageIsValidAndSaysSo) {
  EXPECT_NE(ReadText(dir_ + "/manifest.json").find("\"video_samples\": \"copied\""), std::string::npos);
  PackageManifest m = manifest_;
  m.reencoding = PackageReencoding{.codec = "h264", .masked = false, .watermark = true, .export_id = "00112233aabbccdd",
                                   .watermark_text = {"CUSTOS EXPORT 00112233aabbccdd", "FOR officer 12"}};
  ASSERT_TRUE(WriteSignedManifest(dir_, m, key_).ok());
  const std::string text = ReadText(dir_ + "/manifest.json");
  EXPECT_NE(text.find("\"video_samples\": \"re-encoded\""), std::string::npos) << text;
  auto parsed = ManifestFromJson(text);
  ASSERT_TRUE(parsed) << parsed.error().ToString();
  ASSERT_TRUE(parsed->reencoding);
  EXPECT_EQ(parsed->reencoding->export_id, "00112233aabbccdd");
  EXPECT_EQ(parsed->reencoding->watermark_text, m.reencoding->watermark_text);
  EXPECT_EQ(parsed->cameras[0].source_recordings, (std::vector<int64_t>{105, 106}));
  auto r = Verify(key_.public_key());
  EXPECT_TRUE(r.valid()) << Problems(r);
  EXPECT_NE(r.summary.find("video re-encoded to h264"), std::string::npos) << r.summary;
  EXPECT_NE(r.summary.find("export id 00112233aabbccdd"), std::string::npos) << r.summary;
  // Claiming a watermark without naming it is a problem, even when signed.
  m.reencoding->export_id.clear();
  ASSERT_TRUE(WriteSignedManifest(dir_, m, key_).ok());
  EXPECT_TRUE(Mentions(Verify(key_.public_key()), "names no export id")) << Problems(Verify());
  // A manifest from before re-encoding existed (no video_samples) still reads as copied.
  std::string old = ManifestToJson(manifest_);
  const std::string field = "\"video_samples\": \"copied\",";
  ASSERT_NE(old.find(field), std::string::npos);
  old.erase(old.find(field), field.size());
  auto before = ManifestFromJson(old);
  ASSERT_TRUE(before) << before.error().ToString();
  EXPECT_FALSE(before->reencoding);
}

TEST_F(PackageVerifyTest, BitFlipInTheVideoIsNamed) {
  std::string v = ReadText(dir_ + "/video/gate.mp4");
  v[1234] ^= 0x10;
  WriteText(dir_ + "/video/gate.mp4", v);
  auto r = Verify(key_.public_key());
  EXPECT_FALSE(r.valid());
  EXPECT_TRUE(Mentions(r, "video/gate.mp4: changed")) << Problems(r);
  EXPECT_EQ(r.problems.size(), 1u) << Problems(r);
}

TEST_F(PackageVerifyTest, ChangedManifestIsNamed) {
  std::string m = ReadText(dir_ + "/manifest.json");
  m.replace(m.find("court"), 5, "press");
  WriteText(dir_ + "/manifest.json", m);
  auto r = Verify(key_.public_key());
  EXPECT_TRUE(Mentions(r, "manifest.json was changed after it was signed")) << Problems(r);
  WriteText(dir_ + "/manifest.json", "{ not json");
  EXPECT_TRUE(Mentions(Verify(), "manifest.json was changed: it no longer parses"));
}

TEST_F(PackageVerifyTest, SwappedFilesAreNamed) {
  const std::string a = ReadText(dir_ + "/sources/gate-105.mp4");
  const std::string b = ReadText(dir_ + "/sources/gate-106.mp4");
  WriteText(dir_ + "/sources/gate-105.mp4", b);
  WriteText(dir_ + "/sources/gate-106.mp4", a);
  auto r = Verify(key_.public_key());
  EXPECT_TRUE(Mentions(r, "sources/gate-105.mp4: swapped: it holds the content of sources/gate-106.mp4")) << Problems(r);
  EXPECT_TRUE(Mentions(r, "sources/gate-106.mp4: swapped")) << Problems(r);
}

TEST_F(PackageVerifyTest, AnotherKeyIsNamed) {
  // Expected key differs from the signer's.
  auto r = Verify(KeyFromByte(2).public_key());
  EXPECT_TRUE(Mentions(r, "signed by another key")) << Problems(r);
  // A forger re-signs the manifest with their own key but keeps the node's key in it.
  const NodeKey forger = KeyFromByte(3);
  const Signature sig = forger.Sign(ReadText(dir_ + "/manifest.json"));
  WriteText(dir_ + "/manifest.sig", ToHex(sig.data(), sig.size()) + "\n");
  r = Verify(key_.public_key());
  EXPECT_TRUE(Mentions(r, "or manifest.sig was made by another key")) << Problems(r);
}

TEST_F(PackageVerifyTest, ForgedManifestWithItsOwnKeyFailsTheExpectedKeyAndTheCheckpoint) {
  const NodeKey forger = KeyFromByte(3);
  PackageManifest m = manifest_;
  m.node_public_key = forger.public_key();
  m.purpose = "something else";
  ASSERT_TRUE(WriteSignedManifest(dir_, m, forger).ok());
  auto r = Verify(key_.public_key());
  EXPECT_TRUE(Mentions(r, "signed by another key")) << Problems(r);
  EXPECT_TRUE(Mentions(r, "checkpoint's signature is not valid")) << Problems(r);
}

TEST_F(PackageVerifyTest, MissingAndAddedFilesAreNamed) {
  fs::remove(dir_ + "/sources/gate-106.mp4");
  WriteText(dir_ + "/video/extra.mp4", "x");
  auto r = Verify(key_.public_key());
  EXPECT_TRUE(Mentions(r, "sources/gate-106.mp4: missing")) << Problems(r);
  EXPECT_TRUE(Mentions(r, "video/extra.mp4: added")) << Problems(r);
  fs::remove(dir_ + "/manifest.sig");
  EXPECT_TRUE(Mentions(Verify(), "manifest.sig is missing"));
}

TEST_F(PackageVerifyTest, NotADirectoryIsAnError) {
  EXPECT_FALSE(VerifyPackage(dir_ + "/nowhere", {}));
}

// ---- the package as one file (package_archive.h) ----

std::string RunCommand(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return out;
  char buf[512];
  while (fgets(buf, sizeof buf, p) != nullptr) out += buf;
  pclose(p);
  return out;
}

// A one-entry ustar archive naming `name`, as a hostile sender could write it.
std::string HandMadeTar(const std::string& name, char type) {
  std::string h(512, '\0');
  auto put = [&h](size_t at, const std::string& text) { h.replace(at, text.size(), text); };  // same length
  put(0, name);
  put(100, "0000644");
  put(108, "0000000");
  put(116, "0000000");
  put(124, "00000000004");
  put(136, "00000000000");
  h[156] = type;
  put(257, "ustar");
  put(263, "00");
  put(148, "        ");
  unsigned sum = 0;
  for (unsigned char c : h) sum += c;
  char text[8];
  std::snprintf(text, sizeof text, "%06o", sum);
  put(148, std::string(text, 6) + '\0');
  return h + std::string("evil") + std::string(508, '\0') + std::string(1024, '\0');
}

TEST_F(PackageVerifyTest, ArchiveOfAPackageVerifiesAndGnuTarReadsIt) {
  const std::string tar = dir_ + ".tar";
  ASSERT_TRUE(WritePackageArchive(dir_, tar).ok());
  auto r = VerifyPackageArchive(tar, PackageVerifyOptions{key_.public_key()});
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_TRUE(r->valid()) << Problems(*r);
  const std::string listed = RunCommand("tar -tf " + tar);
  EXPECT_NE(listed.find("manifest.json"), std::string::npos) << listed;
  EXPECT_NE(listed.find("video/gate.mp4"), std::string::npos) << listed;
  EXPECT_EQ(WritePackageArchive(dir_, tar).code(), StatusCode::kAlreadyExists);
  // A bit flipped inside the archived video is named after unpacking.
  std::string bytes = ReadText(tar);
  const size_t at = bytes.find(std::string(5000, 'v'));
  ASSERT_NE(at, std::string::npos);
  bytes[at + 100] ^= 0x01;
  WriteText(tar, bytes);
  r = VerifyPackageArchive(tar, PackageVerifyOptions{key_.public_key()});
  ASSERT_TRUE(r);
  EXPECT_TRUE(Mentions(*r, "video/gate.mp4")) << Problems(*r);
  fs::remove(tar);
}

TEST_F(PackageVerifyTest, ArchiveCutShortOrUnsafeIsRefused) {
  const std::string tar = dir_ + ".tar";
  ASSERT_TRUE(WritePackageArchive(dir_, tar).ok());
  fs::resize_file(tar, fs::file_size(tar) - 3000);
  auto r = VerifyPackageArchive(tar, {});
  ASSERT_TRUE(r);
  EXPECT_TRUE(Mentions(*r, "cut short")) << Problems(*r);
  for (const char* name : {"../evil", "/etc/evil", "a/../../evil"}) {
    WriteText(tar, HandMadeTar(name, '0'));
    r = VerifyPackageArchive(tar, {});
    ASSERT_TRUE(r);
    EXPECT_TRUE(Mentions(*r, "unsafe name")) << name << ": " << Problems(*r);
  }
  WriteText(tar, HandMadeTar("link", '2'));
  r = VerifyPackageArchive(tar, {});
  ASSERT_TRUE(r);
  EXPECT_TRUE(Mentions(*r, "not a regular file")) << Problems(*r);
  std::string garbage = HandMadeTar("video/x.mp4", '0');
  garbage[5] ^= 1;  // checksum no longer matches
  WriteText(tar, garbage);
  r = VerifyPackageArchive(tar, {});
  ASSERT_TRUE(r);
  EXPECT_TRUE(Mentions(*r, "checksum")) << Problems(*r);
  fs::remove(tar);
}

}  // namespace
}  // namespace custos
