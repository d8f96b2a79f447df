// text.h: small string helpers shared by the RTSP, SDP and auth parsers.
//
// All of them work on std::string_view, never allocate unless they return a string,
// and treat ASCII only (header names and tokens are ASCII). Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace custos::rtsp_text {

// Removes spaces, tabs, CR and LF at both ends.
std::string_view Trim(std::string_view s);
bool EqualsIgnoreCase(std::string_view a, std::string_view b);
bool StartsWithIgnoreCase(std::string_view s, std::string_view prefix);
std::string ToLower(std::string_view s);
// Splits on `sep`; every piece is trimmed; empty pieces are dropped.
std::vector<std::string_view> SplitTrimmed(std::string_view s, char sep);
// Parses a whole (trimmed) decimal number; nullopt on anything else or overflow.
std::optional<uint64_t> ParseUint(std::string_view s);
// Parses hexadecimal digits (at most 16); nullopt on anything else.
std::optional<uint64_t> ParseHex(std::string_view s);
// Decodes %XX escapes; a malformed escape is kept literally.
std::string PercentDecode(std::string_view s);
// Splits "key=value" at the first '='; both trimmed; value empty when there is no '='.
std::pair<std::string_view, std::string_view> SplitKeyValue(std::string_view s);

}  // namespace custos::rtsp_text

