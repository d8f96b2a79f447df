// jpeg_encoder.h: one decoded picture as a baseline JPEG (libswscale to full-range
// yuvj420p at the asked size, then libavcodec's mjpeg encoder).
// Thread-safety: pure function; CPU-bound (a 1080p picture takes ~10-20 ms).
#pragma once

#include "base/bytes.h"
#include "base/status.h"
#include "codec/av_ptr.h"

namespace custos::codec {

struct JpegOptions {
  // Output width in pixels (the height keeps the aspect ratio); 0 = the picture's own.
  // Never scales up; rounded down to an even number.
  int width = 0;
  // mjpeg quantiser scale, 2 (best) to 31; 3 looks like the source at a tenth its size.
  int qscale = 3;
};

// InvalidArgument for a width below 16 or a qscale outside 2..31 or an empty picture.
Result<Bytes> EncodeJpeg(const AVFrame& picture, const JpegOptions& options = {});

// The output size EncodeJpeg uses for a picture of src_width x src_height.
struct PictureSize {
  int width = 0;
  int height = 0;
};
PictureSize ScaledSize(int src_width, int src_height, int width);

}  // namespace custos::codec
