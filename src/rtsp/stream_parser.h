// stream_parser.h: RtspStreamParser, the incremental reader of an RTSP/TCP byte stream.
//
// One RTSP connection carries three kinds of item, interleaved: binary frames
// ("$", channel, 16-bit length, payload: RTP/RTCP over TCP), responses to our requests,
// and requests the server sends us (OPTIONS, ANNOUNCE, GET_PARAMETER, ...). The parser
// owns the receive buffer: the connection reads straight into PrepareWrite(), commits,
// then calls Next() until it returns RtspNeedMore. Frame payloads are spans into the
// buffer (no copy), valid until the next PrepareWrite()/Append(); nothing is allocated
// per frame.
//
// Liberal per field (RTSP-QUIRKS.md §1/§2): header names are case-insensitive, values
// trimmed, bare LF accepted, stray CR/LF between items skipped. Bytes that start no
// valid item are junk: the parser scans forward to the next "$" with a plausible channel
// and an RTP/RTCP version-2 payload, "RTSP/1.0 " or a known method, and counts one
// resync event per junk run. Too much consecutive junk, headers over 64 KiB or a body
// over 1 MiB end the stream with an error Status; after an error the parser is spent.
// Thread-safety: none; one owner (the connection's event loop).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <variant>

#include "base/bytes.h"
#include "base/status.h"
#include "rtsp/message.h"

namespace custos {

struct RtspParserLimits {
  size_t max_header_bytes = 64 * 1024;   // start line + headers + blank line
  size_t max_body_bytes = 1024 * 1024;   // Content-Length
  size_t max_junk_bytes = 64 * 1024;     // consecutive bytes that start no item
  size_t initial_buffer_bytes = 128 * 1024;
  uint8_t max_resync_channel = 63;       // channels a resync scan accepts after "$"
};

struct InterleavedFrame {
  uint8_t channel = 0;
  ByteSpan payload;  // into the parser's buffer
};

// No complete item is buffered: read more.
struct RtspNeedMore {};

using RtspItem = std::variant<RtspNeedMore, InterleavedFrame, RtspResponse, RtspRequest>;

class RtspStreamParser {
 public:
  explicit RtspStreamParser(RtspParserLimits limits = {});

  // Free space after the buffered bytes, large enough for the pending item; compacts or
  // grows the buffer as needed, which invalidates earlier frame payload spans.
  std::span<uint8_t> PrepareWrite();
  // Marks `n` bytes written into the span PrepareWrite() returned.
  void CommitWrite(size_t n);
  // Copies `data` in (tests and fuzzers); invalidates earlier frame payload spans.
  void Append(ByteSpan data);

  // The next complete item, RtspNeedMore, or an error (limits exceeded, unrecoverable
  // framing). Never reads past the buffered bytes.
  Result<RtspItem> Next();

  size_t buffered_bytes() const { return end_ - begin_; }
  size_t capacity_bytes() const { return capacity_; }
  uint64_t resync_events() const { return resync_events_; }
  uint64_t junk_bytes() const { return junk_bytes_; }
  uint64_t stray_newlines() const { return stray_newlines_; }
  uint64_t malformed_header_lines() const { return malformed_header_lines_; }

 private:
  enum class Probe { kNo, kMaybe, kYes };
  struct Step;  // the outcome of trying to read one item at begin_

  Step TryFrame(ByteSpan avail);
  Step TryMessage(ByteSpan avail);
  Step FinishMessage(ByteSpan avail, size_t line_end, size_t header_end, bool is_response);
  // Skips junk at begin_ up to the next candidate item start.
  Status Resync(ByteSpan avail);
  Probe ProbeCandidate(ByteSpan s) const;
  void Consume(size_t n);
  void Reallocate(size_t new_capacity);

  RtspParserLimits limits_;
  std::unique_ptr<uint8_t[]> buf_;
  size_t capacity_ = 0;
  size_t begin_ = 0;  // first unparsed byte
  size_t end_ = 0;    // one past the last received byte
  // Bytes from begin_ the pending item needs in total (0: unknown yet).
  size_t need_ = 0;
  // Bytes from begin_ already searched for the blank line ending the headers.
  size_t header_scan_ = 0;
  size_t junk_run_ = 0;
  bool in_junk_ = false;
  bool failed_ = false;
  uint64_t resync_events_ = 0;
  uint64_t junk_bytes_ = 0;
  uint64_t stray_newlines_ = 0;
  uint64_t malformed_header_lines_ = 0;
};

}  // namespace custos
