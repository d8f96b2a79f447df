// `custos user add|list|disable|passwd|grant` and `custos user group`: users, roles and
// camera assignments, in the catalog; a running daemon applies a change at the next
// request (roles are read per request). Passwords come from stdin (--password-stdin) or
// are generated and printed once; only their Argon2id hashes are stored. Every change and
// refusal is audited as user_change (cli_audit.h; actor cli:<OS login>).
#include <iostream>

#include "access/passwords.h"
#include "access/roles.h"
#include "access/users.h"
#include "base/clock.h"
#include "catalog/catalog.h"
#include "cli/cli.h"
#include "cli/cli_audit.h"
#include "server/data_dir.h"

namespace custos::cli {

namespace {

Result<std::unique_ptr<Catalog>> OpenCatalog(const std::string& data_dir) {
  Status s = MakeDataDir(data_dir);
  if (!s.ok()) return Err(s);
  return Catalog::Open(CatalogPath(data_dir));
}

// The catalog and the audit log of a command that changes users.
struct Context {
  std::unique_ptr<Catalog> catalog;
  std::unique_ptr<CliAuditor> auditor;
};

Result<Context> OpenContext(const std::string& data_dir) {
  auto catalog = OpenCatalog(data_dir);
  if (!catalog) return Err(catalog.error());
  auto auditor = CliAuditor::Open(data_dir);
  if (!auditor) return Err(auditor.error());
  return Context{std::move(*catalog), std::move(*auditor)};
}

// Runs `act` audited as user_change with detail "NAME: what".
Status UserChange(Context& c, const std::string& name, const std::string& what, const std::function<Status()>& act,
                  const std::function<Status()>& undo = {}) {
  AuditEvent e = c.auditor->Event("user_change");
  e.detail = name + ": " + what;
  return c.auditor->Run(e, [&](AuditEvent&) { return act(); }, undo);
}

// The password from stdin's first line, or a generated one (printed by the caller).
std::string PasswordFrom(bool from_stdin, bool& generated) {
  generated = !from_stdin;
  if (!from_stdin) return access::GeneratePassword();
  std::string line;
  std::getline(std::cin, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

std::string Joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ",") + s;
  return out.empty() ? "-" : out;
}

const std::string kRolesHelp = "role (repeatable): " + access::RoleNames();
const std::string kAudited = "\nAudited as user_change (actor cli:<OS login>), refusals too.";

int Add(int argc, char** argv) {
  std::string data;
  access::NewUser n;
  bool from_stdin = false;
  po::options_description opts("user add");
  AddDataOption(opts, data);
  opts.add_options()("name", po::value(&n.name)->required(), "login name: a-z 0-9 _ . -")(
      "display-name", po::value(&n.display_name), "the person's name")("unit", po::value(&n.unit), "the person's unit")(
      "role", po::value(&n.roles)->composing(), kRolesHelp.c_str())(
      "camera", po::value(&n.camera_ids)->composing(), "assigned camera id (repeatable)")(
      "group", po::value(&n.camera_groups)->composing(), "assigned camera group (repeatable)")(
      "password-stdin", po::bool_switch(&from_stdin), "read the password from stdin (else one is generated)");
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos user add NAME --role ROLE [options]",
                     "Adds a user. Without --password-stdin a password is generated and printed once." + kAudited,
                     &pos);
  if (rc >= 0) return rc;
  auto c = OpenContext(data);
  if (!c) return Fail("user add", c.error());
  bool generated = false;
  n.password = PasswordFrom(from_stdin, generated);
  Status s = UserChange(*c, n.name,
                        "added with roles [" + Joined(n.roles) + "], cameras [" + Joined(n.camera_ids) + "], groups [" +
                            Joined(n.camera_groups) + "]",
                        [&] { return access::AddUser(*c->catalog, RealClock::Get(), n); });
  if (!s.ok()) return Fail("user add", s);
  std::cout << "user " << n.name << " added with roles " << Joined(n.roles) << "\n";
  if (generated) std::cout << "password: " << n.password << "  (shown once)\n";
  return 0;
}

int List(int argc, char** argv) {
  std::string data;
  po::options_description opts("user list");
  AddDataOption(opts, data);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos user list", "Lists users, their roles and assignments.");
  if (rc >= 0) return rc;
  auto catalog = OpenCatalog(data);
  if (!catalog) return Fail("user list", catalog.error());
  auto users = (*catalog)->ListUsers();
  if (!users) return Fail("user list", users.error());
  const WallTime90k now = RealClock::Get().Now();
  for (const UserRecord& u : *users) {
    std::cout << u.name << "\t" << (u.disabled ? "disabled" : "enabled")
              << (now.ticks_90k < u.locked_until_wall_90k.ticks_90k ? ",locked" : "") << "\troles=" << Joined(u.roles)
              << "\tcameras=" << Joined(u.camera_ids) << "\tgroups=" << Joined(u.camera_groups) << "\t"
              << u.display_name << (u.unit.empty() ? "" : " (" + u.unit + ")") << "\n";
  }
  return 0;
}

int Disable(int argc, char** argv) {
  std::string data, name;
  bool enable = false;
  po::options_description opts("user disable");
  AddDataOption(opts, data);
  opts.add_options()("name", po::value(&name)->required(), "the user")("enable", po::bool_switch(&enable),
                                                                        "enable the user again instead");
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos user disable NAME [--enable]",
                     "Disables a user (their sessions stop at the next request), or enables them again." + kAudited,
                     &pos);
  if (rc >= 0) return rc;
  auto c = OpenContext(data);
  if (!c) return Fail("user disable", c.error());
  auto set = [&](bool disabled) { return access::SetDisabled(*c->catalog, RealClock::Get(), name, disabled); };
  Status s = UserChange(*c, name, enable ? "enabled" : "disabled", [&] { return set(!enable); },
                        [&] { return set(enable); });
  if (!s.ok()) return Fail("user disable", s);
  std::cout << "user " << name << (enable ? " enabled" : " disabled") << "\n";
  return 0;
}

int Passwd(int argc, char** argv) {
  std::string data, name;
  bool from_stdin = false;
  po::options_description opts("user passwd");
  AddDataOption(opts, data);
  opts.add_options()("name", po::value(&name)->required(), "the user")(
      "password-stdin", po::bool_switch(&from_stdin), "read the new password from stdin (else one is generated)");
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos user passwd NAME [--password-stdin]",
                     "Sets a user's password and clears a lockout." + kAudited, &pos);
  if (rc >= 0) return rc;
  auto c = OpenContext(data);
  if (!c) return Fail("user passwd", c.error());
  bool generated = false;
  const std::string password = PasswordFrom(from_stdin, generated);
  Status s = UserChange(*c, name, "password set by an administrator",
                        [&] { return access::SetPassword(*c->catalog, RealClock::Get(), name, password); });
  if (!s.ok()) return Fail("user passwd", s);
  std::cout << "password of " << name << " set\n";
  if (generated) std::cout << "password: " << password << "  (shown once)\n";
  return 0;
}

int GrantCmd(int argc, char** argv) {
  std::string data, name;
  std::vector<std::string> roles, cameras, groups;
  po::options_description opts("user grant");
  AddDataOption(opts, data);
  opts.add_options()("name", po::value(&name)->required(), "the user")(
      "role", po::value(&roles)->composing(), kRolesHelp.c_str())(
      "camera", po::value(&cameras)->composing(), "assigned camera id (repeatable)")(
      "group", po::value(&groups)->composing(), "assigned camera group (repeatable)");
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos user grant NAME --role ROLE [--camera ID] [--group G]",
                     "Replaces a user's roles and camera assignments with the ones given." + kAudited, &pos);
  if (rc >= 0) return rc;
  auto c = OpenContext(data);
  if (!c) return Fail("user grant", c.error());
  auto before = c->catalog->GetUser(name);
  Status s = UserChange(
      *c, name, "roles [" + Joined(roles) + "], cameras [" + Joined(cameras) + "], groups [" + Joined(groups) + "]",
      [&] { return access::Grant(*c->catalog, RealClock::Get(), name, roles, cameras, groups); },
      [&] {
        if (!before) return before.error();
        return access::Grant(*c->catalog, RealClock::Get(), name, before->roles, before->camera_ids,
                             before->camera_groups);
      });
  if (!s.ok()) return Fail("user grant", s);
  std::cout << "user " << name << ": roles " << Joined(roles) << ", cameras " << Joined(cameras) << ", groups "
            << Joined(groups) << "\n";
  return 0;
}

int Group(int argc, char** argv) {
  std::string data, name, description;
  std::vector<std::string> cameras;
  po::options_description opts("user group");
  AddDataOption(opts, data);
  opts.add_options()("name", po::value(&name)->required(), "the group: a-z 0-9 _ . -")(
      "description", po::value(&description), "what it is")("camera", po::value(&cameras)->composing(),
                                                             "member camera id (repeatable)");
  po::positional_options_description pos;
  pos.add("name", 1);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos user group NAME --camera ID [--camera ID ...]",
                     "Creates or replaces a camera group, for assignments (user grant --group)." + kAudited, &pos);
  if (rc >= 0) return rc;
  auto c = OpenContext(data);
  if (!c) return Fail("user group", c.error());
  Status s = UserChange(*c, "camera group " + name, "set to [" + Joined(cameras) + "]", [&] {
    if (!access::CheckUserName(name).ok()) {
      return InvalidArgument("a group name has 1 to 64 characters from a-z, 0-9, '_', '.', '-'");
    }
    return c->catalog->PutCameraGroup(CameraGroup{name, description, cameras});
  });
  if (!s.ok()) return Fail("user group", s);
  std::cout << "camera group " << name << ": " << Joined(cameras) << "\n";
  return 0;
}

}  // namespace

int User(int argc, char** argv) {
  const std::string usage = "usage: custos user add|list|disable|passwd|grant|group [options]   (--help on each)\n";
  return RunSubcommand("user", usage, argc, argv,
                       {{"add", Add},
                        {"list", List},
                        {"disable", Disable},
                        {"passwd", Passwd},
                        {"grant", GrantCmd},
                        {"group", Group}});
}

}  // namespace custos::cli
