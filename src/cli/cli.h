// cli.h: the subcommands of the `custos` binary and what they share.
//
// Each command is a function taking its own argv (argv[0] is the command name) and
// returning the process exit code: 0 success, 1 failure (the message says what to do),
// 2 bad usage. Options are parsed with Boost.Program_options; its exceptions stop here.
// Thread-safety: called from main() only.
#pragma once

#include <boost/program_options.hpp>

#include <functional>
#include <string>

#include "base/status.h"

namespace custos::cli {

namespace po = boost::program_options;

int Serve(int argc, char** argv);
int Camera(int argc, char** argv);
int Export(int argc, char** argv);
int Fsck(int argc, char** argv);
int Sim(int argc, char** argv);
// Govern (cmd_profile.cc, cmd_filing.cc).
int Profile(int argc, char** argv);
int Compliance(int argc, char** argv);
int Filing(int argc, char** argv);
int Document(int argc, char** argv);
int Record(int argc, char** argv);

// Parses argv against `opts`; prints --help (with `usage` and `description`) or a usage
// error. Returns -1 to go on, else the exit code to return.
int ParseArgs(int argc, char** argv, const po::options_description& opts, po::variables_map& vm,
              const std::string& usage, const std::string& description,
              const po::positional_options_description* positional = nullptr);

// Adds --data DIR (default $CUSTOS_DATA, else ./data) to `opts`.
void AddDataOption(po::options_description& opts, std::string& data_dir);

// Prints "custos <command>: <status message>" to stderr and returns 1.
int Fail(const std::string& command, const Status& status);

}  // namespace custos::cli
