#include "privacy/detector.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <opencv2/imgproc.hpp>
#include <opencv2/objdetect.hpp>

namespace custos::privacy {

struct Detector::Cascades {
  cv::CascadeClassifier frontal;
  cv::CascadeClassifier profile;
  cv::CascadeClassifier plate;
  cv::CascadeClassifier plate_16;
};

namespace {

Status Load(cv::CascadeClassifier& c, const std::string& dir, const std::string& file) {
  const std::string path = dir + "/" + file;
  if (!std::filesystem::exists(path)) {
    return NotFound(path + " is missing; install Debian's opencv-data (apt-get install opencv-data)");
  }
  if (!c.load(path)) return DataLoss(path + " could not be read as a cascade; reinstall opencv-data");
  return Status::Ok();
}

PixelBox Enlarge(const cv::Rect& r, double scale, double margin) {
  const double mx = r.width * margin, my = r.height * margin;
  return {static_cast<int>(std::floor((r.x - mx) * scale)), static_cast<int>(std::floor((r.y - my) * scale)),
          static_cast<int>(std::ceil((r.width + 2 * mx) * scale)), static_cast<int>(std::ceil((r.height + 2 * my) * scale))};
}

void Run(cv::CascadeClassifier& c, const cv::Mat& img, double step, int neighbours, cv::Size min_size,
         std::vector<cv::Rect>& out) {
  std::vector<cv::Rect> found;
  c.detectMultiScale(img, found, step, neighbours, 0, min_size);
  out.insert(out.end(), found.begin(), found.end());
}

}  // namespace

Result<std::unique_ptr<Detector>> Detector::Create(const DetectorOptions& options) {
  auto cascades = std::make_unique<Cascades>();
  const std::string& d = options.cascade_dir;
  if (options.faces) {
    CUSTOS_RETURN_IF_ERROR(Load(cascades->frontal, d, "haarcascade_frontalface_alt2.xml"));
    CUSTOS_RETURN_IF_ERROR(Load(cascades->profile, d, "haarcascade_profileface.xml"));
  }
  if (options.plates) {
    CUSTOS_RETURN_IF_ERROR(Load(cascades->plate, d, "haarcascade_russian_plate_number.xml"));
    CUSTOS_RETURN_IF_ERROR(Load(cascades->plate_16, d, "haarcascade_licence_plate_rus_16stages.xml"));
  }
  std::unique_ptr<FaceModel> face_model;
  if (options.faces && !options.face_model_path.empty() && std::filesystem::exists(options.face_model_path)) {
    auto loaded = FaceModel::Load(options.face_model_path, options.face_model_min_score);
    if (!loaded) return Err(loaded.error());  // present but unreadable: say so rather than silently lose recall
    face_model = std::move(*loaded);
  }
  if (options.faces && !options.face_cascades && face_model == nullptr) {
    return Err(FailedPrecondition("faces without the Haar cascades (the fast detection) need the BlazeFace model at '" +
                                  options.face_model_path + "': scripts/install-deps.sh installs it"));
  }
  if (options.plates && !options.plate_cascades && !options.plate_localiser) {
    return Err(InvalidArgument("plates without the cascades need the plate localiser"));
  }
  return std::unique_ptr<Detector>(new Detector(options, std::move(cascades), std::move(face_model)));
}

Detector::Detector(DetectorOptions options, std::unique_ptr<Cascades> cascades,
                   std::unique_ptr<FaceModel> face_model)
    : options_(std::move(options)),
      cascades_(std::move(cascades)),
      face_model_(std::move(face_model)),
      localiser_(options_.localiser) {}

Detector::~Detector() = default;

std::vector<Detection> Detector::Detect(const I420Frame& frame) {
  const cv::Mat luma(frame.height, frame.width, CV_8UC1, const_cast<uint8_t*>(frame.y.data()));
  if (!face_model_ || !options_.faces) return Search(luma, cv::Mat());
  // Colour for the face model only, at the detection copy's size (rounded down to even for
  // 4:2:0): the planes scaled into one I420 buffer, converted as video-range BT.601.
  const cv::Size size = ScaledSize(luma.size());
  const cv::Size even(std::max(2, size.width & ~1), std::max(2, size.height & ~1));
  i420_.create(even.height * 3 / 2, even.width, CV_8UC1);
  cv::Mat y_out = i420_.rowRange(0, even.height);
  cv::Mat u_out(even.height / 2, even.width / 2, CV_8UC1, i420_.ptr(even.height));
  cv::Mat v_out(even.height / 2, even.width / 2, CV_8UC1, u_out.data + u_out.total());
  const cv::Mat u(frame.ChromaHeight(), frame.ChromaWidth(), CV_8UC1, const_cast<uint8_t*>(frame.u.data()));
  const cv::Mat v(frame.ChromaHeight(), frame.ChromaWidth(), CV_8UC1, const_cast<uint8_t*>(frame.v.data()));
  cv::resize(luma, y_out, even, 0, 0, cv::INTER_AREA);  // same size and type: writes into i420_
  cv::resize(u, u_out, u_out.size(), 0, 0, cv::INTER_AREA);
  cv::resize(v, v_out, v_out.size(), 0, 0, cv::INTER_AREA);
  cv::cvtColor(i420_, colour_, cv::COLOR_YUV2BGR_I420);
  if (even != size) cv::resize(colour_, colour_, size);
  return Search(luma, colour_);
}

std::vector<Detection> Detector::Detect(const cv::Mat& picture) {
  if (picture.channels() != 3) return Search(picture, cv::Mat());
  cv::cvtColor(picture, gray_, cv::COLOR_BGR2GRAY);
  if (!face_model_ || !options_.faces) return Search(gray_, cv::Mat());
  const cv::Size size = ScaledSize(picture.size());
  if (size == picture.size()) return Search(gray_, picture);
  cv::resize(picture, colour_, size, 0, 0, cv::INTER_AREA);
  return Search(gray_, colour_);
}

cv::Size Detector::ScaledSize(cv::Size full) const {
  if (full.width <= options_.max_width_px) return full;
  const double scale = static_cast<double>(full.width) / options_.max_width_px;
  return cv::Size(options_.max_width_px, static_cast<int>(std::lround(full.height / scale)));
}

std::vector<Detection> Detector::Search(const cv::Mat& gray, const cv::Mat& colour_small) {
  std::vector<Detection> out;
  if (gray.empty()) return out;
  const double scale = gray.cols > options_.max_width_px ? static_cast<double>(gray.cols) / options_.max_width_px : 1.0;
  if (scale > 1.0) cv::resize(gray, small_, ScaledSize(gray.size()), 0, 0, cv::INTER_AREA);
  cv::Mat& eq = equalized_;
  cv::equalizeHist(scale > 1.0 ? small_ : gray, eq);  // low-contrast footage (night, haze) otherwise loses faces
  if (options_.faces) {
    std::vector<cv::Rect> faces;
    const cv::Size min_face(options_.min_face_px, options_.min_face_px);
    if (options_.face_cascades) {
      Run(cascades_->frontal, eq, options_.scale_step, options_.face_min_neighbours, min_face, faces);
      Run(cascades_->profile, eq, options_.scale_step, options_.face_min_neighbours, min_face, faces);
      cv::flip(eq, mirrored_, 1);  // the profile cascade knows one side only
      std::vector<cv::Rect> other;
      Run(cascades_->profile, mirrored_, options_.scale_step, options_.face_min_neighbours, min_face, other);
      for (cv::Rect& r : other) r.x = eq.cols - r.x - r.width;
      faces.insert(faces.end(), other.begin(), other.end());
    }
    if (face_model_) {
      // BlazeFace was trained on colour: it finds faces in colour that it misses in grey.
      const std::vector<cv::Rect> found = face_model_->Find(!colour_small.empty() ? colour_small
                                                            : scale > 1.0           ? small_
                                                                                    : gray);
      faces.insert(faces.end(), found.begin(), found.end());
    }
    for (const cv::Rect& r : faces) out.push_back({RegionKind::kFace, Enlarge(r, scale, options_.margin)});
  }
  if (options_.plates) {
    std::vector<cv::Rect> plates;
    if (options_.plate_cascades) {
      Run(cascades_->plate, eq, options_.scale_step, options_.plate_min_neighbours, cv::Size(24, 8), plates);
      Run(cascades_->plate_16, eq, options_.scale_step, options_.plate_min_neighbours, cv::Size(24, 8), plates);
    }
    if (options_.plate_localiser) {
      // On the picture before equalisation: the localiser thresholds its own edge image.
      const std::vector<cv::Rect> found = localiser_.Find(scale > 1.0 ? small_ : gray);
      plates.insert(plates.end(), found.begin(), found.end());
    }
    for (const cv::Rect& r : plates) out.push_back({RegionKind::kPlate, Enlarge(r, scale, options_.margin)});
  }
  return out;
}

double Iou(const PixelBox& a, const PixelBox& b) {
  const int x0 = std::max(a.x, b.x), y0 = std::max(a.y, b.y);
  const int x1 = std::min(a.x + a.width, b.x + b.width), y1 = std::min(a.y + a.height, b.y + b.height);
  if (x1 <= x0 || y1 <= y0) return 0;
  const double inter = static_cast<double>(x1 - x0) * (y1 - y0);
  const double uni = static_cast<double>(a.width) * a.height + static_cast<double>(b.width) * b.height - inter;
  return uni > 0 ? inter / uni : 0;
}

}  // namespace custos::privacy
