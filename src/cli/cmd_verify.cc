// `custos verify PACKAGE`: checks a signed export package offline (no data folder): a
// directory, or the same as one ustar file (integrity/package_archive.h).
#include <filesystem>
#include <iostream>

#include "cli/cli.h"
#include "integrity/package_archive.h"
#include "integrity/package_verify.h"

namespace custos::cli {

int Verify(int argc, char** argv) {
  std::string package, key_hex;
  po::options_description opts("verify");
  opts.add_options()("package", po::value(&package)->required(), "the package directory, or the package as one .tar file (the HTTP API's download)")(
      "public-key", po::value(&key_hex), "the node's public key (64 hex digits, from `custos key show` on the node)");
  po::positional_options_description pos;
  pos.add("package", 1);
  po::variables_map vm;
  int rc = ParseArgs(argc, argv, opts, vm, "custos verify PACKAGE [--public-key HEX]",
                     "Checks an export package offline (a directory, or the single .tar the HTTP API hands out):\n"
                     "the manifest's signature, every file's SHA-256, no file\n"
                     "added or missing, the hash chain of the source recordings and its signed checkpoint.\n"
                     "Without --public-key the key named in the package is trusted: get the node's key\n"
                     "through another channel to know the package came from it. Exit 0 valid, 1 altered.",
                     &pos);
  if (rc >= 0) return rc;
  PackageVerifyOptions o;
  if (!key_hex.empty()) {
    auto key = ParsePublicKeyHex(key_hex);
    if (!key) return Fail("verify", key.error().With("--public-key"));
    o.expected_key = *key;
  }
  std::error_code ec;
  auto r = std::filesystem::is_regular_file(package, ec) ? VerifyPackageArchive(package, o) : VerifyPackage(package, o);
  if (!r) return Fail("verify", r.error());
  if (r->valid()) {
    std::cout << "valid: " << r->summary << "\n";
    if (!o.expected_key) std::cout << "(no --public-key given: compare the key above with the node's own)\n";
    return 0;
  }
  std::cout << "NOT VALID: " << package << " was altered:\n";
  for (const auto& p : r->problems) std::cout << "  " << p << "\n";
  return 1;
}

}  // namespace custos::cli
