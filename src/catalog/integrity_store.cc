// The integrity methods of SqliteCatalog: the per-camera chain of sealed recordings and
// its signed checkpoints (docs/design/integrity.md). Links are written once and never
// updated; nothing here deletes one.
#include <algorithm>
#include <string>

#include "catalog/catalog_sql.h"
#include "catalog/sqlite_catalog.h"

namespace custos {

namespace {

template <size_t N>
std::array<uint8_t, N> BlobArray(const SqliteStatement& s, int col) {
  Bytes b = s.ColumnBlob(col);
  std::array<uint8_t, N> out{};
  std::copy_n(b.begin(), std::min(N, b.size()), out.begin());
  return out;
}

ChainLink ReadLink(const SqliteStatement& s) {
  ChainLink l;
  l.camera_id = s.ColumnText(0);
  l.seq = s.ColumnInt64(1);
  l.recording_id = s.ColumnInt64(2);
  l.file_sha256 = BlobArray<kSha256Bytes>(s, 3);
  l.file_bytes = s.ColumnInt64(4);
  l.start_wall_90k = WallTime90k{s.ColumnInt64(5)};
  l.end_wall_90k = WallTime90k{s.ColumnInt64(6)};
  l.frames = s.ColumnInt64(7);
  l.prev_chain_hash = BlobArray<kSha256Bytes>(s, 8);
  l.chain_hash = BlobArray<kSha256Bytes>(s, 9);
  l.sealed_wall_90k = WallTime90k{s.ColumnInt64(10)};
  return l;
}

ChainCheckpoint ReadCheckpoint(const SqliteStatement& s) {
  ChainCheckpoint c;
  c.id = s.ColumnInt64(0);
  c.camera_id = s.ColumnText(1);
  c.seq = s.ColumnInt64(2);
  c.recording_id = s.ColumnInt64(3);
  c.chain_hash = BlobArray<kSha256Bytes>(s, 4);
  c.signed_wall_90k = WallTime90k{s.ColumnInt64(5)};
  c.public_key = BlobArray<kEd25519PublicKeyBytes>(s, 6);
  c.signature = BlobArray<kEd25519SignatureBytes>(s, 7);
  return c;
}

ByteSpan Span(const auto& a) { return ByteSpan(a.data(), a.size()); }

}  // namespace

Result<std::vector<ChainLink>> SqliteCatalog::QueryLinks(ScopedStatement stmt) {
  std::vector<ChainLink> links;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row) return Err(row.error());
    if (!*row) return links;
    links.push_back(ReadLink(*stmt));
  }
}

Result<std::vector<ChainCheckpoint>> SqliteCatalog::QueryCheckpoints(ScopedStatement stmt) {
  std::vector<ChainCheckpoint> out;
  for (;;) {
    Result<bool> row = stmt->Step();
    if (!row) return Err(row.error());
    if (!*row) return out;
    out.push_back(ReadCheckpoint(*stmt));
  }
}

Result<ChainLink> SqliteCatalog::SealRecording(int64_t recording_id, const Sha256Digest& file_sha256,
                                               int64_t file_bytes) {
  const std::string what = "sealing recording " + std::to_string(recording_id);
  Result<SqliteTransaction> tx = SqliteTransaction::Begin(*db_);
  if (!tx) return Err(tx.error().With(what));
  Result<Recording> r = GetRecording(recording_id);
  if (!r) return Err(r.error().With(what));
  if (r->state == RecordingState::kWriting) return Err(FailedPrecondition("it is still being written").With(what));
  auto existing = GetChainLink(recording_id);
  if (!existing) return Err(existing.error().With(what));
  if (existing->has_value()) return Err(AlreadyExists("it is already sealed").With(what));
  auto head = ChainHead(r->camera_id);
  if (!head) return Err(head.error().With(what));
  ChainLink l;
  l.camera_id = r->camera_id;
  l.seq = head->has_value() ? (*head)->seq + 1 : 1;
  l.recording_id = recording_id;
  l.file_sha256 = file_sha256;
  l.file_bytes = file_bytes;
  l.start_wall_90k = r->start_wall_90k;
  l.end_wall_90k = r->end_wall_90k.value_or(r->start_wall_90k);
  l.frames = r->frames;
  if (head->has_value()) l.prev_chain_hash = (*head)->chain_hash;
  l.chain_hash = ComputeChainHash(l);
  l.sealed_wall_90k = clock_.Now();
  Result<ScopedStatement> stmt = db_->Prepare(sql::kInsertLink);
  if (!stmt) return Err(stmt.error().With(what));
  SqliteStatement& s = **stmt;
  s.BindInt64(1, l.recording_id);
  s.BindText(2, l.camera_id);
  s.BindInt64(3, l.seq);
  s.BindBlob(4, Span(l.file_sha256));
  s.BindInt64(5, l.file_bytes);
  s.BindInt64(6, l.start_wall_90k.ticks_90k);
  s.BindInt64(7, l.end_wall_90k.ticks_90k);
  s.BindInt64(8, l.frames);
  s.BindBlob(9, Span(l.prev_chain_hash));
  s.BindBlob(10, Span(l.chain_hash));
  s.BindInt64(11, l.sealed_wall_90k.ticks_90k);
  if (Status st = s.Run(); !st.ok()) return Err(st.With(what));
  if (Status st = tx->Commit(); !st.ok()) return Err(st.With(what));
  return l;
}

Result<std::vector<Recording>> SqliteCatalog::ListUnsealedRecordings() {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectUnsealedRecordings);
  if (!stmt) return Err(stmt.error());
  return QueryRecordings(std::move(*stmt));
}

Result<std::vector<ChainLink>> SqliteCatalog::ListChainLinks(std::string_view camera_id, int64_t from_seq,
                                                             int64_t to_seq) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectLinksBySeq);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindText(1, camera_id);
  (*stmt)->BindInt64(2, from_seq);
  (*stmt)->BindInt64(3, to_seq);
  return QueryLinks(std::move(*stmt));
}

Result<std::optional<ChainLink>> SqliteCatalog::GetChainLink(int64_t recording_id) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectLinkOfRecording);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindInt64(1, recording_id);
  auto links = QueryLinks(std::move(*stmt));
  if (!links) return Err(links.error());
  if (links->empty()) return std::optional<ChainLink>();
  return std::optional<ChainLink>(std::move(links->front()));
}

Result<std::optional<ChainLink>> SqliteCatalog::ChainHead(std::string_view camera_id) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectChainHead);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindText(1, camera_id);
  auto links = QueryLinks(std::move(*stmt));
  if (!links) return Err(links.error());
  if (links->empty()) return std::optional<ChainLink>();
  return std::optional<ChainLink>(std::move(links->front()));
}

Result<std::vector<std::string>> SqliteCatalog::ListChainedCameras() {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectChainedCameras);
  if (!stmt) return Err(stmt.error());
  std::vector<std::string> out;
  for (;;) {
    Result<bool> row = (*stmt)->Step();
    if (!row) return Err(row.error());
    if (!*row) return out;
    out.push_back((*stmt)->ColumnText(0));
  }
}

Result<int64_t> SqliteCatalog::AddCheckpoint(const ChainCheckpoint& c) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kInsertCheckpoint);
  if (!stmt) return Err(stmt.error());
  SqliteStatement& s = **stmt;
  s.BindText(1, c.camera_id);
  s.BindInt64(2, c.seq);
  s.BindInt64(3, c.recording_id);
  s.BindBlob(4, Span(c.chain_hash));
  s.BindInt64(5, c.signed_wall_90k.ticks_90k);
  s.BindBlob(6, Span(c.public_key));
  s.BindBlob(7, Span(c.signature));
  if (Status st = s.Run(); !st.ok()) return Err(st.With("storing a checkpoint of camera " + c.camera_id));
  return db_->LastInsertRowId();
}

Result<std::vector<ChainCheckpoint>> SqliteCatalog::ListCheckpoints(std::string_view camera_id) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectCheckpoints);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindText(1, camera_id);
  return QueryCheckpoints(std::move(*stmt));
}

Result<std::optional<ChainCheckpoint>> SqliteCatalog::LatestCheckpoint(std::string_view camera_id) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectLatestCheckpoint);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindText(1, camera_id);
  auto all = QueryCheckpoints(std::move(*stmt));
  if (!all) return Err(all.error());
  if (all->empty()) return std::optional<ChainCheckpoint>();
  return std::optional<ChainCheckpoint>(std::move(all->front()));
}

}  // namespace custos
