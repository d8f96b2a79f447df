#include "audit/pdf_writer.h"

#include <cstdio>

namespace custos {

namespace {

const char* FontResource(PdfFont f) {
  switch (f) {
    case PdfFont::kHelvetica: return "F1";
    case PdfFont::kHelveticaBold: return "F2";
    case PdfFont::kCourier: return "F3";
  }
  return "F3";
}

std::string EscapeString(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '(' || c == ')' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

std::string Number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// Decodes one UTF-8 sequence at s[i]; advances i; returns U+FFFD on bad input.
uint32_t NextCodePoint(const std::string& s, size_t& i) {
  const auto b = static_cast<uint8_t>(s[i++]);
  int extra = b >= 0xf0 ? 3 : b >= 0xe0 ? 2 : b >= 0xc0 ? 1 : 0;
  if (b >= 0x80 && b < 0xc0) return 0xfffd;
  uint32_t cp = extra == 0 ? b : b & (0x3f >> extra);
  for (; extra > 0; --extra) {
    if (i >= s.size() || (static_cast<uint8_t>(s[i]) & 0xc0) != 0x80) return 0xfffd;
    cp = (cp << 6) | (static_cast<uint8_t>(s[i++]) & 0x3f);
  }
  return cp;
}

}  // namespace

std::string ToWinAnsi(const std::string& utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size();) {
    const uint32_t cp = NextCodePoint(utf8, i);
    const bool printable = (cp >= 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp <= 0xff);
    out.push_back(printable ? static_cast<char>(cp) : '?');
  }
  return out;
}

int PdfWriter::CourierColumns(double size_pt) {
  return static_cast<int>((kPageWidth - 2 * kMargin) / (0.6 * size_pt));
}

void PdfWriter::NewPage() {
  pages_.emplace_back();
  y_ = kPageHeight - kMargin;
}

void PdfWriter::AddSpace(double pt) { y_ -= pt; }

void PdfWriter::AddLine(const std::string& utf8, PdfFont font, double size_pt) {
  const double leading = size_pt * 1.3;
  if (pages_.empty() || y_ - leading < kMargin) NewPage();
  y_ -= leading;
  pages_.back().push_back(Line{ToWinAnsi(utf8), font, size_pt, y_});
}

std::string PdfWriter::Render() const {
  std::vector<std::vector<Line>> pages = pages_;
  if (pages.empty()) pages.emplace_back();
  std::string out = "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
  std::vector<size_t> offsets;  // of objects 1..n
  auto begin_object = [&](size_t number) {
    if (offsets.size() < number) offsets.resize(number);
    offsets[number - 1] = out.size();
    out += std::to_string(number) + " 0 obj\n";
  };
  // 1 catalog, 2 page tree, 3-5 fonts, then (page, content) per page.
  const size_t n_pages = pages.size();
  begin_object(1);
  out += "<< /Type /Catalog /Pages 2 0 R >>\nendobj\n";
  begin_object(2);
  out += "<< /Type /Pages /Count " + std::to_string(n_pages) + " /Kids [";
  for (size_t p = 0; p < n_pages; ++p) out += std::to_string(6 + 2 * p) + " 0 R ";
  out += "] >>\nendobj\n";
  const char* fonts[] = {"Helvetica", "Helvetica-Bold", "Courier"};
  for (size_t f = 0; f < 3; ++f) {
    begin_object(3 + f);
    out += std::string("<< /Type /Font /Subtype /Type1 /BaseFont /") + fonts[f] +
           " /Encoding /WinAnsiEncoding >>\nendobj\n";
  }
  for (size_t p = 0; p < n_pages; ++p) {
    std::string content;
    for (const Line& l : pages[p]) {
      content += "BT /" + std::string(FontResource(l.font)) + " " + Number(l.size_pt) + " Tf " + Number(kMargin) +
                 " " + Number(l.y) + " Td (" + EscapeString(l.text) + ") Tj ET\n";
    }
    const size_t page_obj = 6 + 2 * p;
    begin_object(page_obj);
    out += "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + Number(kPageWidth) + " " + Number(kPageHeight) +
           "] /Resources << /Font << /F1 3 0 R /F2 4 0 R /F3 5 0 R >> >> /Contents " +
           std::to_string(page_obj + 1) + " 0 R >>\nendobj\n";
    begin_object(page_obj + 1);
    out += "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream\nendobj\n";
  }
  const size_t xref = out.size();
  out += "xref\n0 " + std::to_string(offsets.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char entry[32];
    std::snprintf(entry, sizeof entry, "%010zu 00000 n \n", off);
    out += entry;
  }
  out += "trailer\n<< /Size " + std::to_string(offsets.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
         std::to_string(xref) + "\n%%EOF\n";
  return out;
}

}  // namespace custos
