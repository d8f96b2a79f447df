#include "govern/filings.h"

#include <openssl/evp.h>

#include <cctype>
#include <cstdio>

#include "base/file_util.h"

namespace custos::govern {

namespace {

CivilDate Plus(CivilDate from, const DayCount& count) {
  return count.working_days ? AddWorkingDays(from, *count.days) : AddDays(from, *count.days);
}

std::string DaysText(const DayCount& c) {
  return std::to_string(*c.days) + (c.working_days ? " working days" : " days");
}

const FilingRule& RuleFor(FilingKind kind, const Profile& p) {
  switch (kind) {
    case FilingKind::kSystem: return p.system_filing;
    case FilingKind::kChange: return p.change_report;
    case FilingKind::kDismantling: return p.dismantling_filing;
  }
  return p.system_filing;
}

// The date the system filing's deadline counts from.
CivilDate SystemStart(const Filing& f, const Profile& p, CivilDate trigger) {
  if (p.system_filing.from != FilingStart::kAcceptance || f.filing.accepted_on.empty()) return trigger;
  Result<CivilDate> accepted = ParseCivilDate(f.filing.accepted_on);
  return accepted ? *accepted : trigger;
}

}  // namespace

FilingStatus EvaluateFiling(const Filing& f, const Profile& p, CivilDate today) {
  FilingStatus s;
  s.filing = f;
  s.open = f.filed_on.empty();
  const FilingRule& rule = RuleFor(f.filing.kind, p);
  s.source = rule.source;
  s.required = rule.required;
  if (!rule.required) {
    s.due_text = "not required under " + p.name;
    return s;
  }
  Result<CivilDate> trigger = ParseCivilDate(f.filing.trigger_on);
  if (!trigger) {
    s.due_text = "unknown (bad event date '" + f.filing.trigger_on + "')";
    return s;
  }
  CivilDate start = *trigger;
  if (f.filing.kind == FilingKind::kSystem) {
    start = SystemStart(f, p, *trigger);
    if (p.effective_on && *trigger < *p.effective_on && p.pre_existing_filing_days.value) {
      s.pre_existing = true;
      s.due = AddDays(*p.effective_on, *p.pre_existing_filing_days.value);
      s.source = p.pre_existing_filing_days.source;
    }
  }
  if (!s.due && rule.deadline.days) s.due = Plus(start, rule.deadline);
  if (s.due) {
    s.due_text = FormatCivilDate(*s.due);
    if (!s.pre_existing) s.due_text += " (" + DaysText(rule.deadline) + ")";
    s.overdue = s.open && today > *s.due;
  } else {
    s.due_text = f.filing.kind == FilingKind::kChange ? "promptly" : "no deadline stated";
  }
  return s;
}

Result<std::vector<FilingStatus>> ListFilingStatus(Catalog& catalog, const Profile& profile, CivilDate today) {
  Result<std::vector<Filing>> filings = catalog.ListFilings();
  if (!filings) return Err(filings.error());
  std::vector<FilingStatus> out;
  for (const Filing& f : *filings) out.push_back(EvaluateFiling(f, profile, today));
  return out;
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &n, EVP_sha256(), nullptr);
  std::string hex;
  char buf[3];
  for (unsigned int i = 0; i < n; ++i) {
    std::snprintf(buf, sizeof buf, "%02x", digest[i]);
    hex += buf;
  }
  return hex;
}

Result<DocumentRecord> ArchiveDocument(Catalog& catalog, const std::string& data_dir,
                                       const std::string& source_path, DocumentKind kind,
                                       const std::string& title, const std::string& parties) {
  Result<Bytes> bytes = ReadFileBytes(source_path);
  if (!bytes) return Err(bytes.error().With("reading the document " + source_path));
  const std::string_view view(reinterpret_cast<const char*>(bytes->data()), bytes->size());
  DocumentRecord d;
  d.kind = kind;
  d.sha256_hex = Sha256Hex(view);
  d.bytes = static_cast<int64_t>(bytes->size());
  d.parties = parties;
  std::string base = source_path.substr(source_path.rfind('/') + 1);
  for (char& c : base) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_')) c = '_';
  }
  d.title = title.empty() ? base : title;
  d.file_path = "documents/" + d.sha256_hex.substr(0, 16) + "-" + base;
  CUSTOS_RETURN_IF_ERROR(MakeDirs(JoinPath(data_dir, "documents")));
  CUSTOS_RETURN_IF_ERROR(WriteFileAtomic(JoinPath(data_dir, d.file_path), *bytes, 0640));
  Result<int64_t> id = catalog.AddDocument(d);
  if (!id) return Err(id.error());
  d.id = *id;
  return d;
}

Result<std::vector<std::string>> VerifyDocuments(Catalog& catalog, const std::string& data_dir) {
  Result<std::vector<DocumentRecord>> docs = catalog.ListDocuments();
  if (!docs) return Err(docs.error());
  std::vector<std::string> problems;
  for (const DocumentRecord& d : *docs) {
    Result<Bytes> bytes = ReadFileBytes(JoinPath(data_dir, d.file_path));
    const std::string label = "document " + std::to_string(d.id) + " (" + d.file_path + ")";
    if (!bytes) {
      problems.push_back(label + ": missing");
      continue;
    }
    const std::string actual = Sha256Hex({reinterpret_cast<const char*>(bytes->data()), bytes->size()});
    if (actual != d.sha256_hex) problems.push_back(label + ": changed (SHA-256 " + actual + ", archived " + d.sha256_hex + ")");
  }
  return problems;
}

Result<int64_t> AddOpsRecord(Catalog& catalog, OpsRecord record) {
  Result<CivilDate> d = ParseCivilDate(record.on_date, "the record's date (--on)");
  if (!d) return Err(d.error());
  if (record.description.empty()) return Err(InvalidArgument("a record needs a description (--text)"));
  return catalog.AddOpsRecord(record);
}

}  // namespace custos::govern
