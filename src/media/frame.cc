#include "media/frame.h"

namespace custos {

std::string_view VideoCodecName(VideoCodec c) { return c == VideoCodec::kH264 ? "h264" : "h265"; }

}  // namespace custos
