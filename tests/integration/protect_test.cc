// End-to-end integrity (issue "Protect"): recordings of a real camera are sealed into a
// hash chain with signed checkpoints; `fsck --verify` finds tampering; a signed export
// package verifies offline, and each kind of alteration is named.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "catalog/sqlite_db.h"
#include "custos_fixture.h"

namespace custos::testing {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteAll(const std::string& path, const std::string& data) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << data;
}

void FlipBitAt(const std::string& path, size_t offset) {
  std::string d = ReadAll(path);
  ASSERT_GT(d.size(), offset);
  d[offset] = static_cast<char>(d[offset] ^ 0x04);
  WriteAll(path, d);
}

CommandResult Verify(const std::vector<std::string>& args) {
  std::vector<std::string> argv{CustosBinary(), "verify"};
  argv.insert(argv.end(), args.begin(), args.end());
  return ::custos::testing::Run(argv);
}

bool Has(const CommandResult& r, const std::string& text) { return r.out.find(text) != std::string::npos; }

class ProtectTest : public CustosTest {
 protected:
  // Records three finished recordings of camera `gate`, then stops the daemon (which signs
  // a checkpoint at each chain's head).
  void RecordAndStop() {
    cam_ = StartCamera({});
    ASSERT_TRUE(cam_);
    StartServe();
    ASSERT_EQ(Custos({"camera", "add", "--id", "gate", "--url", cam_->Url(), "--accepted-on", "2026-01-01"}).exit_code, 0);
    ASSERT_TRUE(WaitForFinished("gate", 3, seconds(40))) << ServeOutput();
    const int port = HttpPort();
    const ApiSession session = Login(port);
    const HttpResponse status = HttpRequest(port, "GET", "/api/v1/status", {{"Cookie", session.cookie}});
    StopServe();
    recs_ = FinishedRecordings("gate");
    ASSERT_GE(recs_.size(), 3u);
    auto key = Custos({"key", "show"});
    ASSERT_EQ(key.exit_code, 0) << key.out;
    key_ = key.out.substr(0, 64);
    // The same key is shown by the API's status.
    EXPECT_NE(status.body.find("\"node_public_key\":\"" + key_ + "\""), std::string::npos) << status.body;
  }
  // A package of a range across the first rotation, with the source files included.
  std::string Package(const std::string& name) {
    const std::string dir = work_.path() + "/" + name;
    const int64_t from = recs_[0].start_wall_90k.ticks_90k + SecondsTo90k(1.3);
    const int64_t to = recs_[1].start_wall_90k.ticks_90k + SecondsTo90k(1.1);
    auto ex = Custos({"export", "--camera", "gate", "--from", FormatIso8601(WallTime90k{from}), "--to",
                      FormatIso8601(WallTime90k{to}), "--package", dir, "--requester", "Officer Li (permit 4471)",
                      "--purpose", "case 2026-117", "--destination", "county court", "--approval", "approval A-17",
                      "--approval", "approval B-02", "--include-sources"});
    EXPECT_EQ(ex.exit_code, 0) << ex.out;
    return dir;
  }

  std::unique_ptr<Camera> cam_;
  std::vector<Recording> recs_;
  std::string key_;
  TempDir work_;
};

TEST_F(ProtectTest, FsckVerifyNamesChangedMissingAndEditedRecordings) {
  RecordAndStop();
  auto clean = Custos({"fsck", "--verify"});
  ASSERT_EQ(clean.exit_code, 0) << clean.out;
  EXPECT_TRUE(Has(clean, "0 integrity problems")) << clean.out;

  // A bit flipped in the middle of a recording's video data (the file still parses).
  FlipBitAt(PathOf(recs_[0]), static_cast<size_t>(recs_[0].bytes / 2));
  auto flipped = Custos({"fsck", "--verify"});
  EXPECT_EQ(flipped.exit_code, 1);
  EXPECT_TRUE(Has(flipped, "(recording " + std::to_string(recs_[0].id) + "): file ")) << flipped.out;
  EXPECT_TRUE(Has(flipped, "changed after sealing")) << flipped.out;

  // A recording file deleted.
  fs::remove(PathOf(recs_[1]));
  auto deleted = Custos({"fsck", "--verify"});
  EXPECT_EQ(deleted.exit_code, 1);
  EXPECT_TRUE(Has(deleted, "(recording " + std::to_string(recs_[1].id) + "): file")) << deleted.out;
  EXPECT_TRUE(Has(deleted, "is missing")) << deleted.out;

  // A hash row edited in the database, and a checkpoint signature forged.
  {
    auto raw = SqliteDb::Open(data_.path() + "/custos.db");
    ASSERT_TRUE(raw);
    const std::string id = std::to_string(recs_[2].id);
    ASSERT_TRUE((*raw)->Exec(("UPDATE chain_link SET file_sha256 = randomblob(32) WHERE recording_id = " + id).c_str(),
                             "tamper").ok());
    ASSERT_TRUE((*raw)->Exec("UPDATE chain_checkpoint SET signature = randomblob(64) WHERE id = "
                             "(SELECT max(id) FROM chain_checkpoint)", "tamper").ok());
  }
  auto edited = Custos({"fsck", "--verify"});
  EXPECT_EQ(edited.exit_code, 1);
  EXPECT_TRUE(Has(edited, "(recording " + std::to_string(recs_[2].id) + "): its chain hash does not match"))
      << edited.out;
  EXPECT_TRUE(Has(edited, "its signature is not valid")) << edited.out;
}

TEST_F(ProtectTest, SignedPackageVerifiesOfflineAndEachAlterationIsNamed) {
  RecordAndStop();
  const std::string pkg = Package("pkg");
  // The exported MP4 plays, like a plain export.
  EXPECT_EQ(FfmpegErrors(pkg + "/video/gate.mp4"), "");

  // Offline: no data folder at all (CUSTOS_DATA is not used by verify), and with a fresh,
  // unrelated data folder's key as the expected one.
  auto ok = Verify({pkg, "--public-key", key_});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_TRUE(Has(ok, "valid: package")) << ok.out;
  EXPECT_TRUE(Has(ok, "camera gate")) << ok.out;
  TempDir other;
  auto other_key = ::custos::testing::Run({CustosBinary(), "key", "show", "--data", other.path()});
  ASSERT_EQ(other_key.exit_code, 0) << other_key.out;
  auto wrong_key = Verify({pkg, "--public-key", other_key.out.substr(0, 64)});
  EXPECT_EQ(wrong_key.exit_code, 1);
  EXPECT_TRUE(Has(wrong_key, "signed by another key")) << wrong_key.out;

  auto copy = [&](const std::string& name) {
    const std::string dir = work_.path() + "/" + name;
    fs::copy(pkg, dir, fs::copy_options::recursive);
    return dir;
  };
  // A bit flipped in the exported MP4.
  const std::string flipped = copy("flipped");
  FlipBitAt(flipped + "/video/gate.mp4", fs::file_size(flipped + "/video/gate.mp4") / 2);
  auto r = Verify({flipped, "--public-key", key_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r, "video/gate.mp4: changed")) << r.out;

  // The manifest changed (the purpose rewritten).
  const std::string edited = copy("edited");
  std::string m = ReadAll(edited + "/manifest.json");
  m.replace(m.find("case 2026-117"), 13, "case 2026-999");
  WriteAll(edited + "/manifest.json", m);
  r = Verify({edited, "--public-key", key_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r, "manifest.json was changed after it was signed")) << r.out;

  // Two source files swapped.
  const std::string swapped = copy("swapped");
  const std::string a = swapped + "/sources/gate-" + std::to_string(recs_[0].id) + ".mp4";
  const std::string b = swapped + "/sources/gate-" + std::to_string(recs_[1].id) + ".mp4";
  const std::string da = ReadAll(a), db = ReadAll(b);
  WriteAll(a, db);
  WriteAll(b, da);
  r = Verify({swapped, "--public-key", key_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r, "swapped: it holds the content of")) << r.out;

  // A file removed and one added.
  const std::string changed = copy("changed");
  fs::remove(changed + "/video/gate.mp4");
  WriteAll(changed + "/video/other.mp4", "x");
  r = Verify({changed, "--public-key", key_});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_TRUE(Has(r, "video/gate.mp4: missing")) << r.out;
  EXPECT_TRUE(Has(r, "video/other.mp4: added")) << r.out;
}

// A package with a visible watermark: re-encoded, and the manifest says so, with the export
// id and text burnt in and the source recordings still proven by their chain.
TEST_F(ProtectTest, WatermarkedPackageVerifiesAndNamesItsExportId) {
  RecordAndStop();
  const std::string pkg = work_.path() + "/marked";
  const int64_t from = recs_[0].start_wall_90k.ticks_90k + SecondsTo90k(1.3);
  const int64_t to = recs_[1].start_wall_90k.ticks_90k + SecondsTo90k(1.1);
  auto ex = Custos({"export", "--camera", "gate", "--from", FormatIso8601(WallTime90k{from}), "--to",
                    FormatIso8601(WallTime90k{to}), "--package", pkg, "--requester", "Officer Li", "--watermark"});
  ASSERT_EQ(ex.exit_code, 0) << ex.out;
  const size_t at = ex.out.find("watermark with export id ");
  ASSERT_NE(at, std::string::npos) << ex.out;
  const std::string id = ex.out.substr(at + 25, 16);
  EXPECT_EQ(FfmpegErrors(pkg + "/video/gate.mp4"), "");
  EXPECT_FALSE(fs::exists(pkg + "/video/gate.mp4.original.tmp"));

  const std::string m = ReadAll(pkg + "/manifest.json");
  EXPECT_TRUE(m.find("\"video_samples\": \"re-encoded\"") != std::string::npos) << m;
  EXPECT_TRUE(m.find("\"export_id\": \"" + id + "\"") != std::string::npos) << m;
  EXPECT_TRUE(m.find("\"CUSTOS EXPORT " + id + "\"") != std::string::npos) << m;
  EXPECT_TRUE(m.find("\"FOR Officer Li\"") != std::string::npos) << m;
  EXPECT_TRUE(m.find("\"source_recordings\": [\n        " + std::to_string(recs_[0].id)) != std::string::npos) << m;

  auto ok = Verify({pkg, "--public-key", key_});
  EXPECT_EQ(ok.exit_code, 0) << ok.out;
  EXPECT_TRUE(Has(ok, "export id " + id)) << ok.out;
  EXPECT_TRUE(Has(ok, "re-encoded")) << ok.out;
  // The audit log records which id went to whom.
  auto audit = Custos({"audit", "list", "--camera", "gate"});
  EXPECT_TRUE(Has(audit, "watermarked export id " + id + " for Officer Li")) << audit.out;

  // One file, masked and watermarked: the id is printed and audited too.
  const std::string file = work_.path() + "/marked.mp4";
  auto one = Custos({"export", "--camera", "gate", "--from", FormatIso8601(WallTime90k{from}), "--to",
                     FormatIso8601(WallTime90k{to}), "-o", file, "--requester", "press office", "--watermark",
                     "--masked"});
  ASSERT_EQ(one.exit_code, 0) << one.out;
  EXPECT_TRUE(Has(one, "(masked, watermarked)")) << one.out;
  const size_t id_at = one.out.find("export id ");
  ASSERT_NE(id_at, std::string::npos) << one.out;
  const std::string file_id = one.out.substr(id_at + 10, 16);
  EXPECT_NE(file_id, id);
  EXPECT_EQ(FfmpegErrors(file), "");
  EXPECT_TRUE(Has(Custos({"audit", "list", "--camera", "gate"}), "watermarked export id " + file_id + " for press office"));

  // A watermark needs someone to name; a plain package stays a bit-exact copy.
  auto nobody = Custos({"export", "--camera", "gate", "--from", FormatIso8601(WallTime90k{from}), "--to",
                        FormatIso8601(WallTime90k{to}), "-o", work_.path() + "/x.mp4", "--watermark"});
  EXPECT_EQ(nobody.exit_code, 1);
  EXPECT_TRUE(Has(nobody, "give --requester NAME")) << nobody.out;
  const std::string plain = Package("plain");
  EXPECT_TRUE(ReadAll(plain + "/manifest.json").find("\"video_samples\": \"copied\"") != std::string::npos);
}

TEST_F(ProtectTest, APackageIsRefusedForARecordingThatChanged) {
  RecordAndStop();
  FlipBitAt(PathOf(recs_[0]), static_cast<size_t>(recs_[0].bytes / 2));
  const int64_t from = recs_[0].start_wall_90k.ticks_90k;
  const int64_t to = recs_[0].start_wall_90k.ticks_90k + SecondsTo90k(2);
  auto ex = Custos({"export", "--camera", "gate", "--from", FormatIso8601(WallTime90k{from}), "--to",
                    FormatIso8601(WallTime90k{to}), "--package", work_.path() + "/refused"});
  EXPECT_EQ(ex.exit_code, 1);
  EXPECT_TRUE(Has(ex, "changed since it was sealed")) << ex.out;
  EXPECT_FALSE(fs::exists(work_.path() + "/refused"));
}

}  // namespace
}  // namespace custos::testing
