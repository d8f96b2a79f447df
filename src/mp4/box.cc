#include "mp4/box.h"

#include <cstdio>

namespace custos::mp4 {

std::string FourCCToString(uint32_t type) {
  std::string s;
  for (int shift = 24; shift >= 0; shift -= 8) {
    char c = static_cast<char>((type >> shift) & 0xff);
    if (c < 0x20 || c > 0x7e) {
      char hex[11];
      std::snprintf(hex, sizeof hex, "0x%08x", type);
      return hex;
    }
    s += c;
  }
  return s;
}

}  // namespace custos::mp4
