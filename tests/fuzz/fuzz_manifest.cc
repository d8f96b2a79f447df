// fuzz_manifest: ManifestFromJson reads manifest.json of a package from anywhere
// (`custos verify`). On arbitrary bytes it must return an error or a manifest that writes
// back and parses to the same text; never crash or throw.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "integrity/package_manifest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto m = custos::ManifestFromJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!m) return 0;
  const std::string once = custos::ManifestToJson(*m);
  auto again = custos::ManifestFromJson(once);
  if (!again || custos::ManifestToJson(*again) != once) std::abort();
  return 0;
}
