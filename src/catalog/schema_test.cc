// Tests of schema creation, reopening and migration refusal.
#include "catalog/schema.h"

#include <fstream>

#include "catalog/catalog_test_util.h"

namespace custos::testing {
namespace {

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

// What version 3 added (Govern), to make an older database out of a new one.
constexpr char kDropVersion3[] =
    "DROP TABLE ops_record; DROP TABLE document; DROP TABLE filing; DROP TABLE camera_registry; "
    "DROP TABLE govern_setting;";

// "table: column type notnull default pk; ..." for every table, to compare schemas.
std::string Columns(SqliteDb& db) {
  std::string out;
  Result<ScopedStatement> tables =
      db.Prepare("SELECT name FROM sqlite_master WHERE type IN ('table', 'index', 'trigger') ORDER BY name");
  std::vector<std::string> names;
  while (tables && *(*tables)->Step()) names.push_back((*tables)->ColumnText(0));
  for (const std::string& t : names) {
    out += t + ":";
    Result<ScopedStatement> cols = db.Prepare("SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info('" + t + "')");
    while (cols && *(*cols)->Step()) {
      for (int i = 0; i < 5; ++i) out += " " + (*cols)->ColumnText(i);
      out += ";";
    }
    out += "\n";
  }
  return out;
}

TEST_F(SchemaTest, UpgradesAVersion2DatabaseToTheSameTablesAndKeepsCamerasRecording) {
  ASSERT_TRUE(catalog_->AddCamera(TestCamera("gate")).ok());
  catalog_.reset();
  std::string fresh;
  {
    std::unique_ptr<SqliteDb> raw = OpenRaw();
    fresh = Columns(*raw);
    ASSERT_TRUE(raw->Exec(kDropVersion3, "test").ok());
    ASSERT_TRUE(raw->Exec("UPDATE meta SET schema_version = 2", "test").ok());
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
    // Make it a version-1 database: no max_recording_span_90k yet.
    std::unique_ptr<SqliteDb> raw = OpenRaw();
    Status v1 = raw->Exec(
        "CREATE TABLE meta_v1 (id INTEGER PRIMARY KEY CHECK (id = 1), schema_version INTEGER NOT NULL, "
        "uuid TEXT NOT NULL CHECK (length(uuid) = 36), created_wall_90k INTEGER NOT NULL) STRICT;"
        "INSERT INTO meta_v1 SELECT id, schema_version, uuid, created_wall_90k FROM meta;"
        "DROP TABLE meta; ALTER TABLE meta_v1 RENAME TO meta;",
        "test");
    ASSERT_TRUE(v1.ok()) << v1.ToString();
    ASSERT_TRUE(raw->Exec(kDropVersion3, "test").ok());
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

}  // namespace
}  // namespace custos::testing
