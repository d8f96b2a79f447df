// fuzz_frame_index: DecodeFrameIndex on arbitrary bytes must return DataLoss or an index
// that re-encodes to the same entries; never crash, hang or allocate without bound.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "catalog/frame_index.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using custos::FrameIndexEntry;
  custos::Result<std::vector<FrameIndexEntry>> entries = custos::DecodeFrameIndex({data, size});
  if (!entries) return 0;
  custos::Result<std::vector<FrameIndexEntry>> again = custos::DecodeFrameIndex(custos::EncodeFrameIndex(*entries));
  if (!again || *again != *entries) std::abort();
  return 0;
}
