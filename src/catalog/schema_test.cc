// Tests of schema creation, reopening and migration refusal.
#include "catalog/schema.h"

#include <fstream>

#include "catalog/catalog_test_util.h"

namespace custos::testing {
namespace {

// What version 7 added (Govern: registry, filings, documents, records) and version 8 (lawful
// deletions), to make a version-6 database out of a new one.
constexpr char kDropTablesAfterV6[] =
    "DROP TABLE ops_record; DROP TABLE document; DROP TABLE filing; DROP TABLE camera_registry; "
    "DROP TABLE govern_setting; DROP TABLE chain_link_deletion;";

// Every table added after version 2 (3: integrity, 4: retention, 5: access, 6: privacy,
// 7: govern, 8: lawful deletions), to make an older database. Keep it in step with the
// upgrade steps in schema.cc.
constexpr char kDropTablesAfterV2[] =
    "DROP TABLE chain_link; DROP TABLE chain_checkpoint; "
    "DROP TABLE retention_hold; DROP TABLE camera_retention; DROP TABLE recording_garbage; "
    "DROP TABLE retrieval_request; DROP TABLE camera_assignment; DROP TABLE camera_group_member; "
    "DROP TABLE camera_group; DROP TABLE user_role; DROP TABLE app_user; DROP TABLE camera_privacy_zones; "
    "DROP TABLE ops_record; DROP TABLE document; DROP TABLE filing; DROP TABLE camera_registry; "
    "DROP TABLE govern_setting; DROP TABLE chain_link_deletion;";


using SchemaTest = CatalogTest;

TEST_F(SchemaTest, CreatesSchemaWithMeta) {
  Result<CatalogMeta> meta = catalog_->Meta();
  ASSERT_TRUE(meta) << meta.error().ToString();
  EXPECT_EQ(meta->schema_version, kSchemaVersion);
  EXPECT_EQ(meta->created_wall_90k.ticks_90k, kT0);
  ASSERT_EQ(meta->uuid.size(), 36u);
  EXPECT_EQ(meta->uuid[14], '4');  // version 4
  EXPECT_EQ(meta->uuid[8], '-');
}

TEST_F(SchemaTest, UsesWalMode) {
  std::unique_ptr<SqliteDb> raw = OpenRaw();
  ASSERT_TRUE(raw);
  Result<std::string> mode = raw->QueryText("PRAGMA journal_mode");
  ASSERT_TRUE(mode);
  EXPECT_EQ(*mode, "wal");
}

TEST_F(SchemaTest, ReopenKeepsDataAndIdentity) {
  ASSERT_TRUE(catalog_->AddCamera(TestCamera("gate")).ok());
  const std::string uuid = catalog_->Meta()->uuid;
  catalog_.reset();
  clock_.Advance(kSecond);
  catalog_ = OpenCatalog();
  ASSERT_TRUE(catalog_);
  EXPECT_EQ(catalog_->Meta()->uuid, uuid);
  EXPECT_EQ(catalog_->Meta()->created_wall_90k.ticks_90k, kT0);
  EXPECT_TRUE(catalog_->GetCamera("gate"));
}

TEST_F(SchemaTest, RefusesNewerSchemaWithoutTouchingIt) {
  catalog_.reset();
  {
    std::unique_ptr<SqliteDb> raw = OpenRaw();
    ASSERT_TRUE(raw->Exec("UPDATE meta SET schema_version = 99", "test").ok());
  }
  Result<std::unique_ptr<Catalog>> c = Catalog::Open(path_, clock_);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(c.error().message().find("schema version 99 is newer"), std::string::npos) << c.error().message();
  std::unique_ptr<SqliteDb> raw = OpenRaw();
  EXPECT_EQ(*ReadSchemaVersion(*raw), 99);
}

// The columns of every table, "table.column type notnull default pk" per line.
std::string Columns(SqliteDb& db) {
  std::string out;
  Result<std::string> tables = db.QueryText(
      "SELECT group_concat(name, ',') FROM (SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name)");
  EXPECT_TRUE(tables);
  std::string list = tables.value_or("");
  for (size_t start = 0; start <= list.size();) {
    size_t comma = list.find(',', start);
    if (comma == std::string::npos) comma = list.size();
    const std::string t = list.substr(start, comma - start);
    Result<std::string> cols = db.QueryText(
        "SELECT group_concat(name || ' ' || type || ' ' || \"notnull\" || ' ' || ifnull(dflt_value, '-') || ' ' || pk, "
        "'; ') FROM pragma_table_info('" + t + "')");
    out += t + ": " + cols.value_or("?") + "\n";
    start = comma + 1;
  }
  return out;
}

TEST_F(SchemaTest, UpgradesAVersion6DatabaseToTheSameTablesAndKeepsCamerasRecording) {
  ASSERT_TRUE(catalog_->AddCamera(TestCamera("gate")).ok());
  catalog_.reset();
  std::string fresh;
  {
    std::unique_ptr<SqliteDb> raw = OpenRaw();
    fresh = Columns(*raw);
    ASSERT_TRUE(raw->Exec(kDropTablesAfterV6, "test").ok());
    ASSERT_TRUE(raw->Exec("UPDATE meta SET schema_version = 6", "test").ok());
  }
  catalog_ = OpenCatalog();
  ASSERT_NE(catalog_, nullptr);
  std::unique_ptr<SqliteDb> raw = OpenRaw();
  EXPECT_EQ(*ReadSchemaVersion(*raw), kSchemaVersion);
  EXPECT_EQ(Columns(*raw), fresh);
  Result<Camera> gate = catalog_->GetCamera("gate");
  ASSERT_TRUE(gate);
  ASSERT_TRUE(gate->registry);
  EXPECT_EQ(gate->registry->lifecycle, Lifecycle::kInUse);
  EXPECT_EQ(gate->registry->accepted_on, "");
  EXPECT_EQ(gate->registry->lifecycle_since, "2026-11-23");
  EXPECT_TRUE(IsRecorded(*gate));
}

TEST_F(SchemaTest, UpgradesAVersion1DatabaseKeepingItsRecordings) {
  InsertFinished("gate", kT0, kT0 + 90 * kSecond);
  catalog_.reset();
  {
    // Make it a version-1 database: no max_recording_span_90k yet, no tables of version 3+.
    std::unique_ptr<SqliteDb> raw = OpenRaw();
    ASSERT_TRUE(raw->Exec(kDropTablesAfterV2, "test").ok());
    Status v1 = raw->Exec(
        "CREATE TABLE meta_v1 (id INTEGER PRIMARY KEY CHECK (id = 1), schema_version INTEGER NOT NULL, "
        "uuid TEXT NOT NULL CHECK (length(uuid) = 36), created_wall_90k INTEGER NOT NULL) STRICT;"
        "INSERT INTO meta_v1 SELECT id, schema_version, uuid, created_wall_90k FROM meta;"
        "DROP TABLE meta; ALTER TABLE meta_v1 RENAME TO meta;",
        "test");
    ASSERT_TRUE(v1.ok()) << v1.ToString();
    ASSERT_TRUE(raw->Exec("UPDATE meta SET schema_version = 1", "test").ok());
  }
  Result<std::unique_ptr<Catalog>> c = Catalog::Open(path_, clock_);
  ASSERT_TRUE(c) << c.error().ToString();
  std::unique_ptr<SqliteDb> raw = OpenRaw();
  EXPECT_EQ(*ReadSchemaVersion(*raw), kSchemaVersion);
  EXPECT_EQ(raw->QueryInt64("SELECT max_recording_span_90k FROM meta").value_or(-1), 90 * kSecond);
  auto r = (*c)->ListRecordings("gate", WallTime90k{kT0}, WallTime90k{kT0 + kSecond});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->size(), 1u);
}

TEST_F(SchemaTest, UpgradesAVersion2DatabaseWithAnEmptyChain) {
  InsertFinished("gate", kT0, kT0 + 90 * kSecond);
  catalog_.reset();
  {
    std::unique_ptr<SqliteDb> raw = OpenRaw();
    ASSERT_TRUE(raw->Exec(kDropTablesAfterV2, "test").ok());
    ASSERT_TRUE(raw->Exec("UPDATE meta SET schema_version = 2", "test").ok());
  }
  Result<std::unique_ptr<Catalog>> c = Catalog::Open(path_, clock_);
  ASSERT_TRUE(c) << c.error().ToString();
  std::unique_ptr<SqliteDb> raw = OpenRaw();
  EXPECT_EQ(*ReadSchemaVersion(*raw), kSchemaVersion);
  EXPECT_EQ(raw->QueryInt64("SELECT count(*) FROM chain_link").value_or(-1), 0);
  EXPECT_EQ(raw->QueryInt64("SELECT count(*) FROM chain_checkpoint").value_or(-1), 0);
  // The recording finished before the upgrade is listed as unsealed (the daemon seals it).
  auto unsealed = (*c)->ListUnsealedRecordings();
  ASSERT_TRUE(unsealed) << unsealed.error().ToString();
  EXPECT_EQ(unsealed->size(), 1u);
}

TEST_F(SchemaTest, UpgradeFromVersion2GivesTheSameTablesAsANewCatalog) {
  catalog_.reset();
  std::string fresh;
  {
    std::unique_ptr<SqliteDb> raw = OpenRaw();
    fresh = Columns(*raw);
    ASSERT_TRUE(raw->Exec(kDropTablesAfterV2, "test").ok());
    ASSERT_TRUE(raw->Exec("UPDATE meta SET schema_version = 2", "test").ok());
  }
  Result<std::unique_ptr<Catalog>> c = Catalog::Open(path_, clock_);
  ASSERT_TRUE(c) << c.error().ToString();
  std::unique_ptr<SqliteDb> raw = OpenRaw();
  EXPECT_EQ(*ReadSchemaVersion(*raw), kSchemaVersion);
  EXPECT_NE(fresh.find("retrieval_request: "), std::string::npos);
  EXPECT_EQ(Columns(*raw), fresh);
}

TEST_F(SchemaTest, RefusesAForeignDatabase) {
  const std::string other = dir_.File("other.db");
  {
    Result<std::unique_ptr<SqliteDb>> raw = SqliteDb::Open(other);
    ASSERT_TRUE(raw);
    ASSERT_TRUE((*raw)->Exec("CREATE TABLE photos (id INTEGER)", "test").ok());
  }
  Result<std::unique_ptr<Catalog>> c = Catalog::Open(other, clock_);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code(), StatusCode::kFailedPrecondition);
}

TEST_F(SchemaTest, GarbageFileIsDataLoss) {
  const std::string garbage = dir_.File("garbage.db");
  std::ofstream(garbage) << std::string(4096, 'x');
  Result<std::unique_ptr<Catalog>> c = Catalog::Open(garbage, clock_);
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().code(), StatusCode::kDataLoss) << c.error().ToString();
}

TEST_F(SchemaTest, MissingDirectoryIsAnError) {
  Result<std::unique_ptr<Catalog>> c = Catalog::Open(dir_.File("no/such/dir/catalog.db"), clock_);
  ASSERT_FALSE(c);
  EXPECT_NE(c.error().code(), StatusCode::kOk);
  EXPECT_NE(c.error().message().find("no/such/dir"), std::string::npos);
}

TEST_F(SchemaTest, UpgradesAVersion2DatabaseWithPrivacyZones) {
  catalog_.reset();
  {
    std::unique_ptr<SqliteDb> raw = OpenRaw();
    ASSERT_TRUE(raw->Exec((std::string(kDropTablesAfterV2) + "UPDATE meta SET schema_version = 2").c_str(), "test").ok());
  }
  Result<std::unique_ptr<Catalog>> c = Catalog::Open(path_, clock_);
  ASSERT_TRUE(c) << c.error().ToString();
  std::unique_ptr<SqliteDb> raw = OpenRaw();
  EXPECT_EQ(*ReadSchemaVersion(*raw), kSchemaVersion);
  EXPECT_EQ(raw->QueryInt64("SELECT count(*) FROM camera_privacy_zones").value_or(-1), 0);
}

}  // namespace
}  // namespace custos::testing
