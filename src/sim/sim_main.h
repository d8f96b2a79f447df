// sim_main.h: `custos sim`, and the library entry point for an in-process simulator.
//
// Provides LoadProgram (clip file -> shared RtpProgram), StartSim (load + SimServer::Start,
// used by `custos serve --demo` for its built-in demo camera) and RunSim, the command:
//   custos sim --port P --cameras N --file CLIP [--loop] [--listen ADDR]
// which prints "ready rtsp://ADDR:PORT/cam1 .. camN" on stdout once listening and runs
// until SIGINT or SIGTERM.
// Thread-safety: StartSim as SimServer::Start (the io_context's thread, or before it
// runs); RunSim from main() only.
#pragma once

#include <boost/asio/io_context.hpp>

#include <memory>
#include <string>

#include "base/status.h"
#include "sim/rtp_program.h"
#include "sim/server.h"
#include "sim/sim_options.h"

namespace custos::sim {

// Loads and packetises `clip_path` once; the result may be shared by many servers.
Result<std::shared_ptr<const RtpProgram>> LoadProgram(const std::string& clip_path,
                                                      const RtpProgramOptions& options = {});

// Loads options.clip_path and starts serving it on `io` (which the caller runs).
Result<std::unique_ptr<SimServer>> StartSim(boost::asio::io_context& io, SimOptions options);

// The `custos sim` command; argv[0] is "sim". Returns 0, 1 (failure, with what to do on
// stderr) or 2 (bad usage).
int RunSim(int argc, char** argv);

}  // namespace custos::sim
