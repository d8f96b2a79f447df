#include "integrity/package_archive.h"

#include <cerrno>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <filesystem>
#include <set>
#include <system_error>
#include <vector>

#include "base/file_util.h"

namespace custos {

namespace {

namespace fs = std::filesystem;

constexpr size_t kBlock = 512;
constexpr uint64_t kMaxFileBytes = (uint64_t{1} << 33) - 1;  // 11 octal digits
constexpr size_t kCopyChunk = 1 << 20;
using Header = std::array<uint8_t, kBlock>;

// An fd closed on every path out.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

void PutOctal(Header& h, size_t offset, size_t width, uint64_t value) {
  // width - 1 digits, then NUL.
  for (size_t i = width - 1; i-- > 0;) {
    h[offset + i] = static_cast<uint8_t>('0' + (value & 7));
    value >>= 3;
  }
  h[offset + width - 1] = 0;
}

uint32_t Checksum(const Header& h) {
  uint32_t sum = 0;
  for (size_t i = 0; i < kBlock; ++i) sum += (i >= 148 && i < 156) ? ' ' : h[i];
  return sum;
}

// Splits a path into ustar's prefix (≤ 155) and name (≤ 100) at a '/'.
bool SplitName(const std::string& path, std::string& prefix, std::string& name) {
  if (path.size() <= 100) {
    prefix.clear();
    name = path;
    return true;
  }
  for (size_t slash = path.find('/'); slash != std::string::npos; slash = path.find('/', slash + 1)) {
    if (slash <= 155 && path.size() - slash - 1 <= 100 && path.size() - slash - 1 > 0) {
      prefix = path.substr(0, slash);
      name = path.substr(slash + 1);
      return true;
    }
  }
  return false;
}

Result<Header> MakeHeader(const std::string& path, char type, uint64_t size_bytes) {
  std::string prefix, name;
  if (!SplitName(path, prefix, name)) return Err(InvalidArgument("path too long for a ustar archive: " + path));
  if (size_bytes > kMaxFileBytes) return Err(InvalidArgument(path + " is 8 GiB or larger: export a shorter range"));
  Header h{};
  std::memcpy(&h[0], name.data(), name.size());
  PutOctal(h, 100, 8, type == '5' ? 0755 : 0644);
  PutOctal(h, 108, 8, 0);
  PutOctal(h, 116, 8, 0);
  PutOctal(h, 124, 12, size_bytes);
  PutOctal(h, 136, 12, 0);
  h[156] = static_cast<uint8_t>(type);
  std::memcpy(&h[257], "ustar", 6);
  h[263] = '0';
  h[264] = '0';
  std::memcpy(&h[345], prefix.data(), prefix.size());
  PutOctal(h, 148, 7, Checksum(h));
  h[155] = ' ';
  return h;
}

Status CopyInto(int out, const std::string& src, uint64_t size_bytes) {
  Fd in{::open(src.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) return ErrnoStatus(errno, "open " + src);
  std::vector<uint8_t> buf(kCopyChunk);
  uint64_t done = 0;
  while (done < size_bytes) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kCopyChunk, size_bytes - done));
    CUSTOS_RETURN_IF_ERROR(PreadExact(in.fd, buf.data(), n, done, src));
    CUSTOS_RETURN_IF_ERROR(WriteAll(out, ByteSpan(buf.data(), n), "archive"));
    done += n;
  }
  const size_t pad = (kBlock - size_bytes % kBlock) % kBlock;
  static const uint8_t kZeros[kBlock] = {};
  return WriteAll(out, ByteSpan(kZeros, pad), "archive");
}

struct Entry {
  std::string rel;
  bool dir = false;
  uint64_t size_bytes = 0;
};

Result<std::vector<Entry>> ListEntries(const std::string& dir) {
  std::vector<Entry> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const std::string rel = fs::relative(it->path(), dir, ec).generic_string();
    const auto st = it->symlink_status(ec);
    if (fs::is_directory(st)) {
      out.push_back({rel + "/", true, 0});
    } else if (fs::is_regular_file(st)) {
      out.push_back({rel, false, static_cast<uint64_t>(fs::file_size(it->path(), ec))});
    } else {
      return Err(InvalidArgument(rel + " is neither a file nor a directory: a package holds only files"));
    }
  }
  if (ec) return Err(Internal("listing " + dir + ": " + ec.message()));
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.rel < b.rel; });
  return out;
}

// ---- reading ----

Result<uint64_t> ParseOctal(const Header& h, size_t offset, size_t width, const std::string& what) {
  uint64_t v = 0;
  size_t i = offset;
  while (i < offset + width && h[i] == ' ') ++i;
  size_t digits = 0;
  for (; i < offset + width && h[i] >= '0' && h[i] <= '7'; ++i, ++digits) v = (v << 3) | (h[i] - '0');
  for (; i < offset + width; ++i) {
    if (h[i] != 0 && h[i] != ' ') return Err(DataLoss(what + ": not an octal number"));
  }
  if (digits == 0 || digits > 11) return Err(DataLoss(what + ": not an octal number"));
  return v;
}

std::string Field(const Header& h, size_t offset, size_t width) {
  const auto* p = reinterpret_cast<const char*>(&h[offset]);
  return std::string(p, strnlen(p, width));
}

bool SafeName(const std::string& rel) {
  if (rel.empty() || rel[0] == '/' || rel.find('\\') != std::string::npos || rel.find('\0') != std::string::npos) {
    return false;
  }
  size_t start = 0;
  while (start <= rel.size()) {
    size_t end = rel.find('/', start);
    if (end == std::string::npos) end = rel.size();
    const std::string part = rel.substr(start, end - start);
    if (part == "." || part == ".." || (part.empty() && end != rel.size())) return false;
    start = end + 1;
  }
  return true;
}

bool AllZero(const Header& h) {
  return std::all_of(h.begin(), h.end(), [](uint8_t b) { return b == 0; });
}

Status ExtractFile(int in, uint64_t offset, uint64_t size_bytes, const std::string& path) {
  Fd out{::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)};
  if (out.fd < 0) return ErrnoStatus(errno, "create " + path);
  std::vector<uint8_t> buf(kCopyChunk);
  for (uint64_t done = 0; done < size_bytes;) {
    const size_t n = static_cast<size_t>(std::min<uint64_t>(kCopyChunk, size_bytes - done));
    Status s = PreadExact(in, buf.data(), n, offset + done, "archive");
    if (!s.ok()) return DataLoss("the archive ends inside " + path + ": it was cut short");
    CUSTOS_RETURN_IF_ERROR(WriteAll(out.fd, ByteSpan(buf.data(), n), path));
    done += n;
  }
  return Status::Ok();
}

// One header at `offset`; advances it past the entry. false at the end marker.
Result<bool> ExtractEntry(int in, uint64_t& offset, const std::string& out_dir, std::set<std::string>& seen) {
  Header h{};
  Status s = PreadExact(in, h.data(), kBlock, offset, "archive");
  if (!s.ok()) return Err(DataLoss("the archive ends without its end marker: it was cut short"));
  if (AllZero(h)) return false;
  const std::string where = "archive entry at byte " + std::to_string(offset);
  auto sum = ParseOctal(h, 148, 8, where + " checksum");
  if (!sum) return Err(sum.error());
  if (*sum != Checksum(h)) return Err(DataLoss(where + ": header checksum mismatch (altered or not a tar file)"));
  const std::string prefix = Field(h, 345, 155);
  std::string rel = (prefix.empty() ? "" : prefix + "/") + Field(h, 0, 100);
  auto size = ParseOctal(h, 124, 12, where + " size");
  if (!size) return Err(size.error());
  const char type = static_cast<char>(h[156]);
  const bool dir = type == '5';
  if (dir && !rel.empty() && rel.back() == '/') rel.pop_back();
  if (!SafeName(rel)) return Err(DataLoss(where + ": unsafe name '" + rel + "'"));
  if (!seen.insert(rel).second) return Err(DataLoss(where + ": '" + rel + "' appears twice"));
  const std::string path = JoinPath(out_dir, rel);
  offset += kBlock;
  if (dir) {
    CUSTOS_RETURN_IF_ERROR(MakeDirs(path));
    return true;
  }
  if (type != '0' && type != '\0') return Err(DataLoss(where + ": '" + rel + "' is not a regular file (type " +
                                                       std::string(1, type) + "); a package holds only files"));
  CUSTOS_RETURN_IF_ERROR(MakeDirs(DirName(path)));
  CUSTOS_RETURN_IF_ERROR(ExtractFile(in, offset, *size, path));
  offset += (*size + kBlock - 1) / kBlock * kBlock;
  return true;
}

}  // namespace

Status WritePackageArchive(const std::string& dir, const std::string& tar_path) {
  auto entries = ListEntries(dir);
  if (!entries) return entries.error();
  Fd out{::open(tar_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644)};
  if (out.fd < 0) return ErrnoStatus(errno, "create " + tar_path);
  for (const Entry& e : *entries) {
    auto h = MakeHeader(e.rel, e.dir ? '5' : '0', e.size_bytes);
    if (!h) return h.error();
    CUSTOS_RETURN_IF_ERROR(WriteAll(out.fd, ByteSpan(h->data(), h->size()), tar_path));
    if (!e.dir) CUSTOS_RETURN_IF_ERROR(CopyInto(out.fd, JoinPath(dir, e.rel), e.size_bytes));
  }
  static const uint8_t kEnd[2 * kBlock] = {};
  CUSTOS_RETURN_IF_ERROR(WriteAll(out.fd, ByteSpan(kEnd, sizeof kEnd), tar_path));
  if (::fsync(out.fd) != 0) return ErrnoStatus(errno, "fsync " + tar_path);
  return Status::Ok();
}

Status ExtractPackageArchive(const std::string& tar_path, const std::string& out_dir) {
  std::error_code ec;
  if (fs::exists(out_dir, ec) && !fs::is_empty(out_dir, ec)) {
    return AlreadyExists(out_dir + " is not empty: unpack into a new directory");
  }
  CUSTOS_RETURN_IF_ERROR(MakeDirs(out_dir));
  Fd in{::open(tar_path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (in.fd < 0) return ErrnoStatus(errno, "open " + tar_path);
  std::set<std::string> seen;
  uint64_t offset = 0;
  for (;;) {
    auto more = ExtractEntry(in.fd, offset, out_dir, seen);
    if (!more) return more.error();
    if (!*more) return Status::Ok();
  }
}

Result<PackageVerifyReport> VerifyPackageArchive(const std::string& tar_path, const PackageVerifyOptions& options) {
  std::error_code ec;
  if (!fs::is_regular_file(tar_path, ec)) return Err(NotFound(tar_path + " is not a file"));
  std::string tmpl = (fs::temp_directory_path(ec) / "custos-verify-XXXXXX").string();
  if (::mkdtemp(tmpl.data()) == nullptr) return Err(ErrnoStatus(errno, "create a temporary directory"));
  const std::string dir = tmpl + "/package";
  Result<PackageVerifyReport> report = [&]() -> Result<PackageVerifyReport> {
    Status s = ExtractPackageArchive(tar_path, dir);
    if (s.code() == StatusCode::kDataLoss) {
      PackageVerifyReport r;
      r.problems.push_back(tar_path + " is not an intact package archive: " + s.message());
      return r;
    }
    if (!s.ok()) return Err(s);
    return VerifyPackage(dir, options);
  }();
  fs::remove_all(tmpl, ec);
  return report;
}

}  // namespace custos
