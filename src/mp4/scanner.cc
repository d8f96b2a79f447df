#include "mp4/scanner.h"

#include <algorithm>
#include <string>

#include "mp4/box.h"
#include "mp4/box_reader.h"
#include "mp4/fragment_parser.h"
#include "mp4/init_parser.h"

namespace custos::mp4 {
namespace {

constexpr uint64_t kMaxPrftBytes = 64;

class Scanner {
 public:
  explicit Scanner(ByteSource& source) : source_(source), size_(source.size_bytes()) {}

  Result<ScannedFile> Run();

 private:
  // Reads the box header at `offset`. An I/O failure is the returned Status; a header
  // that is cut short or malformed, or a box that runs past the end of the file, sets
  // `problem` instead (with h filled as far as known).
  Status ReadHeader(uint64_t offset, BoxHeader& h, std::string& problem);
  Status ReadPayload(uint64_t offset, const BoxHeader& h, Bytes& out);
  Status ScanInit(ScannedFile& file, TrackDefaults& defaults);
  Status ScanFragment(uint64_t offset, const TrackDefaults& defaults, ScannedFragment& out, std::string& problem);
  Status ScanMoof(uint64_t offset, const TrackDefaults& defaults, ScannedFragment& out, std::string& problem);
  Status ScanMdat(uint64_t offset, ScannedFragment& out, std::string& problem);

  ByteSource& source_;
  uint64_t size_;
};

std::string At(uint64_t offset, std::string_view what) { return "at offset " + std::to_string(offset) + ": " + std::string(what); }

Status Scanner::ReadHeader(uint64_t offset, BoxHeader& h, std::string& problem) {
  uint64_t left = size_ - offset;
  uint8_t buf[kMaxBoxHeaderBytes];
  std::span<uint8_t> bytes(buf, static_cast<size_t>(std::min<uint64_t>(left, sizeof buf)));
  CUSTOS_RETURN_IF_ERROR(source_.ReadAt(offset, bytes));
  Status malformed;
  if (!ParseBoxHeader(bytes, h, malformed)) {
    problem = At(offset, "truncated box header (" + std::to_string(left) + " bytes left in the file)");
  } else if (!malformed.ok()) {
    problem = At(offset, malformed.message());
  } else if (h.size_bytes == 0) {
    problem = At(offset, "box '" + FourCCToString(h.type) + "' has size 0 (to end of file); Custos never writes that");
  } else if (h.size_bytes > left) {
    problem = At(offset, "truncated '" + FourCCToString(h.type) + "': " + std::to_string(left) + " of " +
                             std::to_string(h.size_bytes) + " bytes present");
  }
  return Status::Ok();
}

Status Scanner::ReadPayload(uint64_t offset, const BoxHeader& h, Bytes& out) {
  out.resize(static_cast<size_t>(h.size_bytes - h.header_bytes));
  return source_.ReadAt(offset + h.header_bytes, out);
}

Status Scanner::ScanInit(ScannedFile& file, TrackDefaults& defaults) {
  if (size_ == 0) return DataLoss("file is empty: no init segment");
  BoxHeader ftyp, moov;
  std::string problem;
  CUSTOS_RETURN_IF_ERROR(ReadHeader(0, ftyp, problem));
  if (problem.empty() && ftyp.type != FourCC("ftyp")) {
    problem = "the file starts with '" + FourCCToString(ftyp.type) + "', not 'ftyp': not an MP4 recording";
  }
  if (problem.empty()) CUSTOS_RETURN_IF_ERROR(ReadHeader(ftyp.size_bytes, moov, problem));
  if (problem.empty() && moov.type != FourCC("moov")) {
    problem = At(ftyp.size_bytes, "'" + FourCCToString(moov.type) + "' where the moov box should be");
  }
  if (problem.empty() && moov.size_bytes > kMaxMoovBytes) {
    problem = At(ftyp.size_bytes, "moov of " + std::to_string(moov.size_bytes) + " bytes is over the limit");
  }
  if (!problem.empty()) return DataLoss("init segment: " + problem);
  Bytes payload;
  CUSTOS_RETURN_IF_ERROR(ReadPayload(ftyp.size_bytes, moov, payload));
  Result<ParsedInit> init = ParseMoov(payload);
  if (!init) return init.error().With("init segment");
  file.params = std::move(init->params);
  defaults = init->defaults;
  file.init_size = ftyp.size_bytes + moov.size_bytes;
  return Status::Ok();
}

Status Scanner::ScanFragment(uint64_t offset, const TrackDefaults& defaults, ScannedFragment& out,
                             std::string& problem) {
  out.offset = offset;
  BoxHeader h;
  CUSTOS_RETURN_IF_ERROR(ReadHeader(offset, h, problem));
  if (!problem.empty()) return Status::Ok();
  if (h.type == FourCC("moof")) return ScanMoof(offset, defaults, out, problem);
  if (h.type != FourCC("prft")) {
    problem = At(offset, "'" + FourCCToString(h.type) + "' where a prft or moof box should be");
    return Status::Ok();
  }
  if (h.size_bytes > kMaxPrftBytes) {
    problem = At(offset, "prft of " + std::to_string(h.size_bytes) + " bytes is over the limit");
    return Status::Ok();
  }
  Bytes payload;
  CUSTOS_RETURN_IF_ERROR(ReadPayload(offset, h, payload));
  Result<ParsedPrft> prft = ParsePrft(payload);
  if (!prft) {
    problem = At(offset, prft.error().message());
    return Status::Ok();
  }
  CUSTOS_RETURN_IF_ERROR(ScanMoof(offset + h.size_bytes, defaults, out, problem));
  if (!problem.empty()) return Status::Ok();
  if (prft->reference_track_id != defaults.track_id) {
    problem = At(offset, "prft names track " + std::to_string(prft->reference_track_id));
  } else if (prft->media_time_90k != static_cast<uint64_t>(out.base_media_decode_time_90k)) {
    problem = At(offset, "prft media_time " + std::to_string(prft->media_time_90k) + " is not the tfdt " +
                             std::to_string(out.base_media_decode_time_90k));
  } else {
    out.wall_time = prft->wall_time;
  }
  return Status::Ok();
}

Status Scanner::ScanMoof(uint64_t offset, const TrackDefaults& defaults, ScannedFragment& out,
                         std::string& problem) {
  BoxHeader h;
  CUSTOS_RETURN_IF_ERROR(ReadHeader(offset, h, problem));
  if (problem.empty() && h.type != FourCC("moof")) {
    problem = At(offset, "'" + FourCCToString(h.type) + "' where a moof box should be");
  }
  if (problem.empty() && h.size_bytes > kMaxMoofBytes) {
    problem = At(offset, "moof of " + std::to_string(h.size_bytes) + " bytes is over the limit");
  }
  if (!problem.empty()) return Status::Ok();
  Bytes payload;
  CUSTOS_RETURN_IF_ERROR(ReadPayload(offset, h, payload));
  Result<ParsedMoof> moof = ParseMoof(payload, offset, defaults);
  if (!moof) {
    problem = At(offset, moof.error().message());
    return Status::Ok();
  }
  out.sequence_number = moof->sequence_number;
  out.base_media_decode_time_90k = moof->base_media_decode_time_90k;
  out.data_offset = moof->data_offset;
  out.samples = std::move(moof->samples);
  return ScanMdat(offset + h.size_bytes, out, problem);
}

Status Scanner::ScanMdat(uint64_t offset, ScannedFragment& out, std::string& problem) {
  BoxHeader h;
  CUSTOS_RETURN_IF_ERROR(ReadHeader(offset, h, problem));
  if (problem.empty() && h.type != FourCC("mdat")) {
    problem = At(offset, "'" + FourCCToString(h.type) + "' where the moof's mdat box should be");
  }
  if (!problem.empty()) return Status::Ok();
  uint64_t payload_offset = offset + h.header_bytes;
  uint64_t payload_bytes = h.size_bytes - h.header_bytes;
  uint64_t sample_bytes = SumSampleBytes(out.samples);
  if (sample_bytes != payload_bytes) {
    problem = At(offset, "trun sample sizes sum to " + std::to_string(sample_bytes) + " bytes, but the mdat holds " +
                             std::to_string(payload_bytes));
  } else if (out.data_offset != payload_offset) {
    problem = At(offset, "trun data offset points to " + std::to_string(out.data_offset) +
                             ", not to the mdat payload at " + std::to_string(payload_offset));
  }
  out.end_offset = offset + h.size_bytes;
  out.duration_90k = 0;
  for (const SampleInfo& s : out.samples) out.duration_90k += s.duration_90k;
  return Status::Ok();
}

// A fragment that goes back in sequence or time is junk (e.g. stale blocks after a crash).
std::string CheckOrder(const ScannedFragment& prev, const ScannedFragment& f) {
  if (f.sequence_number <= prev.sequence_number) {
    return At(f.offset, "sequence number " + std::to_string(f.sequence_number) + " does not follow " +
                            std::to_string(prev.sequence_number));
  }
  if (f.base_media_decode_time_90k < prev.base_media_decode_time_90k) {
    return At(f.offset, "decode time " + std::to_string(f.base_media_decode_time_90k) + " goes back from " +
                            std::to_string(prev.base_media_decode_time_90k));
  }
  return {};
}

Result<ScannedFile> Scanner::Run() {
  ScannedFile file;
  file.file_bytes = size_;
  TrackDefaults defaults;
  Status init = ScanInit(file, defaults);
  if (!init.ok()) return Err(init);
  uint64_t offset = file.valid_bytes = file.init_size;
  while (offset < size_) {
    ScannedFragment f;
    std::string problem;
    Status s = ScanFragment(offset, defaults, f, problem);
    if (!s.ok()) return Err(s.With("scanning fragment at offset " + std::to_string(offset)));
    if (problem.empty() && !file.fragments.empty()) problem = CheckOrder(file.fragments.back(), f);
    if (!problem.empty()) {
      std::string here = At(offset, "");
      if (problem.starts_with(here)) problem.erase(0, here.size());  // said once is enough
      file.tail_problem = "fragment at offset " + std::to_string(offset) + ": " + problem;
      break;
    }
    offset = file.valid_bytes = f.end_offset;
    file.fragments.push_back(std::move(f));
  }
  return file;
}

}  // namespace

Result<ScannedFile> ScanSource(ByteSource& source) { return Scanner(source).Run(); }

Result<ScannedFile> ScanFile(int fd) {
  Result<FdByteSource> source = FdByteSource::Create(fd);
  if (!source) return Err(source.error());
  return ScanSource(*source);
}

Result<ScannedFile> ScanFile(const std::string& path) {
  Result<UniqueFd> fd = OpenForReading(path);
  if (!fd) return Err(fd.error());
  Result<ScannedFile> scan = ScanFile(fd->get());
  if (!scan) return Err(scan.error().With(path));
  return scan;
}

Result<ScannedFile> ScanBuffer(ByteSpan data) {
  MemoryByteSource source(data);
  return ScanSource(source);
}

}  // namespace custos::mp4
