// cli.h: the subcommands of the `custos` binary and what they share.
//
// Each command is a function taking its own argv (argv[0] is the command name) and
// returning the process exit code: 0 success, 1 failure (the message says what to do),
// 2 bad usage. Options are parsed with Boost.Program_options; its exceptions stop here.
// Thread-safety: called from main() only.
#pragma once

#include <boost/program_options.hpp>

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>

#include "base/status.h"

namespace custos::cli {

namespace po = boost::program_options;

int Serve(int argc, char** argv);
int Camera(int argc, char** argv);
int Export(int argc, char** argv);
int Still(int argc, char** argv);
int Fsck(int argc, char** argv);
int Sim(int argc, char** argv);
int Verify(int argc, char** argv);
int Key(int argc, char** argv);
int Audit(int argc, char** argv);
int Hold(int argc, char** argv);
int Retention(int argc, char** argv);
int User(int argc, char** argv);
int Request(int argc, char** argv);
int Privacy(int argc, char** argv);
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

// One subcommand of a command group (`custos user add`): its name and what runs it with
// argv starting at the subcommand's name.
struct Subcommand {
  std::string_view name;
  std::function<int(int argc, char** argv)> run;
};

// Runs the subcommand named by argv[1]. `usage` goes to stdout for --help/-h (exit 0) and
// to stderr when the subcommand is missing or unknown (exit 2).
int RunSubcommand(const std::string& command, const std::string& usage, int argc, char** argv,
                  std::initializer_list<Subcommand> subcommands);

}  // namespace custos::cli
