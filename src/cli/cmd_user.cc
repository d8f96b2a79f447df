// `custos user add|list|disable|passwd|grant` and `custos user group`: users, roles and
// camera assignments, in the catalog; a running daemon applies a change at the next
// request (roles are read per request). Passwords come from stdin (--password-stdin) or
// are generated and printed once; only their Argon2id hashes are stored.
#include <iostream>

#include "access/passwords.h"
#include "access/roles.h"
#include "access/users.h"
#include "base/clock.h"
#include "catalog/catalog.h"
#include "cli/cli.h"
#include "server/data_dir.h"

namespace custos::cli {

namespace {

Result<std::unique_ptr<Catalog>> OpenCatalog(const std::string& data_dir) {
  Status s = MakeDataDir(data_dir);
  if (!s.ok()) return Err(s);
  return Catalog::Open(CatalogPath(data_dir));
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
                     "Adds a user. Without --password-stdin a password is generated and printed once.", &pos);
  if (rc >= 0) return rc;
  auto catalog = OpenCatalog(data);
  if (!catalog) return Fail("user add", catalog.error());
  bool generated = false;
  n.password = PasswordFrom(from_stdin, generated);
  Status s = access::AddUser(**catalog, RealClock::Get(), n);
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
                     "Disables a user (their sessions stop at the next request), or enables them again.", &pos);
  if (rc >= 0) return rc;
  auto catalog = OpenCatalog(data);
  if (!catalog) return Fail("user disable", catalog.error());
  Status s = access::SetDisabled(**catalog, RealClock::Get(), name, !enable);
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
                     "Sets a user's password and clears a lockout.", &pos);
  if (rc >= 0) return rc;
  auto catalog = OpenCatalog(data);
  if (!catalog) return Fail("user passwd", catalog.error());
  bool generated = false;
  const std::string password = PasswordFrom(from_stdin, generated);
  Status s = access::SetPassword(**catalog, RealClock::Get(), name, password);
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
                     "Replaces a user's roles and camera assignments with the ones given.", &pos);
  if (rc >= 0) return rc;
  auto catalog = OpenCatalog(data);
  if (!catalog) return Fail("user grant", catalog.error());
  Status s = access::Grant(**catalog, RealClock::Get(), name, roles, cameras, groups);
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
                     "Creates or replaces a camera group, for assignments (user grant --group).", &pos);
  if (rc >= 0) return rc;
  if (!access::CheckUserName(name).ok()) {
    return Fail("user group", InvalidArgument("a group name has 1 to 64 characters from a-z, 0-9, '_', '.', '-'"));
  }
  auto catalog = OpenCatalog(data);
  if (!catalog) return Fail("user group", catalog.error());
  Status s = (*catalog)->PutCameraGroup(CameraGroup{name, description, cameras});
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
