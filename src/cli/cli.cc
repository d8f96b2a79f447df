#include "cli/cli.h"

#include <cstdlib>
#include <iostream>

namespace custos::cli {

int ParseArgs(int argc, char** argv, const po::options_description& opts, po::variables_map& vm,
              const std::string& usage, const std::string& description,
              const po::positional_options_description* positional) {
  po::options_description all(opts);
  all.add_options()("help,h", "show this help");
  try {
    auto parser = po::command_line_parser(argc, argv).options(all);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
      std::cout << "usage: " << usage << "\n\n" << description << "\n\n" << all << "\n";
      return 0;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "custos: " << e.what() << "\nusage: " << usage << "\n(try --help)\n";
    return 2;
  }
  return -1;
}

void AddDataOption(po::options_description& opts, std::string& data_dir) {
  const char* env = std::getenv("CUSTOS_DATA");
  opts.add_options()("data", po::value(&data_dir)->default_value(env ? env : "data"),
                     "data folder: catalog (custos.db) and recordings (env CUSTOS_DATA)");
}

int Fail(const std::string& command, const Status& status) {
  std::cerr << "custos " << command << ": " << status.message() << "\n";
  return 1;
}

int RunSubcommand(const std::string& command, const std::string& usage, int argc, char** argv,
                  std::initializer_list<Subcommand> subcommands) {
  if (argc < 2) {
    std::cerr << usage;
    return 2;
  }
  const std::string_view sub = argv[1];
  for (const Subcommand& s : subcommands) {
    if (s.name == sub) return s.run(argc - 1, argv + 1);
  }
  if (sub == "--help" || sub == "-h") {
    std::cout << usage;
    return 0;
  }
  std::cerr << "custos " << command << ": unknown subcommand '" << sub << "'\n" << usage;
  return 2;
}

}  // namespace custos::cli
