// fuzz_mp4_scan: libFuzzer target for the MP4 recording scanner (src/mp4/scanner.h).
//
// Input: any bytes, taken as a whole recording file. Beyond "no crash, no sanitizer
// report", checks the scanner's promises: the fragments it accepts tile the file from
// the init segment to valid_bytes; tail_problem is empty exactly when the whole file is
// valid; and whatever it accepts, our writers can write again, and that rewrite scans
// back to the same parameters and fragments (reader and writer agree on the format).
#include <cstddef>
#include <cstdint>

#include "mp4/fragment.h"
#include "mp4/init_segment.h"
#include "mp4/scanner.h"

namespace {

using custos::Bytes;
using custos::ByteSpan;
using custos::mp4::ScannedFile;
using custos::mp4::ScannedFragment;

void Check(bool ok) {
  if (!ok) __builtin_trap();
}

void CheckLayout(const ScannedFile& scan) {
  Check(scan.init_size <= scan.valid_bytes && scan.valid_bytes <= scan.file_bytes);
  Check(scan.tail_problem.empty() == (scan.valid_bytes == scan.file_bytes));
  uint64_t at = scan.init_size;
  for (const ScannedFragment& f : scan.fragments) {
    Check(f.offset == at && f.offset < f.data_offset && f.data_offset <= f.end_offset);
    Check(f.end_offset - f.data_offset == custos::mp4::SumSampleBytes(f.samples));
    at = f.end_offset;
  }
  Check(at == scan.valid_bytes);
}

// Writes the scanned content again with our writers, copying the sample bytes.
Bytes Rewrite(const ScannedFile& scan, ByteSpan input) {
  auto init = custos::mp4::BuildInitSegment(scan.params);
  Check(init.has_value());
  Bytes out = *init;
  for (const ScannedFragment& f : scan.fragments) {
    uint64_t bytes = f.end_offset - f.data_offset;
    auto header = custos::mp4::BuildFragmentHeader(f.sequence_number, f.base_media_decode_time_90k, f.wall_time,
                                                   f.samples, bytes);
    Check(header.has_value());
    out.insert(out.end(), header->begin(), header->end());
    ByteSpan data = input.subspan(f.data_offset, bytes);
    out.insert(out.end(), data.begin(), data.end());
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  ByteSpan input(data, size);
  auto scan = custos::mp4::ScanBuffer(input);
  if (!scan) return 0;
  CheckLayout(*scan);
  Bytes rewritten = Rewrite(*scan, input);
  auto again = custos::mp4::ScanBuffer(rewritten);
  Check(again.has_value() && again->tail_problem.empty());
  Check(again->params == scan->params && again->fragments.size() == scan->fragments.size());
  for (size_t i = 0; i < scan->fragments.size(); ++i) {
    const ScannedFragment& a = scan->fragments[i];
    const ScannedFragment& b = again->fragments[i];
    Check(a.sequence_number == b.sequence_number && a.base_media_decode_time_90k == b.base_media_decode_time_90k);
    Check(a.wall_time == b.wall_time && a.samples == b.samples);
  }
  return 0;
}
