// pdf_writer.h: a minimal PDF 1.4 writer for text-only reports (no dependency).
//
// Lines of text in the standard Type 1 fonts (Helvetica, Helvetica-Bold, Courier; no
// embedding needed), on A4 landscape pages, broken into pages as they fill. Text is UTF-8
// in; characters outside WinAnsi (Latin-1) are written as '?', since the standard fonts
// have no other glyphs. Thread-safety: a PdfWriter is one thread's value.
#pragma once

#include <string>
#include <vector>

namespace custos {

enum class PdfFont { kHelvetica, kHelveticaBold, kCourier };

class PdfWriter {
 public:
  static constexpr double kPageWidth = 842;   // A4 landscape, points
  static constexpr double kPageHeight = 595;
  static constexpr double kMargin = 36;

  // Appends a line; starts a new page when this one is full.
  void AddLine(const std::string& utf8, PdfFont font = PdfFont::kCourier, double size_pt = 7);
  void AddSpace(double pt);
  void NewPage();
  // The whole file.
  std::string Render() const;

  // Characters of Courier at `size_pt` that fit in the text width.
  static int CourierColumns(double size_pt);

 private:
  struct Line {
    std::string text;  // already in WinAnsi bytes
    PdfFont font;
    double size_pt;
    double y;
  };
  std::vector<std::vector<Line>> pages_;
  double y_ = 0;  // baseline of the last line on the current page
};

// UTF-8 to WinAnsi bytes for the standard fonts ('?' for what they cannot show).
std::string ToWinAnsi(const std::string& utf8);

}  // namespace custos
