// header_values.h: parsers for the structured RTSP header values a client reads.
//
// Transport (RFC 2326 §12.39), Session (§12.37), RTP-Info (§12.33) and Public (§12.28).
// All are liberal per field (RTSP-QUIRKS.md §2): parameters in any order, stray spaces
// around '=' and ';' (Hikvision "ssrc= 1A2B"), a trailing ';' (Laureii), unknown
// parameters ignored, unparsable optional values dropped rather than failing.
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace custos {

struct PortPair {
  int first = 0;
  int second = 0;  // first + 1 when the header gave a single number
};

struct TransportHeader {
  std::string protocol;  // "RTP/AVP/TCP", "RTP/AVP" (as sent, trimmed)
  // True for "/TCP" and also whenever interleaved= is present: Escam Q6 answers
  // "RTP/AVP;unicast;interleaved=0-1" for a TCP setup.
  bool tcp = false;
  bool multicast = false;
  std::optional<PortPair> interleaved;
  std::optional<PortPair> client_port;
  std::optional<PortPair> server_port;
  std::optional<uint32_t> ssrc;
  std::string mode;    // "play"; lowercased, quotes removed
  std::string source;  // as given
};

// Parses the first transport of a (possibly comma-separated) Transport value.
// Fails only when the value is empty.
Result<TransportHeader> ParseTransportHeader(std::string_view value);

inline constexpr int kDefaultSessionTimeoutSeconds = 60;

struct SessionHeader {
  std::string id;
  // The session timeout; 60 s when absent, unparsable or 0 (which retina rejects; we
  // keep the session and use the default instead).
  int timeout_seconds = kDefaultSessionTimeoutSeconds;
  bool timeout_given = false;
};

// Parses "id" or "id;timeout=N". Fails when the id is empty.
Result<SessionHeader> ParseSessionHeader(std::string_view value);

struct RtpInfoEntry {
  std::string url;
  std::optional<uint16_t> seq;
  std::optional<uint32_t> rtptime;
  std::optional<uint32_t> ssrc;  // Reolink gives the SSRC only here
};

// Parses every "url=...;seq=...;rtptime=..." entry; entries are split at commas that
// start a new "url=" (URLs may contain commas). Unparsable numbers are left empty.
std::vector<RtpInfoEntry> ParseRtpInfoHeader(std::string_view value);

// True if a Public (or Allow) header value lists `method`, case-insensitively.
bool PublicListsMethod(std::string_view public_value, std::string_view method);

}  // namespace custos
