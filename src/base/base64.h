// base64.h: Base64 encoding and liberal decoding (RFC 4648).
//
// Provides Base64Encode (standard alphabet, with padding) and Base64Decode, which is
// liberal in what it reads because cameras are: it skips whitespace, accepts missing
// padding and the URL-safe alphabet, and reports anything else as InvalidArgument
// (never asserts). Used for SDP sprop-parameter-sets and HTTP/RTSP Basic auth.
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "base/bytes.h"
#include "base/status.h"

namespace custos {

std::string Base64Encode(ByteSpan data);
std::string Base64Encode(std::string_view data);

// Decodes `text`. Whitespace anywhere is ignored; '=' padding is optional but nothing
// other than padding or whitespace may follow it; '-' and '_' are read as '+' and '/'.
Result<Bytes> Base64Decode(std::string_view text);

}  // namespace custos
