// `custos key show`: the node's Ed25519 public key, which verifies checkpoints and packages.
#include <cstring>
#include <iostream>

#include "cli/cli.h"
#include "crypto/node_key.h"
#include "server/data_dir.h"

namespace custos::cli {

int Key(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], "show") != 0) {
    std::cerr << "usage: custos key show [--data DIR]\n\nPrints this node's Ed25519 public key (hex). Give it to\n"
                 "whoever checks export packages (`custos verify PACKAGE --public-key HEX`).\n";
    return argc >= 2 && (!std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) ? 0 : 2;
  }
  std::string data;
  po::options_description opts("key show");
  AddDataOption(opts, data);
  po::variables_map vm;
  int rc = ParseArgs(argc - 1, argv + 1, opts, vm, "custos key show [--data DIR]",
                     "Prints this node's Ed25519 public key (64 hex digits); it is made at the first start.");
  if (rc >= 0) return rc;
  Status s = MakeDataDir(data);
  if (!s.ok()) return Fail("key show", s);
  auto key = NodeKey::LoadOrCreate(data);
  if (!key) return Fail("key show", key.error());
  std::cout << key->PublicKeyHex() << "\n";
  return 0;
}

}  // namespace custos::cli
