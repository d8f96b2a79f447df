#include "catalog/catalog_types.h"

#include <array>
#include <utility>

namespace custos {

namespace {

// Each table lists every enumerator with its database text, in enum order.
template <typename E, size_t N>
using NameTable = std::array<std::pair<E, std::string_view>, N>;

constexpr NameTable<Transport, 2> kTransports{{{Transport::kTcp, "tcp"}, {Transport::kUdp, "udp"}}};

constexpr NameTable<CameraState, 6> kCameraStates{{
    {CameraState::kStarting, "starting"},
    {CameraState::kConnecting, "connecting"},
    {CameraState::kRecording, "recording"},
    {CameraState::kOffline, "offline"},
    {CameraState::kAuthFailed, "auth_failed"},
    {CameraState::kError, "error"},
}};

constexpr NameTable<RecordingState, 3> kRecordingStates{{
    {RecordingState::kWriting, "writing"},
    {RecordingState::kComplete, "complete"},
    {RecordingState::kRecovered, "recovered"},
}};

constexpr NameTable<OpenReason, 5> kOpenReasons{{
    {OpenReason::kStart, "start"},
    {OpenReason::kRotate, "rotate"},
    {OpenReason::kParamsChanged, "params_changed"},
    {OpenReason::kReconnect, "reconnect"},
    {OpenReason::kDiscontinuity, "discontinuity"},
}};

constexpr NameTable<GapReason, 9> kGapReasons{{
    {GapReason::kCameraOffline, "camera_offline"},
    {GapReason::kAuthFailed, "auth_failed"},
    {GapReason::kPacketLoss, "packet_loss"},
    {GapReason::kRestart, "restart"},
    {GapReason::kDiscontinuity, "discontinuity"},
    {GapReason::kDiskFull, "disk_full"},
    {GapReason::kStorageError, "storage_error"},
    {GapReason::kOverload, "overload"},
    {GapReason::kDisabled, "disabled"},
}};

template <typename E, size_t N>
std::string_view NameOf(const NameTable<E, N>& table, E v) {
  for (const auto& [value, name] : table) {
    if (value == v) return name;
  }
  return "?";
}

template <typename E, size_t N>
std::optional<E> ValueOf(const NameTable<E, N>& table, std::string_view s) {
  for (const auto& [value, name] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

}  // namespace

std::string_view ToString(Transport v) { return NameOf(kTransports, v); }
std::string_view ToString(CameraState v) { return NameOf(kCameraStates, v); }
std::string_view ToString(RecordingState v) { return NameOf(kRecordingStates, v); }
std::string_view ToString(OpenReason v) { return NameOf(kOpenReasons, v); }
std::string_view ToString(GapReason v) { return NameOf(kGapReasons, v); }

std::optional<Transport> ParseTransport(std::string_view s) { return ValueOf(kTransports, s); }
std::optional<CameraState> ParseCameraState(std::string_view s) { return ValueOf(kCameraStates, s); }
std::optional<RecordingState> ParseRecordingState(std::string_view s) { return ValueOf(kRecordingStates, s); }
std::optional<OpenReason> ParseOpenReason(std::string_view s) { return ValueOf(kOpenReasons, s); }
std::optional<GapReason> ParseGapReason(std::string_view s) { return ValueOf(kGapReasons, s); }

}  // namespace custos
