// The video parameter methods of SqliteCatalog: deduplicated sample entries.
#include <openssl/evp.h>

#include <string>

#include "catalog/catalog_sql.h"
#include "catalog/sqlite_catalog.h"

namespace custos {

namespace {

// SHA-256 over an unambiguous serialization of the fields stored: the dedup key.
Result<Bytes> ParamsDigest(const VideoParams& p) {
  Bytes input;
  ByteWriter w(input);
  w.Append(VideoCodecName(p.codec));
  w.U8(0);
  w.U16(p.width);
  w.U16(p.height);
  w.Append(p.rfc6381_codec);
  w.U8(0);
  w.Append(p.decoder_config);
  Bytes digest(EVP_MAX_MD_SIZE);
  unsigned int length = 0;
  if (EVP_Digest(input.data(), input.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    return Err(Internal("SHA-256 failed"));
  }
  digest.resize(length);
  return digest;
}

Result<int64_t> FindByDigest(SqliteDb& db, const Bytes& digest) {
  Result<ScopedStatement> stmt = db.Prepare(sql::kSelectVideoParamsId);
  if (!stmt) return Err(stmt.error());
  (*stmt)->BindBlob(1, digest);
  Result<bool> row = (*stmt)->Step();
  if (!row) return Err(row.error());
  if (!*row) return Err(Internal("video params vanished after insert"));
  return (*stmt)->ColumnInt64(0);
}

}  // namespace

Result<int64_t> SqliteCatalog::UpsertVideoParams(const VideoParams& params) {
  if (params.decoder_config.empty() || params.rfc6381_codec.empty()) {
    return Err(InvalidArgument("video params need a decoder config and an RFC 6381 codec string"));
  }
  Result<Bytes> digest = ParamsDigest(params);
  if (!digest) return Err(digest.error());
  {
    Result<ScopedStatement> stmt = db_->Prepare(sql::kInsertVideoParams);
    if (!stmt) return Err(stmt.error());
    SqliteStatement& s = **stmt;
    s.BindText(1, VideoCodecName(params.codec));
    s.BindInt64(2, params.width);
    s.BindInt64(3, params.height);
    s.BindText(4, params.rfc6381_codec);
    s.BindBlob(5, params.decoder_config);
    s.BindBlob(6, *digest);
    if (Status st = s.Run(); !st.ok()) return Err(st.With("storing video params"));
  }
  // Rows are never deleted, so the row exists whether this call inserted it or not.
  return FindByDigest(*db_, *digest);
}

Result<StoredVideoParams> SqliteCatalog::GetVideoParams(int64_t id) {
  Result<ScopedStatement> stmt = db_->Prepare(sql::kSelectVideoParams);
  if (!stmt) return Err(stmt.error());
  SqliteStatement& s = **stmt;
  s.BindInt64(1, id);
  Result<bool> row = s.Step();
  if (!row) return Err(row.error());
  if (!*row) return Err(NotFound("no video params " + std::to_string(id)));
  StoredVideoParams p;
  p.id = id;
  const std::string codec = s.ColumnText(0);
  if (codec == VideoCodecName(VideoCodec::kH264)) {
    p.codec = VideoCodec::kH264;
  } else if (codec == VideoCodecName(VideoCodec::kH265)) {
    p.codec = VideoCodec::kH265;
  } else {
    return Err(DataLoss("video params " + std::to_string(id) + " have unknown codec '" + codec + "'"));
  }
  p.width = static_cast<uint16_t>(s.ColumnInt64(1));
  p.height = static_cast<uint16_t>(s.ColumnInt64(2));
  p.rfc6381_codec = s.ColumnText(3);
  p.decoder_config = s.ColumnBlob(4);
  return p;
}

}  // namespace custos
